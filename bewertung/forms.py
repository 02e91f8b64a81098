"""Forms of the Bewertung pages and admin actions (German labels and messages)."""

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from handlungsfelder.models import Gebietskoerperschaft
from kern.felder import Feld, PortalFeld
from steckbriefe.models import Entscheidung

from .models import SKALA_MAX, SKALA_MIN, Bewertung
from .services import Eingabe, gewichte_fehler, personen_zur_auswahl

PUNKTE_FEHLER = f"Bitte wählen Sie eine Punktzahl von {SKALA_MIN} bis {SKALA_MAX}."


class AdminFeld(Feld):
    """The portal's field markup (kern.felder) in the look of the admin, which serves no
    Bootstrap: its error list, bewertung.css for hints and the scale."""

    klassen = {
        **Feld.klassen,
        "feld": "",
        "label": "",
        "legende": "",
        "pflicht": "",
        "eingabe": "",
        "auswahl": "",
        "optionen": "",
        "option": "",
        "option_eingabe": "",
        "option_label": "",
        "hinweis": "bw-klein",
        "fehler": "errorlist",
        "ungueltig": "",
    }


class AdminPortalFeld(PortalFeld):
    darstellung = AdminFeld


class BewertungForm(forms.Form):
    """One score (0–5, radio buttons with the scale labels) and one justification per
    active criterion, the overall recommendation and a comment. Drafts may be incomplete;
    completeness is checked when finalising (services.fehlt_zum_abschluss).
    The page renders the fields with kern.felder: `{{ form.x.als_feld }}`, and the radio
    buttons of a score with `als_optionen` inside the criterion's own fieldset."""

    bound_field_class = AdminPortalFeld
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    empfehlung = forms.ChoiceField(
        label="Gesamtempfehlung",
        choices=[("", "– bitte wählen –"), *Bewertung.Empfehlung.choices],
        required=False,
    )
    kommentar = forms.CharField(
        label="Kommentar",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, kriterien, stufen, **kwargs):
        super().__init__(*args, **kwargs)
        self.kriterien = list(kriterien)
        skala = [(s.wert, f"{s.wert} – {s.bezeichnung}") for s in stufen] or [
            (w, str(w)) for w in range(SKALA_MIN, SKALA_MAX + 1)
        ]
        for k in self.kriterien:
            self.fields[f"wert_{k.pk}"] = forms.TypedChoiceField(
                label=f"{k.code} {k.name}",
                choices=skala,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": PUNKTE_FEHLER},
            )
            self.fields[f"begruendung_{k.pk}"] = forms.CharField(
                label=f"Begründung zu {k.code}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Pflicht bei 0, 1 und 5 Punkten.",
            )

    def fehler_zusammenfassung(self) -> list[tuple[str, str]]:
        """The errors of the form for the summary above it: (text, id of the control to
        jump to, "" for errors of the whole form), in the order of the fields."""
        if not self.is_bound or not self.errors:
            return []
        eintraege = [(str(e), "") for e in self.non_field_errors()]
        for name, feld in self.fields.items():
            for meldung in self.errors.get(name, []):
                ziel = (
                    f"id_{name}_0" if isinstance(feld.widget, forms.RadioSelect) else f"id_{name}"
                )
                eintraege.append((f"{feld.label}: {meldung}", ziel))
        return eintraege

    def zeilen(self):
        """(Kriterium, score field, justification field) per criterion, for the template."""
        return [(k, self[f"wert_{k.pk}"], self[f"begruendung_{k.pk}"]) for k in self.kriterien]

    def eingaben(self) -> dict[int, Eingabe]:
        return {
            k.pk: Eingabe(
                self.cleaned_data.get(f"wert_{k.pk}"),
                self.cleaned_data.get(f"begruendung_{k.pk}", ""),
            )
            for k in self.kriterien
        }

    @staticmethod
    def initial_fuer(bewertung: Bewertung) -> dict:
        initial = {
            "version": bewertung.version,
            "empfehlung": bewertung.empfehlung,
            "kommentar": bewertung.kommentar,
        }
        if bewertung.pk:
            for e in bewertung.einzeln.all():
                initial[f"wert_{e.kriterium_id}"] = e.wert
                initial[f"begruendung_{e.kriterium_id}"] = e.begruendung
        return initial


class BefangenheitForm(forms.Form):
    grund = forms.CharField(
        label="Grund der Befangenheit",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Bitte geben Sie den Grund der Befangenheit an."},
    )


class RueckfrageForm(forms.Form):
    frage = forms.CharField(
        label="Rückfrage an die Einreichenden",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Bitte formulieren Sie die Rückfrage an die Einreichenden."},
    )


