"""The submitter form "Steckbrief bearbeiten": one ModelForm for the Steckbrief, one for the
Organisation (Träger), inline formsets for Partner and Meilensteine and an upload form.

Nothing is required here: a draft can be saved at any time. What a submission needs is
decided by steckbriefe.pruefung; this module only validates what was entered (formats,
amounts, dates, catalogue consistency)."""

import copy
import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator, inlineformset_factory

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension
from kern.formate import betrag, groesse
from konten.models import Organisation

from . import anlagen
from .abschnitte import ABSCHNITTE, formularfelder
from .models import Meilenstein, Partner, Steckbrief
from .pruefung import F_FELDER, V_FELDER

LANGTEXT_MAX = 10_000

# --- custom fields ----------------------------------------------------------------------

_TAUSENDER = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GANZ = re.compile(r"^\d+$")
_PUNKT_DEZIMAL = re.compile(r"^\d+\.\d{1,2}$")


def euro_parsen(text: str) -> Decimal | None:
    """German amount input → Decimal. '2.500.000', '2500000,50', '2.500.000,50 €',
    '2500000.50' and '1.000,-' are accepted; raises ValueError otherwise."""
    s = (text or "").strip()
    for weg in ("€", "EUR", "Euro", "\u00a0", "\u202f", " ", "'"):
        s = s.replace(weg, "")
    if not s:
        return None
    if s[0] in "-−–":
        raise ValueError("negativ")
    s = s.removesuffix(",-").removesuffix(",--")
    if "," in s:
        ganz, _, nachkomma = s.rpartition(",")
        if not re.fullmatch(r"\d{1,2}", nachkomma):
            raise ValueError("format")
        if not (_GANZ.match(ganz) or _TAUSENDER.match(ganz)):
            raise ValueError("format")
        zahl = ganz.replace(".", "") + "." + nachkomma
    elif _TAUSENDER.match(s):
        zahl = s.replace(".", "")
    elif _GANZ.match(s) or _PUNKT_DEZIMAL.match(s):
        zahl = s
    else:
        raise ValueError("format")
    try:
        return Decimal(zahl)
    except InvalidOperation as exc:
        raise ValueError("format") from exc


