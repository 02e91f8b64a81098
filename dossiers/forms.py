import re

from django import forms

from handlungsfelder.models import Aufruf, Aufrufformat, Gebietskoerperschaft, Handlungsfeld
from kern.eingaben import id_aus, ids_aus

from .models import ExportArt


class ExportForm(forms.Form):
    art = forms.ChoiceField(
        label="Was möchten Sie erstellen?",
        choices=[
            (ExportArt.DOSSIER, "Dossier (PDF) mit Deckblatt, Inhaltsverzeichnis, Zusammenfassung"),
            (ExportArt.XLSX, "Tabelle (Excel, XLSX)"),
            (ExportArt.CSV, "Tabelle (CSV, Semikolon-getrennt)"),
        ],
        widget=forms.RadioSelect,
        initial=ExportArt.DOSSIER,
    )
    auswahl = forms.ChoiceField(
        label="Welche Steckbriefe?",
        choices=[
            ("alle", "Alle eingereichten Steckbriefe, die Sie sehen dürfen"),
            ("handlungsfeld", "Ein Handlungsfeld"),
            ("gebietskoerperschaft", "Eine Gebietskörperschaft"),
            ("ids", "Bestimmte Steckbriefe (Nummern)"),
        ],
        widget=forms.RadioSelect,
        initial="alle",
    )
    handlungsfeld = forms.ModelChoiceField(
        label="Handlungsfeld", queryset=Handlungsfeld.objects.all(), required=False
    )
    gebietskoerperschaft = forms.ModelChoiceField(
        label="Gebietskörperschaft", queryset=Gebietskoerperschaft.objects.all(), required=False
    )
    ids = forms.CharField(
        label="Steckbrief-Nummern",
        required=False,
        help_text="Durch Komma oder Leerzeichen getrennt, z. B. „12, 15, 31“.",
    )
    mit_kommentaren = forms.BooleanField(
        label="Kommentare der Bewertenden aufnehmen (nur für die Geschäftsstelle)",
        required=False,
    )
    aufruf = forms.ModelChoiceField(
        label="Ideenwettbewerb (für das Dossier der Ideen)",
        queryset=Aufruf.objects.filter(format=Aufrufformat.IDEENWETTBEWERB),
        required=False,
        help_text="Alle eingereichten Ideen des Aufrufs mit den Ergebnissen der Jury; ohne "
        "Entwürfe und zurückgezogene Ideen.",
    )

    IDEEN_WAHL = (
        ExportArt.IDEEN_DOSSIER,
        "Dossier der Ideen eines Ideenwettbewerbs (PDF) mit Jury-Rangliste",
    )

    def __init__(self, *args, geschaeftsstelle: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if geschaeftsstelle:
            # The call's dossier of ideas is the Geschäftsstelle's (regeln.darf_ideendossier).
            self.fields["art"].choices = [*self.fields["art"].choices, self.IDEEN_WAHL]
        else:
            del self.fields["mit_kommentaren"]
            del self.fields["aufruf"]

    def clean_ids(self):
        text = self.cleaned_data.get("ids", "")
        if not text.strip():
            return []
        teile = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
        if not all(t.isascii() and t.isdigit() for t in teile):
            raise forms.ValidationError("Bitte nur Nummern angeben, getrennt durch Kommas.")
        if len(teile) > 5000:
            raise forms.ValidationError("Bitte höchstens 5.000 Nummern angeben.")
        unmoeglich = [t for t in teile if id_aus(t) is None]
        if unmoeglich:
            beispiel = unmoeglich[0] if len(unmoeglich[0]) <= 20 else unmoeglich[0][:20] + "…"
            raise forms.ValidationError(
                f"Einen Steckbrief mit der Nummer {beispiel} gibt es nicht. Bitte prüfen Sie "
                "die Nummern."
            )
        return ids_aus(teile)

    # The field that belongs to each choice of `auswahl`, and how a message names it.
    DETAILFELDER = {
        "handlungsfeld": "ein Handlungsfeld",
        "gebietskoerperschaft": "eine Gebietskörperschaft",
        "ids": "Steckbrief-Nummern",
    }

    def _angegeben(self, feld: str) -> bool:
        return bool(str(self.data.get(self.add_prefix(feld), "")).strip())

    def clean(self):
        """One choice, one message: a field filled in that does not belong to the chosen
        kind of selection is a contradiction (it was never exported silently); the errors of
        such a field are not shown besides."""
        daten = super().clean()
        if daten.get("art") == ExportArt.IDEEN_DOSSIER:
            return self._ideen_pruefen(daten)
        if "aufruf" in self.fields and self._angegeben("aufruf"):
            self._errors.pop("aufruf", None)
            raise forms.ValidationError(
                "Einen Ideenwettbewerb wählen Sie nur für das Dossier der Ideen. Bitte wählen "
                "Sie diese Exportart oder leeren Sie das Feld „Ideenwettbewerb“."
            )
        auswahl = daten.get("auswahl")
        if auswahl is None:
            return daten
        andere = [f for f in self.DETAILFELDER if f != auswahl and self._angegeben(f)]
        if andere:
            for feld in andere:
                self._errors.pop(feld, None)
            gewaehlt = dict(self.fields["auswahl"].choices)[auswahl]
            raise forms.ValidationError(
                f"Sie haben „{gewaehlt}“ gewählt, aber auch {self.DETAILFELDER[andere[0]]} "
                "angegeben. Bitte wählen Sie unter „Welche Steckbriefe?“ die Auswahl, die Sie "
                "meinen, oder leeren Sie das andere Feld."
            )
        if auswahl in self.DETAILFELDER and auswahl not in self._errors and not daten.get(auswahl):
            fehlt = {
                "handlungsfeld": "Bitte wählen Sie ein Handlungsfeld.",
                "gebietskoerperschaft": "Bitte wählen Sie eine Gebietskörperschaft.",
                "ids": "Bitte geben Sie mindestens eine Steckbrief-Nummer an.",
            }
            self.add_error(auswahl, fehlt[auswahl])
        return daten

    def _ideen_pruefen(self, daten: dict) -> dict:
        """The dossier of ideas: a call, and none of the Steckbrief selection's fields."""
        andere = [f for f in self.DETAILFELDER if self._angegeben(f)]
        if andere:
            for feld in andere:
                self._errors.pop(feld, None)
            raise forms.ValidationError(
                f"Das Dossier der Ideen umfasst alle Ideen eines Ideenwettbewerbs; Sie haben "
                f"aber auch {self.DETAILFELDER[andere[0]]} angegeben. Bitte leeren Sie das "
                "Feld oder wählen Sie eine andere Exportart."
            )
        if "aufruf" not in self._errors and not daten.get("aufruf"):
            self.add_error("aufruf", "Bitte wählen Sie einen Ideenwettbewerb.")
        return daten

    def parameter(self) -> dict:
        d = self.cleaned_data
        if d["art"] == ExportArt.IDEEN_DOSSIER:
            return {"aufruf": d["aufruf"].pk}
        auswahl = d["auswahl"]
        if auswahl == "handlungsfeld":
            parameter = {"handlungsfeld": d["handlungsfeld"].pk}
        elif auswahl == "gebietskoerperschaft":
            parameter = {"gebietskoerperschaft": d["gebietskoerperschaft"].pk}
        elif auswahl == "ids":
            parameter = {"ids": d["ids"]}
        else:
            parameter = {"alle": True}
        if d.get("mit_kommentaren"):
            parameter["mit_kommentaren"] = True
        return parameter