class WiederOeffnenForm(forms.Form):
    bewertung = forms.IntegerField(widget=forms.HiddenInput)
    grund = forms.CharField(
        label="Grund",
        max_length=2000,
        widget=forms.TextInput(attrs={"size": 40}),
        error_messages={
            "required": "Bitte geben Sie an, warum die Bewertung wieder geöffnet wird."
        },
    )


class EntscheidungForm(forms.Form):
    """The decision, its justification (mailed with the notice when it is released) and
    the exception for Steckbriefe that are not fully reviewed: ticked and justified, or
    not at all."""

    entscheidung = forms.ChoiceField(
        label="Entscheidung",
        choices=[("", "– bitte wählen –"), *Entscheidung.choices],
        error_messages={"required": "Bitte wählen Sie eine Entscheidung."},
    )
    begruendung = forms.CharField(
        label="Begründung",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Bitte begründen Sie die Entscheidung."},
        help_text="Geht mit dem Bescheid an die Einreichenden, sobald Sie die Bescheide versenden.",
    )
    ausnahme = forms.BooleanField(
        label="Auch noch nicht vollständig bewertete Steckbriefe entscheiden (Ausnahme)",
        required=False,
    )
    ausnahme_grund = forms.CharField(
        label="Begründung der Ausnahme",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wird im Protokoll jedes betroffenen Steckbriefs festgehalten; nicht Teil "
        "des Bescheids.",
    )

    def clean(self):
        daten = super().clean()
        grund = (daten.get("ausnahme_grund") or "").strip()
        if daten.get("ausnahme") and not grund:
            self.add_error("ausnahme_grund", "Bitte begründen Sie die Ausnahme.")
        elif grund and not daten.get("ausnahme"):
            self.add_error(
                "ausnahme",
                "Bitte bestätigen Sie die Ausnahme ausdrücklich – oder lassen Sie ihre "
                "Begründung leer.",
            )
        return daten

    def ausnahme_text(self) -> str:
        """The exception's justification if it was confirmed, else "" (no exception)."""
        if not self.cleaned_data.get("ausnahme"):
            return ""
        return self.cleaned_data.get("ausnahme_grund", "").strip()


class PruefendeForm(forms.Form):
    gebiete = forms.ModelMultipleChoiceField(
        label="Wirtschaftsförderungen",
        queryset=Gebietskoerperschaft.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="z. B. eine zweite Gebietskörperschaft für eine Kreuzbewertung",
    )
    personen = forms.ModelMultipleChoiceField(
        label="Einzelne Personen",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="z. B. die Geschäftsstelle selbst",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personen"].queryset = personen_zur_auswahl()

    def clean(self):
        daten = super().clean()
        if not daten.get("gebiete") and not daten.get("personen"):
            raise forms.ValidationError(
                "Bitte wählen Sie mindestens eine Wirtschaftsförderung oder Person."
            )
        return daten


class FristForm(forms.Form):
    bis = forms.DateField(
        label="Bearbeitung verlängert bis",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Bitte geben Sie ein Datum an.",
            "invalid": "Bitte geben Sie ein gültiges Datum an.",
        },
    )

    def clean_bis(self):
        bis = self.cleaned_data["bis"]
        if bis < timezone.localdate():
            raise forms.ValidationError("Bitte wählen Sie ein Datum ab heute.")
        return bis


class WiederOeffnenAktionForm(forms.Form):
    grund = WiederOeffnenForm.base_fields["grund"]


class _BenannteZeilen:
    """A tabular inline's cells have no <label> (the column header is not tied to them):
    each control is named by its column and row (aria-label), e.g. „Gewicht (%), Zeile 2“."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        zeile = "neue Zeile" if index is None else f"Zeile {index + 1}"
        for feld in form.fields.values():
            if not feld.widget.is_hidden:
                feld.widget.attrs.setdefault("aria-label", f"{feld.label}, {zeile}")


class KriteriumFormSet(_BenannteZeilen, BaseInlineFormSet):
    """Weights of the active criteria must add up to 100."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        summe = 0
        for form in self.forms:
            daten = getattr(form, "cleaned_data", None) or {}
            if not daten or daten.get("DELETE"):
                continue
            if daten.get("aktiv"):
                summe += daten.get("gewicht") or 0
        fehler = gewichte_fehler(summe)
        if fehler:
            raise forms.ValidationError(fehler)


class SkalenstufeFormSet(_BenannteZeilen, BaseInlineFormSet):
    """The scale has exactly the steps 0 to 5, each with a label."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        werte = sorted(
            form.cleaned_data["wert"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("wert") is not None
        )
        if werte != list(range(SKALA_MIN, SKALA_MAX + 1)):
            raise forms.ValidationError(
                f"Die Skala braucht genau die Stufen {SKALA_MIN} bis {SKALA_MAX}, jede einmal."
            )