def euro_anzeigen(value) -> str:
    """Decimal → '2.500.000' or '2.500.000,50' for the input field."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        return str(value)  # the user's own input, kept as typed
    return betrag(value)


class EuroFeld(forms.CharField):
    """Amount in EUR with German input; Decimal(≥ 0, 2 decimals, < 1 trillion)."""

    default_error_messages = {
        "format": "Bitte geben Sie einen Betrag in Euro an, z. B. 2.500.000 oder 2500000,50.",
        "negativ": "Bitte geben Sie keinen negativen Betrag an.",
        "zu_gross": "Der Betrag ist zu groß.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "30"

    def prepare_value(self, value):
        return euro_anzeigen(value)

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["format"], code="format")
        try:
            betrag = euro_parsen(text)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages[str(exc)], code=str(exc)) from exc
        if betrag is not None and betrag >= Decimal("1e12"):
            raise forms.ValidationError(self.error_messages["zu_gross"], code="zu_gross")
        return betrag


_MONAT_JAHR = [
    re.compile(r"^(?P<m>\d{1,2})\s*[./-]\s*(?P<j>\d{4})$"),
    re.compile(r"^(?P<j>\d{4})-(?P<m>\d{1,2})$"),
    re.compile(r"^\d{1,2}\.(?P<m>\d{1,2})\.(?P<j>\d{4})$"),
]


class MonatJahrFeld(forms.CharField):
    """Month and year ('03/2027', '3.2027', '2027-03') → date on the 1st of the month."""

    default_error_messages = {
        "format": "Bitte geben Sie Monat und Jahr an, z. B. 03/2027.",
        "monat": "Einen Monat {monat} gibt es nicht. Bitte geben Sie einen Monat von 1 bis 12 an.",
        "jahr": "Bitte geben Sie ein Jahr zwischen 2000 und 2100 an.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "MM/JJJJ", "autocomplete": "off", "size": 8}),
        )
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "12"

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%m/%Y}"
        return value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 12:
            raise forms.ValidationError(self.error_messages["format"], code="format")
        for muster in _MONAT_JAHR:
            treffer = muster.match(text)
            if treffer:
                monat, jahr = int(treffer["m"]), int(treffer["j"])
                if not 1 <= monat <= 12:
                    raise forms.ValidationError(
                        self.error_messages["monat"].format(monat=monat), code="monat"
                    )
                if not 2000 <= jahr <= 2100:
                    raise forms.ValidationError(self.error_messages["jahr"], code="jahr")
                return datetime.date(jahr, monat, 1)
        raise forms.ValidationError(self.error_messages["format"], code="format")


class Hoechstlaenge(MaxLengthValidator):
    """The length limit of a text, with a German message that says by how much it is
    too long (the text is kept in the form, never cut)."""

    def __call__(self, value):
        laenge = self.clean(value)
        if laenge > self.limit_value:
            raise forms.ValidationError(
                f"Der Text ist {laenge} Zeichen lang, erlaubt sind höchstens "
                f"{self.limit_value}. Bitte kürzen Sie ihn um {laenge - self.limit_value} "
                "Zeichen.",
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": laenge},
            )


def ohne_abschneiden(form) -> None:
    """No `maxlength` on the form's inputs: the browser would cut pasted text silently
    (issue 12, item 3). The limit moves to `data-maxlength` (the character counter of
    steckbrief.js reads it) and is checked on the server with a German message."""
    for field in form.fields.values():
        grenze = field.widget.attrs.pop("maxlength", None)
        if grenze is None:
            continue
        field.widget.attrs["data-maxlength"] = grenze
        field.validators = [
            Hoechstlaenge(v.limit_value) if type(v) is MaxLengthValidator else v
            for v in field.validators
        ]


class TextFeld(forms.CharField):
    """Multi-line text; line breaks normalised to \\n so that the browser's maxlength and
    the server agree on the length."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class KatalogCheckboxen(forms.CheckboxSelectMultiple):
    """Checkboxes that carry their catalogue group (Handlungsfeld or Zieldimension), so the
    template can group them in fieldsets and the JavaScript can filter them."""

    def __init__(self, gruppe, attrs=None):
        self.gruppe = gruppe  # instance → (key, label)
        super().__init__(attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            key, gruppe_label = self.gruppe(instance)
            option["attrs"]["data-gruppe"] = str(key)
            option["gruppe"] = (key, gruppe_label)
        return option


class VorgeladenIterator(ModelChoiceIterator):
    """Options from the queryset's result cache. Django's own iterator runs the query
    afresh (QuerySet.iterator()) every time the options are listed; this one reads the
    catalogue once per field, however often the template lists it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _Katalog:
    """A choice field over a small catalogue: its options are read once per form (one
    query, shared between fields with `teilen`), and the input is checked against them
    instead of by further queries. Errors as in Django's own fields."""

    iterator = VorgeladenIterator

    def teilen(self, queryset) -> None:
        """List the options of `queryset` itself (not of a copy), so that two fields
        offering the same catalogue share one query."""
        self._queryset = queryset
        self.widget.choices = self.choices

    def _optionen(self) -> dict:
        return {obj.pk: obj for obj in self.queryset}

    def _pk(self, value):
        """The input as a primary key; ValidationError, ValueError or TypeError if it is
        none (like the database lookup Django's fields make)."""
        return self.queryset.model._meta.pk.to_python(value)


class KatalogAuswahl(_Katalog, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = value.pk
        try:
            return self._optionen()[self._pk(value)]
        except (KeyError, ValueError, TypeError, forms.ValidationError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class KatalogMehrfachauswahl(_Katalog, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        """The chosen objects (a list in catalogue order)."""
        try:
            value = frozenset(value)
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for pk in value:
            self.validate_no_null_characters(pk)
            try:
                self._pk(pk)
            except (ValueError, TypeError, forms.ValidationError):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                ) from None
        optionen = self._optionen()
        vorhanden = {str(pk) for pk in optionen}
        for val in value:
            if str(val) not in vorhanden:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": val},
                )
        gewaehlt = {str(v) for v in value}
        return [obj for pk, obj in optionen.items() if str(pk) in gewaehlt]


def _hf_gruppe(zd):
    return zd.handlungsfeld_id, str(zd.handlungsfeld)


def _zd_gruppe(obj):
    return obj.zieldimension_id, str(obj.zieldimension)


# --- the forms --------------------------------------------------------------------------

V_NAMEN = {f for f, _, _ in V_FELDER} | {"gebietskoerperschaften", "datenschutz_akzeptiert"}
F_NAMEN = {f for f, _, _ in F_FELDER} | {"zieldimensionen", "gesamtvolumen"}

PFLICHT_TEXT = {
    "V": "Pflichtangabe (schon für den vorläufigen Steckbrief).",
    "F": "Pflichtangabe für den finalen Steckbrief.",
}


def _pflicht_markieren(field, art: str) -> None:
    field.pflicht = art
    field.help_text = " ".join(x for x in [str(field.help_text or ""), PFLICHT_TEXT[art]] if x)


def _bitte_waehlen(field) -> None:
    field.choices = [("", "Bitte wählen …")] + [c for c in field.choices if c[0] != ""]


TELEFON = RegexValidator(
    r"^[0-9+()/ .\-]{3,50}$",
    "Bitte geben Sie eine Telefonnummer an (Ziffern, Leerzeichen und + / - ( ) .).",
)

LANGTEXTE = [
    "orte",
    "ausgangssituation",
    "ziele",
    "vision",
    "kernansatz",
    "transformationsbezug",
    "zusatzeffekt",
    "strahlkraft",
    "breitenwirkung",
    "nachhaltigkeit",
    "gesuchte_partner",
    "foerderprogramme",
    "finanzierungsplan",
]

# Sections of the form: (anchor id, heading, fields of SteckbriefForm in this order).


class SteckbriefForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    kurzbeschreibung = TextFeld(
        label="Kurzbeschreibung",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Höchstens 1000 Zeichen.",
    )
    beginn = MonatJahrFeld(label="Geplanter Beginn (Monat/Jahr)", required=False)
    ende = MonatJahrFeld(label="Geplantes Ende (Monat/Jahr)", required=False)
    gesamtvolumen = EuroFeld(label="Gesamtvolumen (EUR)", required=False)
    eigenanteil = EuroFeld(label="davon Eigenanteil (EUR)", required=False)
    foerdermittel = EuroFeld(label="davon beantragte/benötigte Fördermittel (EUR)", required=False)
    jaehrliche_kosten = EuroFeld(label="Jährliche Kosten (EUR p. a.)", required=False)
    handlungsfeld = KatalogAuswahl(
        label="Federführendes Handlungsfeld",
        queryset=Handlungsfeld.objects.all(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Genau ein Handlungsfeld ist federführend.",
    )
    weitere_handlungsfelder = KatalogMehrfachauswahl(
        label="Weitere berührte Handlungsfelder",
        queryset=Handlungsfeld.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    zieldimensionen = KatalogMehrfachauswahl(
        label="Zieldimensionen",
        queryset=Zieldimension.objects.select_related("handlungsfeld"),
        required=False,
        widget=KatalogCheckboxen(_hf_gruppe),
        help_text="Nur Zieldimensionen der gewählten Handlungsfelder.",
    )
    teilziele = KatalogMehrfachauswahl(
        label="Angesprochene Teilziele",
        queryset=Teilziel.objects.select_related("zieldimension"),
        required=False,
        widget=KatalogCheckboxen(_zd_gruppe),
        help_text="Nur Teilziele der gewählten Zieldimensionen.",
    )
    kpis = KatalogMehrfachauswahl(
        label="Angesprochene KPIs",
        queryset=KPI.objects.select_related("zieldimension"),
        required=False,
        widget=KatalogCheckboxen(_zd_gruppe),
        help_text="Nur KPIs der gewählten Zieldimensionen.",
    )
    gebietskoerperschaften = KatalogMehrfachauswahl(
        label="Standort(e): Gebietskörperschaft(en)",
        queryset=Gebietskoerperschaft.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Eine oder mehrere Gebietskörperschaften – oder oben „Gesamte Region“.",
    )

    class Meta:
        model = Steckbrief
        fields = formularfelder()
        widgets = {
            "orte": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["revision"] = self.instance.revision
        # Both Handlungsfeld fields list the same catalogue: one query.
        self.fields["weitere_handlungsfelder"].teilen(self.fields["handlungsfeld"].queryset)
        for name in LANGTEXTE:
            model_field = self.fields[name]
            self.fields[name] = TextFeld(
                label=model_field.label,
                required=False,
                max_length=LANGTEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2 if name == "orte" else 5}),
                help_text=model_field.help_text,
            )
        self.fields["ansprechperson_telefon"].validators.append(TELEFON)
        for name in ("vorhabenart", "reifegrad"):
            _bitte_waehlen(self.fields[name])
        for name, field in self.fields.items():
            if name in V_NAMEN:
                _pflicht_markieren(field, "V")
            elif name in F_NAMEN:
                _pflicht_markieren(field, "F")
        ohne_abschneiden(self)

    def _get_validation_exclusions(self):
        # The one private Django hook left in the portal, on purpose: ModelForm has no public
        # way to skip the model's re-check of a field the form validated already. The
        # Handlungsfeld was checked against the catalogue; the model's check of the foreign
        # key would look it up once more (the page with kept input would need 21 queries,
        # over the pinned 20 of tests/steckbriefe/test_dashboard.py).
        return super()._get_validation_exclusions() | {"handlungsfeld"}

    # Choices shown and accepted depend on the chosen Handlungsfelder / Zieldimensionen.
    def _gewaehlte_hf_ids(self) -> set[int]:
        ids = {hf.pk for hf in self.cleaned_data.get("weitere_handlungsfelder") or []}
        if self.cleaned_data.get("handlungsfeld"):
            ids.add(self.cleaned_data["handlungsfeld"].pk)
        return ids

    def clean(self):
        data = super().clean()
        hf = data.get("handlungsfeld")
        weitere = data.get("weitere_handlungsfelder") or []
        if hf and hf in weitere:
            self.add_error(
                "weitere_handlungsfelder",
                f"„{hf.name}“ ist bereits das federführende Handlungsfeld. Bitte wählen Sie es "
                "hier nicht noch einmal.",
            )
        hf_ids = self._gewaehlte_hf_ids()
        zds = data.get("zieldimensionen")
        if zds is not None:
            fremd = [zd.code for zd in zds if zd.handlungsfeld_id not in hf_ids]
            if fremd:
                self.add_error(
                    "zieldimensionen",
                    f"Diese Zieldimensionen gehören zu keinem gewählten Handlungsfeld: "
                    f"{', '.join(fremd)}. Wählen Sie das Handlungsfeld dazu oder entfernen Sie "
                    "die Auswahl.",
                )
            zd_ids = {zd.pk for zd in zds}
            for name, art in (("teilziele", "Teilziele"), ("kpis", "KPIs")):
                fremd = [str(o) for o in data.get(name) or [] if o.zieldimension_id not in zd_ids]
                if fremd:
                    self.add_error(
                        name,
                        f"Diese {art} gehören zu keiner gewählten Zieldimension: "
                        f"{'; '.join(fremd)}. Wählen Sie die Zieldimension dazu oder entfernen "
                        "Sie die Auswahl.",
                    )
        beginn, ende = data.get("beginn"), data.get("ende")
        if beginn and ende and ende < beginn:
            self.add_error("ende", "Das Ende darf nicht vor dem Beginn liegen.")
        gesamt = data.get("gesamtvolumen")
        eigen, foerder = data.get("eigenanteil"), data.get("foerdermittel")
        if gesamt is not None and (eigen is not None or foerder is not None):
            summe = (eigen or Decimal(0)) + (foerder or Decimal(0))
            if summe > gesamt:
                self.add_error(
                    "foerdermittel",
                    f"Eigenanteil und Fördermittel ({euro_anzeigen(summe)} €) dürfen zusammen "
                    f"nicht mehr als das Gesamtvolumen ({euro_anzeigen(gesamt)} €) betragen.",
                )
        return data

    def abschnitt_felder(self, abschnitt_id: str) -> list:
        for aid, _, felder in ABSCHNITTE:
            if aid == abschnitt_id:
                return [self[f] for f in felder]
        return []


PLZ = RegexValidator(r"^\d{5}$", "Bitte geben Sie eine fünfstellige Postleitzahl an.")


class OrganisationForm(forms.ModelForm):
    """The Träger: name, type and address of the submitting Organisation (shared by all
    its Steckbriefe). V needs name and type, F the address."""

    class Meta:
        model = Organisation
        fields = ["name", "typ", "strasse", "plz", "ort"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "org")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["plz"].validators.append(PLZ)
        _bitte_waehlen(self.fields["typ"])
        for name in ("name", "typ"):
            _pflicht_markieren(self.fields[name], "V")
        for name in ("strasse", "plz", "ort"):
            _pflicht_markieren(self.fields[name], "F")
        ohne_abschneiden(self)

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        if not name and self.instance.name:
            raise forms.ValidationError("Bitte geben Sie den Namen der Organisation an.")
        return name

    def clean_typ(self):
        typ = self.cleaned_data.get("typ") or ""
        if not typ and self.instance.typ:
            raise forms.ValidationError("Bitte wählen Sie den Organisationstyp.")
        return typ


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "rolle", "zusage"]
        labels = {"name": "Name des Partners"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ohne_abschneiden(self)


class MeilensteinForm(forms.ModelForm):
    termin = MonatJahrFeld(label="Termin (Monat/Jahr)")

    class Meta:
        model = Meilenstein
        fields = ["bezeichnung", "termin"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ohne_abschneiden(self)


class ZeilenId(forms.ModelChoiceField):
    """The hidden id of a formset row. An id of the formset's own rows is taken from them
    (Django's field looks every row up in the database once more); any other id is
    checked as Django does."""

    def __init__(self, *args, finden, **kwargs):
        super().__init__(*args, **kwargs)
        self.finden = finden

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                zeile = self.finden(self.queryset.model._meta.pk.to_python(value))
            except forms.ValidationError:
                zeile = None
            if zeile is not None:
                return zeile
        return super().to_python(value)


class ReihenfolgeFormSet(BaseInlineFormSet):
    """Rows keep the order in which they were entered. The rows prefetched with the
    Steckbrief (darstellung.mit_allem) are used instead of a query of their own."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            name = self.fk.remote_field.get_accessor_name()
            vorgeladen = getattr(self.instance, "_prefetched_objects_cache", {}).get(name)
            ordnung = list(self.model._meta.ordering)
            if vorgeladen is not None and list(vorgeladen.query.order_by or ordnung) == ordnung:
                # Copies: validating the rows must not change the Steckbrief's own.
                self._queryset = [copy.copy(obj) for obj in vorgeladen]
        return super().get_queryset()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        feld = form.fields.get(name)
        if type(feld) is forms.ModelChoiceField:
            form.fields[name] = ZeilenId(
                feld.queryset,
                finden=self._existing_object,
                initial=feld.initial,
                required=False,
                widget=feld.widget,
            )

    def save(self, commit=True):
        objekte = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        position = {id(f.instance): i for i, f in enumerate(self.forms)}
        for obj in objekte:
            obj.reihenfolge = position.get(id(obj), 0)
            obj.save()
        return objekte


MAX_ZEILEN = 30


def partner_formset(extra: int = 1):
    return inlineformset_factory(
        Steckbrief,
        Partner,
        form=PartnerForm,
        formset=ReihenfolgeFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_ZEILEN,
        validate_max=True,
    )


def meilenstein_formset(extra: int = 1):
    return inlineformset_factory(
        Steckbrief,
        Meilenstein,
        form=MeilensteinForm,
        formset=ReihenfolgeFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_ZEILEN,
        validate_max=True,
    )


class AnlageForm(forms.Form):
    """One new attachment; checked by content and against the limits."""

    datei = forms.FileField(
        label="Datei hinzufügen",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, belegt: int = 0, **kwargs):
        kwargs.setdefault("prefix", "anlage")
        super().__init__(*args, **kwargs)
        self.belegt = belegt
        from django.conf import settings

        self.fields["datei"].help_text = (
            f"Erlaubt sind {anlagen.ERLAUBT_TEXT}, höchstens "
            f"{groesse(settings.ANLAGE_MAX_BYTES)} je Datei und "
            f"{groesse(settings.ANLAGEN_MAX_BYTES_JE_STECKBRIEF)} je Steckbrief."
        )

    def clean_datei(self):
        datei = self.cleaned_data.get("datei")
        if datei:
            self.dateityp = anlagen.pruefe_datei(datei, self.belegt)
        return datei
