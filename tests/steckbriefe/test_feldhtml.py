"""steckbriefe.feldhtml builds the form's markup in Python: it must equal what crispy-forms
and Django's widget templates render (same elements, attributes and texts)."""

import datetime
from decimal import Decimal

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.utils.datastructures import MultiValueDict

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension
from steckbriefe.feldhtml import RENDERER, feld_html, katalog_gruppen, katalog_html
from steckbriefe.forms import (
    KATALOGFELDER,
    AnlageForm,
    KatalogAuswahl,
    KatalogMehrfachauswahl,
    OrganisationForm,
    SteckbriefForm,
    meilenstein_formset,
    partner_formset,
)
from steckbriefe.models import Meilenstein, Partner
from tests.factories import final_vollstaendig

from .hilfen import dom

pytestmark = pytest.mark.django_db

DJANGO = DjangoTemplates()  # Django's own form renderer, for the reference markup

# The template the catalogue fields were rendered with before katalog_html.
KATALOG_VORLAGE = engines["django"].from_string(
    """<div id="div_{{ bf.auto_id }}" class="mb-3 katalogfeld" data-katalog="{{ bf.name }}">
  <fieldset{% if bf.help_text %} aria-describedby="{{ bf.auto_id }}_helptext"{% endif %}>
    <legend class="form-label fs-6">{{ bf.label }}</legend>
    {% if bf.help_text %}<div id="{{ bf.auto_id }}_helptext" class="form-text mb-2">{{ bf.help_text }}</div>{% endif %}
    {% if bf.errors %}{% for e in bf.errors %}<div class="invalid-feedback d-block" id="{{ bf.auto_id }}_fehler_{{ forloop.counter }}"><strong>{{ e }}</strong></div>{% endfor %}{% endif %}
    <p class="katalog-leer form-text" hidden>{% if bf.name == "zieldimensionen" %}Bitte wählen Sie zuerst ein Handlungsfeld.{% else %}Bitte wählen Sie zuerst eine Zieldimension.{% endif %}</p>
    {% for gruppe in gruppen %}
    <fieldset class="katalog-gruppe" data-gruppe="{{ gruppe.key }}">
      <legend class="h6 mt-2 mb-1">{{ gruppe.label }}</legend>
      {% for w in gruppe.optionen %}<div class="form-check">{{ w.tag }}<label class="form-check-label" for="{{ w.id_for_label }}">{{ w.choice_label }}</label></div>{% endfor %}
    </fieldset>
    {% endfor %}
  </fieldset>
</div>"""
)

FALSCH = {
    "titel": "x" * 301,
    "kurztitel": 'Kurz <b>"&"</b>',
    "ansprechperson_email": "keine-adresse",
    "ansprechperson_telefon": "??",
    "vorhabenart": "unsinn",
    "handlungsfeld": "999999",
    "weitere_handlungsfelder": ["abc"],
    "gesamtvolumen": "zwei Millionen",
    "beginn": "13/2027",
    "gesamte_region": "on",
    "datenschutz_akzeptiert": "on",
    "kernansatz": "Zeile 1\r\nZeile <2>",
    "org-plz": "12",
    "org-typ": "",
    "partner-TOTAL_FORMS": "2",
    "partner-INITIAL_FORMS": "0",
    "partner-0-name": "",
    "partner-0-rolle": "Rolle ohne Namen",
    "partner-1-name": "Partner & Co",
    "meilensteine-TOTAL_FORMS": "1",
    "meilensteine-INITIAL_FORMS": "0",
    "meilensteine-0-bezeichnung": "Start",
    "meilensteine-0-termin": "irgendwann",
}


def _formulare(sb, daten, renderer):
    """The forms of the edit page for `sb`, bound to `daten` (None: unbound)."""
    if daten is not None:
        daten = MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in daten.items()})
    kw = {"renderer": renderer} if renderer is not None else {}
    steckbrief = SteckbriefForm(daten, instance=sb, **kw)
    organisation = OrganisationForm(daten, instance=sb.organisation, **kw)
    fs_kw = {"form_kwargs": kw} if kw else {}
    partner = partner_formset(2)(daten, instance=sb, prefix="partner", **fs_kw)
    meilensteine = meilenstein_formset(1)(daten, instance=sb, prefix="meilensteine", **fs_kw)
    anlage = AnlageForm(daten, **kw)
    formulare = [steckbrief, organisation, anlage, *partner.forms, *meilensteine.forms]
    if daten is not None:
        for form in formulare:
            form.is_valid()
    return formulare


