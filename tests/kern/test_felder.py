"""kern.felder: the portal's markup of a form field. What a browser and a screen reader get:
labels tied to their controls, hints and errors named by aria-describedby, invalid controls
marked, groups as fieldsets, the input kept after a failed submit, everything escaped."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from kern.felder import Feld, PortalFeld, feld_html

from .dom import baum, beschrieben_von

BOESE = "\"><script>alert(1)</script><b x='1'>&amp;"
FARBEN = [("rot", "Rot"), ("gruen", "Grün"), ("blau", "Blau <hell>")]


class Formular(forms.Form):
    titel = forms.CharField(label="Projekttitel", max_length=20, help_text="Höchstens 20 Zeichen.")
    notiz = forms.CharField(label="Notiz", required=False)
    text = forms.CharField(label="Beschreibung", required=False, widget=forms.Textarea)
    art = forms.ChoiceField(label="Art", choices=[("", "Bitte wählen …"), *FARBEN], required=False)
    arten = forms.MultipleChoiceField(label="Arten", choices=FARBEN, required=False)
    farbe = forms.ChoiceField(
        label="Farbe", choices=FARBEN, widget=forms.RadioSelect, help_text="Eine Farbe."
    )
    farben = forms.MultipleChoiceField(
        label="Farben", choices=FARBEN, widget=forms.CheckboxSelectMultiple, required=False
    )
    zustimmung = forms.BooleanField(label="Ich stimme zu", help_text="Pflicht.")
    anzahl = forms.IntegerField(label="Anzahl", required=False, min_value=0)
    geheim = forms.IntegerField(widget=forms.HiddenInput, required=False)
    datei = forms.FileField(label="Datei", required=False)


GUELTIG = {"titel": "Reallabor", "farbe": "gruen", "zustimmung": "on"}


def _feld(form, name):
    """The rendered field `name` as an element tree."""
    return baum(feld_html(form[name]))


# --- labels, required marker -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "steuerung"),
    [("titel", "input"), ("text", "textarea"), ("art", "select"), ("arten", "select")],
)
def test_the_label_names_the_control(name, steuerung):
    form = Formular()
    wurzel = _feld(form, name)
    el = wurzel.eins(steuerung)
    label = wurzel.eins("label")
    assert el["id"] == f"id_{name}" and label["for"] == el["id"]
    assert label.text.rstrip("*") == form.fields[name].label
    assert wurzel.eins("div", id=f"div_id_{name}")  # link target of the field


def test_a_required_field_is_marked_in_its_label_and_on_the_control():
    wurzel = _feld(Formular(), "titel")
    assert wurzel.eins("label").text == "Projekttitel*"
    assert wurzel.eins("label").eins("span").text == "*"
    assert "required" in wurzel.eins("input").attrs
    frei = _feld(Formular(), "notiz")
    assert frei.eins("label").text == "Notiz"
    assert "required" not in frei.eins("input").attrs


def test_a_single_checkbox_has_its_label_after_it():
    wurzel = _feld(Formular(), "zustimmung")
    box = wurzel.eins("input")
    assert box["type"] == "checkbox" and "form-check-input" in box.klassen
    assert wurzel.eins("label")["for"] == box["id"]
    assert wurzel.eins("label").text == "Ich stimme zu*"


# --- hints and errors ------------------------------------------------------------------------


def test_the_hint_has_its_own_id_and_describes_the_control():
    wurzel = _feld(Formular(), "titel")
    el = wurzel.eins("input")
    assert el["aria-describedby"] == "id_titel_hinweis"
    assert beschrieben_von(el, wurzel) == ["Höchstens 20 Zeichen."]
    assert "aria-invalid" not in el.attrs


def test_a_field_without_hint_and_errors_is_described_by_nothing():
    el = _feld(Formular(), "notiz").eins("input")
    assert "aria-describedby" not in el.attrs


def test_errors_have_their_own_id_and_mark_the_control_invalid():
    form = Formular({**GUELTIG, "titel": "x" * 21, "anzahl": "-1"})
    assert not form.is_valid()
    wurzel = _feld(form, "titel")
    el = wurzel.eins("input")
    assert el["aria-invalid"] == "true" and "is-invalid" in el.klassen
    assert el["aria-describedby"] == "id_titel_fehler id_titel_hinweis"  # errors first
    fehler, hinweis = beschrieben_von(el, wurzel)
    assert "höchstens 20 Zeichen" in fehler and fehler.startswith("Fehler:")
    assert hinweis == "Höchstens 20 Zeichen."
    ohne_hinweis = _feld(form, "anzahl")
    assert ohne_hinweis.eins("input")["aria-describedby"] == "id_anzahl_fehler"
    assert _feld(form, "notiz").eins("input").get("aria-invalid") is None  # valid field


def test_every_error_is_listed():
    class Zwei(forms.Form):
        wert = forms.CharField(label="Wert")

        def clean_wert(self):
            raise forms.ValidationError(["Erstens falsch.", "Zweitens falsch."])

    form = Zwei({"wert": "a"})
    form.is_valid()
    fehler = _feld(form, "wert").eins(id="id_wert_fehler")
    assert [li.text for li in fehler.alle("li")] == [
        "Fehler: Erstens falsch.",
        "Fehler: Zweitens falsch.",
    ]


# --- groups ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "typ"), [("farbe", "radio"), ("farben", "checkbox")])
def test_radio_buttons_and_checkboxes_are_a_fieldset_named_by_its_legend(name, typ):
    form = Formular()
    wurzel = _feld(form, name)
    fieldset = wurzel.eins("fieldset")
    assert fieldset.eins("legend").text.rstrip("*") == form.fields[name].label
    eingaben = fieldset.alle("input")
    assert [e["type"] for e in eingaben] == [typ] * 3
    assert [e["value"] for e in eingaben] == ["rot", "gruen", "blau"]
    for e in eingaben:
        assert wurzel.eins("label", **{"for": e["id"]}).text
    assert [wurzel.eins("label", **{"for": e["id"]}).text for e in eingaben] == [
        "Rot",
        "Grün",
        "Blau <hell>",
    ]
    assert len({e["id"] for e in eingaben}) == 3


def test_the_fieldset_is_described_by_hint_and_errors_and_its_inputs_are_invalid():
    form = Formular({**GUELTIG, "farbe": "lila"})
    assert not form.is_valid()
    wurzel = _feld(form, "farbe")
    fieldset = wurzel.eins("fieldset")
    fehler, hinweis = beschrieben_von(fieldset, wurzel)
    assert "lila" in fehler and hinweis == "Eine Farbe."
    for e in fieldset.alle("input"):
        assert e["aria-invalid"] == "true" and "is-invalid" in e.klassen
        assert "checked" not in e.attrs


def test_als_optionen_leaves_the_group_to_the_template_and_describes_each_input():
    class Bewertung(forms.Form):
        bound_field_class = PortalFeld
        punkte = forms.ChoiceField(
            label="K1", choices=[(0, "0 – nichts"), (1, "1 – wenig")], widget=forms.RadioSelect
        )

    form = Bewertung({"punkte": "7"})
    form.is_valid()
    wurzel = baum(form["punkte"].als_optionen)
    assert not wurzel.alle("fieldset") and not wurzel.alle("legend")
    for e in wurzel.alle("input"):
        assert beschrieben_von(e, wurzel) == [wurzel.eins("ul").text]
        assert "7" in wurzel.eins("ul").text and e["aria-invalid"] == "true"
    assert baum(form["punkte"].als_feld).eins("fieldset")  # the whole field: with fieldset


# --- input kept after a failed submit -------------------------------------------------------------


def test_values_and_choices_are_kept_after_a_failed_submit():
    daten = {
        "titel": "x" * 21,  # invalid: the form fails
        "notiz": "Meine Notiz",
        "text": "Zeile 1\nZeile 2",
        "art": "blau",
        "arten": ["rot", "blau"],
        "farbe": "gruen",
        "farben": ["gruen", "blau"],
        "zustimmung": "on",
        "anzahl": "12",
        "geheim": "7",
    }
    from django.utils.datastructures import MultiValueDict

    form = Formular(
        MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in daten.items()})
    )
    assert not form.is_valid()
    assert _feld(form, "titel").eins("input")["value"] == "x" * 21
    assert _feld(form, "notiz").eins("input")["value"] == "Meine Notiz"
    assert _feld(form, "text").eins("textarea").roh == "\nZeile 1\nZeile 2"  # first \n: HTML
    assert [o["value"] for o in _feld(form, "art").alle("option") if "selected" in o.attrs] == [
        "blau"
    ]
    mehrfach = _feld(form, "arten").eins("select")
    assert "multiple" in mehrfach.attrs
    assert [o["value"] for o in mehrfach.alle("option") if "selected" in o.attrs] == ["rot", "blau"]
    assert [e["value"] for e in _feld(form, "farbe").alle("input") if "checked" in e.attrs] == [
        "gruen"
    ]
    assert [e["value"] for e in _feld(form, "farben").alle("input") if "checked" in e.attrs] == [
        "gruen",
        "blau",
    ]
    assert "checked" in _feld(form, "zustimmung").eins("input").attrs
    assert _feld(form, "anzahl").eins("input")["value"] == "12"
    assert _feld(form, "geheim").eins("input")["value"] == "7"


def test_initial_values_of_an_unbound_form():
    form = Formular(
        initial={"titel": "Start", "art": "rot", "farbe": "blau", "farben": ["rot"], "anzahl": 3}
    )
    assert _feld(form, "titel").eins("input")["value"] == "Start"
    assert [o["value"] for o in _feld(form, "art").alle("option") if "selected" in o.attrs] == [
        "rot"
    ]
    assert [e["value"] for e in _feld(form, "farbe").alle("input") if "checked" in e.attrs] == [
        "blau"
    ]
    assert [e["value"] for e in _feld(form, "farben").alle("input") if "checked" in e.attrs] == [
        "rot"
    ]
    assert "checked" not in _feld(form, "zustimmung").eins("input").attrs
    assert "value" not in _feld(form, "notiz").eins("input").attrs  # empty: no value


def test_grouped_choices_of_a_select_are_optgroups():
    class Gruppiert(forms.Form):
        wahl = forms.ChoiceField(
            label="Wahl",
            choices=[("", "–"), ("Gruppe <1>", [("a", "A & B"), ("b", "B")]), ("c", "C")],
            initial="b",
        )

    wurzel = _feld(Gruppiert(), "wahl")
    gruppe = wurzel.eins("optgroup")
    assert gruppe["label"] == "Gruppe <1>"
    assert [o.text for o in gruppe.alle("option")] == ["A & B", "B"]
    assert [o["value"] for o in wurzel.alle("option") if "selected" in o.attrs] == ["b"]


# --- escaping ------------------------------------------------------------------------------


def test_hostile_values_labels_and_messages_are_escaped():
    class Feindlich(forms.Form):
        text = forms.CharField(label=BOESE, help_text=BOESE, max_length=3)
        lang = forms.CharField(label="Lang", widget=forms.Textarea)
        wahl = forms.ChoiceField(label="Wahl", choices=[(BOESE, BOESE)], widget=forms.RadioSelect)
        liste = forms.ChoiceField(label="Liste", choices=[(BOESE, BOESE)])

        def clean_lang(self):
            raise forms.ValidationError(f"„{self.cleaned_data['lang']}“ geht nicht.")

    form = Feindlich({"text": BOESE, "lang": f"</textarea>{BOESE}", "wahl": BOESE, "liste": BOESE})
    assert not form.is_valid()
    html = "".join(feld_html(form[name]) for name in form.fields)
    assert "<script" not in html and "<b " not in html and html.count("</textarea>") == 1
    wurzel = baum(html)
    assert wurzel.eins("input", id="id_text")["value"] == BOESE  # the attribute holds it all
    assert wurzel.eins("label", **{"for": "id_text"}).text == BOESE + "*"
    assert wurzel.eins(id="id_text_hinweis").text == BOESE
    assert wurzel.eins("textarea").roh == f"\n</textarea>{BOESE}"
    assert BOESE in wurzel.eins(id="id_lang_fehler").text
    radio = wurzel.eins("input", id="id_wahl_0")
    assert radio["value"] == BOESE and "checked" in radio.attrs
    assert wurzel.eins("label", **{"for": "id_wahl_0"}).text == BOESE
    option = wurzel.eins("option")
    assert option["value"] == BOESE and option.text == BOESE and "selected" in option.attrs


def test_markup_a_developer_marked_safe_is_kept():
    class Sicher(forms.Form):
        feld = forms.CharField(
            label=mark_safe("Name <abbr title='Organisation'>Org.</abbr>"),  # noqa: S308
            help_text=mark_safe('Siehe <a href="/hilfe/">Hilfe</a>.'),  # noqa: S308
        )

    wurzel = _feld(Sicher(), "feld")
    assert wurzel.eins("abbr").text == "Org."
    assert wurzel.eins("a")["href"] == "/hilfe/"


# --- other widgets ---------------------------------------------------------------------------


def test_a_hidden_field_is_the_input_alone():
    html = str(feld_html(Formular(initial={"geheim": 5})["geheim"]))
    wurzel = baum(html)
    el = wurzel.eins("input")
    assert (el["type"], el["name"], el["value"], el["id"]) == ("hidden", "geheim", "5", "id_geheim")
    assert not wurzel.alle("label") and not wurzel.alle("div")


def test_a_file_input_never_shows_a_value():
    wurzel = _feld(Formular(), "datei")
    el = wurzel.eins("input")
    assert el["type"] == "file" and "value" not in el.attrs
    assert wurzel.eins("label")["for"] == el["id"]


def test_a_widget_without_a_builder_is_rendered_by_django_inside_the_frame():
    class Termin(forms.Form):
        wann = forms.SplitDateTimeField(label="Wann", help_text="Datum und Uhrzeit.")
        bis = forms.DateField(label="Bis", widget=forms.SelectDateWidget(years=[2026]))

    form = Termin({"wann_0": "kein Datum", "wann_1": "12:00"})
    form.is_valid()
    wurzel = _feld(form, "wann")
    fieldset = wurzel.eins("fieldset")  # two inputs: a group named by its legend
    assert fieldset.eins("legend").text == "Wann*"
    eingaben = fieldset.alle("input")
    assert [e["name"] for e in eingaben] == ["wann_0", "wann_1"]
    assert eingaben[0]["value"] == "kein Datum"
    assert len(beschrieben_von(fieldset, wurzel)) == 2
    for e in eingaben:
        assert e["aria-invalid"] == "true"
    wurzel = _feld(form, "bis")
    assert sorted(s["name"] for s in wurzel.eins("fieldset").alle("select")) == [
        "bis_day",
        "bis_month",
        "bis_year",
    ]


def test_a_disabled_field_is_disabled():
    class Gesperrt(forms.Form):
        wert = forms.CharField(label="Wert", disabled=True, initial="fest")

    el = _feld(Gesperrt(), "wert").eins("input")
    assert "disabled" in el.attrs and el["value"] == "fest"


def test_a_subclass_gives_the_field_another_look():
    class Schlicht(Feld):
        klassen = {**Feld.klassen, "feld": "zeile", "eingabe": "", "fehler": "errorlist"}

    form = Formular({"titel": "x" * 21})
    form.is_valid()
    wurzel = baum(Schlicht(form["titel"]).html())
    assert wurzel.eins("div", id="div_id_titel").klassen == ["zeile"]
    assert wurzel.eins("input").klassen == ["is-invalid"]
    assert wurzel.eins("ul", id="id_titel_fehler").klassen == ["errorlist"]


def test_the_widgets_own_classes_and_attributes_stay():
    class Eigen(forms.Form):
        wert = forms.CharField(
            label="Wert",
            widget=forms.TextInput(attrs={"class": "breit", "inputmode": "decimal", "size": 8}),
        )

    el = _feld(Eigen(), "wert").eins("input")
    assert el.klassen == ["form-control", "breit"]
    assert (el["inputmode"], el["size"]) == ("decimal", "8")
