import re

from django import forms

from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
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

    def __init__(self, *args, geschaeftsstelle: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not geschaeftsstelle:
            del self.fields["mit_kommentaren"]

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

    def clean(self):
        daten = super().clean()
        auswahl = daten.get("auswahl")
        if auswahl == "handlungsfeld" and not daten.get("handlungsfeld"):
            self.add_error("handlungsfeld", "Bitte wählen Sie ein Handlungsfeld.")
        if auswahl == "gebietskoerperschaft" and not daten.get("gebietskoerperschaft"):
            self.add_error("gebietskoerperschaft", "Bitte wählen Sie eine Gebietskörperschaft.")
        if auswahl == "ids" and not daten.get("ids"):
            self.add_error("ids", "Bitte geben Sie mindestens eine Steckbrief-Nummer an.")
        return daten

    def parameter(self) -> dict:
        d = self.cleaned_data
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