@pytest.fixture
def befuellt(sb):
    """A complete Steckbrief with catalogue selections, partners and milestones."""
    final_vollstaendig(sb)
    hf = Handlungsfeld.objects.get(code="HF1")
    zd = Zieldimension.objects.filter(handlungsfeld=hf).first()
    sb.weitere_handlungsfelder.set(Handlungsfeld.objects.exclude(pk=hf.pk)[:1])
    sb.zieldimensionen.set([zd])
    sb.teilziele.set(Teilziel.objects.filter(zieldimension=zd)[:2])
    sb.kpis.set(KPI.objects.filter(zieldimension=zd)[:1])
    sb.gebietskoerperschaften.set(Gebietskoerperschaft.objects.all()[:2])
    sb.gesamtvolumen = Decimal("2500000.50")
    sb.beginn = datetime.date(2027, 3, 1)
    sb.save()
    Partner.objects.create(steckbrief=sb, name="Stadt <Chemnitz>", rolle="Träger")
    Meilenstein.objects.create(steckbrief=sb, bezeichnung="Start", termin="2027-03-01")
    return sb


@pytest.mark.parametrize("daten", [None, FALSCH], ids=["ungebunden", "mit-fehlern"])
def test_fields_equal_crispy_forms(befuellt, daten):
    eigene = _formulare(befuellt, daten, None)
    referenz = _formulare(befuellt, daten, DJANGO)
    assert eigene[0].renderer is RENDERER and referenz[0].renderer is DJANGO
    if daten is not None:  # the data really produces errors in every kind of widget
        assert {"titel", "vorhabenart", "handlungsfeld", "weitere_handlungsfelder"} <= set(
            eigene[0].errors
        )
        assert eigene[3].errors and eigene[-1].errors
    verglichen = 0
    for form, ref in zip(eigene, referenz, strict=True):
        for name in form.fields:
            if name in KATALOGFELDER:
                continue
            assert dom(feld_html(form[name])) == dom(as_crispy_field(ref[name])), name
            verglichen += 1
    assert verglichen > 50


@pytest.mark.parametrize("daten", [None, FALSCH], ids=["ungebunden", "mit-fehlern"])
def test_catalogue_fields_equal_their_former_template(befuellt, daten):
    if daten is not None:
        daten = {**daten, "zieldimensionen": ["999999"], "kpis": ["abc"]}
    form = _formulare(befuellt, daten, None)[0]
    ref = _formulare(befuellt, daten, DJANGO)[0]
    for name in KATALOGFELDER:
        erwartet = KATALOG_VORLAGE.render({"bf": ref[name], "gruppen": katalog_gruppen(ref[name])})
        html = katalog_html(form[name])
        assert dom(html) == dom(erwartet), name
        assert html.count('type="checkbox"') == len(form.fields[name].choices) > 0
    if daten is not None:
        assert "Auswahl" in katalog_html(form["zieldimensionen"])  # the error is shown


def test_widget_markup_is_byte_identical_to_the_templates():
    class Alles(forms.Form):
        text = forms.CharField(initial='a "b" <c> & d', widget=forms.TextInput({"size": 8}))
        zahl = forms.DecimalField(initial=Decimal("1234.5"))
        lang = forms.CharField(initial="Zeile 1\nZeile <2>", widget=forms.Textarea)
        leer = forms.CharField(widget=forms.Textarea, required=False)
        wahl = forms.ChoiceField(
            choices=[("", "–"), ("Gruppe <1>", [("a", "A & B"), ("b", "B")]), ("c", "C")],
            initial="b",
        )
        an = forms.BooleanField(initial=True)
        aus = forms.BooleanField(required=False)
        verdeckt = forms.IntegerField(widget=forms.HiddenInput, initial=1234)
        radio = forms.ChoiceField(choices=[(1, "eins"), (2, "zwei <2>")], widget=forms.RadioSelect)

    eigen, ref = Alles(renderer=RENDERER), Alles(renderer=DJANGO)
    for name in eigen.fields:
        assert str(eigen[name]) == str(ref[name]), name
        for w_eigen, w_ref in zip(eigen[name].subwidgets, ref[name].subwidgets, strict=True):
            assert w_eigen.tag(wrap_label=True) == w_ref.tag(wrap_label=True), name
            assert w_eigen.tag() == w_ref.tag(), name


def test_management_form_and_error_lists_like_django(sb):
    eigen = partner_formset()(instance=sb, prefix="partner")
    ref = partner_formset()(instance=sb, prefix="partner", form_kwargs={"renderer": DJANGO})
    ref.renderer = DJANGO
    assert dom(str(eigen.management_form)) == dom(ref.management_form.render(renderer=DJANGO))
    assert str(eigen.non_form_errors()) == ""
    gebunden = partner_formset()({}, instance=sb, prefix="partner")  # tampered: no counts
    assert gebunden.non_form_errors()
    assert "errorlist" in str(gebunden.non_form_errors())  # rendered by Django's template


# --- the catalogue fields check the input against the options they list ----------------------

# {a} and {b}: primary keys of two Handlungsfelder.
EINZEL = ["{a}", " {a}", "0{a}", "abc", "{a}.0", "999999", "", None, "\x00"]
MEHRFACH = [["{a}", "{b}"], ["{a}", " {b}"], ["{b}", "{a}", "{a}"], ["abc"], ["999999"], [], "{a}"]


def _einsetzen(wert):
    a, b = Handlungsfeld.objects.values_list("pk", flat=True)[:2]
    if isinstance(wert, str):
        return wert.format(a=a, b=b)
    if isinstance(wert, list):
        return [_einsetzen(w) for w in wert]
    return wert


def _ergebnis(field, wert):
    try:
        ergebnis = field.clean(wert)
    except forms.ValidationError as fehler:
        return ("fehler", [e.code for e in fehler.error_list], fehler.messages)
    if ergebnis is None or isinstance(ergebnis, Handlungsfeld):
        return ("ok", ergebnis)
    return ("ok", list(ergebnis))


@pytest.mark.parametrize("wert", EINZEL)
def test_single_choice_accepts_and_rejects_like_django(wert):
    eigen = KatalogAuswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    wert = _einsetzen(wert)
    assert _ergebnis(eigen, wert) == _ergebnis(django_, wert)


@pytest.mark.parametrize("wert", MEHRFACH)
def test_multiple_choice_accepts_and_rejects_like_django(wert):
    eigen = KatalogMehrfachauswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelMultipleChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    wert = _einsetzen(wert)
    assert _ergebnis(eigen, wert) == _ergebnis(django_, wert)


def test_multiple_choice_rejects_a_nested_list_like_django():
    eigen = KatalogMehrfachauswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelMultipleChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    assert _ergebnis(eigen, [["1"]]) == _ergebnis(django_, [["1"]])
    assert _ergebnis(eigen, [["1"]])[1] == ["invalid_list"]


def test_catalogue_read_once_per_form(django_assert_num_queries):
    a, b, c = Handlungsfeld.objects.values_list("pk", flat=True)[:3]
    daten = MultiValueDict({"handlungsfeld": [str(a)], "weitere_handlungsfelder": [str(c), str(b)]})
    form = SteckbriefForm(daten)
    with django_assert_num_queries(1):  # both Handlungsfeld fields: one query
        assert form.is_valid(), form.errors
        html = feld_html(form["handlungsfeld"]) + feld_html(form["weitere_handlungsfelder"])
    assert form.cleaned_data["handlungsfeld"].pk == a
    assert [hf.pk for hf in form.cleaned_data["weitere_handlungsfelder"]] == [b, c]
    assert html.count(" checked") == 3
