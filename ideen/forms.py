"""The idea's form (German labels and help texts) and its team rows."""

from django import forms
from django.core.exceptions import ValidationError

from handlungsfelder.models import Gebietskoerperschaft
from konten.namen import NAME_MAX_LAENGE, name_pruefen

from .models import Idee
from .services import MAX_TEAM, pitchdeck_pruefen

HILFE = {
    "titel": "Ein kurzer, sprechender Name für Ihre Idee.",
    "kernsatz": "Was ist Ihre Idee – so, dass sie jemand ohne Vorwissen versteht? "
    "Höchstens 300 Zeichen.",
    "problem": "Welches Problem lösen Sie, für wen, und wie groß ist der Markt – heute oder in "
    "Zukunft? Höchstens 3.000 Zeichen.",
    "loesung": "Wie löst Ihre Idee das Problem, und was ist daran neu? Keine Geschäftspläne – "
    "beschreiben Sie die Technologie, Dienstleistung oder den Prozess. Höchstens 3.000 Zeichen.",
    "reifegrad": "Wie weit ist die Idee? TRL 1 ist eine beobachtete Grundlage, TRL 9 ein im "
    "Einsatz bewährtes System.",
    "gebietskoerperschaft": "Wo in der Region soll die Idee wirken oder entstehen? Optional.",
    "regionsbezug": "Was verbindet Ihre Idee mit der Region Chemnitz/Südwestsachsen? "
    "Höchstens 2.000 Zeichen.",
    "unterstuetzung": "Was brauchen Sie, um weiterzukommen (Kontakte, Flächen, Beratung, "
    "Pilotkunden …)? Optional, höchstens 2.000 Zeichen.",
}


class IdeeForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pitchdeck_datei = forms.FileField(
        label="Pitch-Deck (optional)",
        required=False,
        help_text="PDF oder PPTX. Eine neue Datei ersetzt die bisherige.",
    )
    pitchdeck_entfernen = forms.BooleanField(label="Pitch-Deck entfernen", required=False)

    class Meta:
        model = Idee
        fields = [
            "titel",
            "kernsatz",
            "problem",
            "loesung",
            "reifegrad",
            "gebietskoerperschaft",
            "regionsbezug",
            "unterstuetzung",
        ]
        help_texts = HILFE
        # The form speaks to the submitter; elsewhere (jury, admin, dossier) the field is
        # „Idee in einem Satz“.
        labels = {"kernsatz": "Ihre Idee in einem Satz"}
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "loesung": forms.Textarea(attrs={"rows": 6}),
            "regionsbezug": forms.Textarea(attrs={"rows": 4}),
            "unterstuetzung": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebietskoerperschaft"].queryset = Gebietskoerperschaft.objects.order_by("name")
        self.fields["gebietskoerperschaft"].empty_label = "keine Angabe / ganze Region"
        self.fields["reifegrad"].choices = [("", "bitte wählen")] + list(
            self.fields["reifegrad"].choices
        )[1:]
        self.fields["revision"].initial = self.instance.revision if self.instance.pk else 1
        if not (self.instance.pk and self.instance.pitchdeck):
            del self.fields["pitchdeck_entfernen"]
        for name, feld in self.fields.items():
            if name in ("revision", "pitchdeck_entfernen"):
                continue
            art = "form-select" if isinstance(feld.widget, forms.Select) else "form-control"
            feld.widget.attrs["class"] = art
            if feld.help_text:
                feld.widget.attrs["aria-describedby"] = f"id_{name}_hilfe"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = (
                    attrs.get("aria-describedby", "") + f" id_{name}_fehler"
                ).strip()

    def clean_pitchdeck_datei(self):
        upload = self.cleaned_data.get("pitchdeck_datei")
        if upload:
            pitchdeck_pruefen(upload)
        return upload


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=NAME_MAX_LAENGE, required=False, validators=[name_pruefen]
    )
    rolle = forms.CharField(label="Rolle im Team", max_length=200, required=False)

    def clean(self):
        daten = super().clean()
        if daten.get("rolle") and not daten.get("name"):
            raise ValidationError("Bitte geben Sie zur Rolle auch den Namen an.")
        return daten


TeamFormSet = forms.formset_factory(
    TeamForm, extra=2, max_num=MAX_TEAM, validate_max=True, absolute_max=MAX_TEAM
)


def team_aus(formset) -> list[tuple[str, str]]:
    return [
        (f.cleaned_data["name"].strip(), f.cleaned_data.get("rolle", "").strip())
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


class EinladungForm(forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse der Person",
        help_text="Sie erhält einen Link, mit dem sie nach der Anmeldung an der Idee mitwirkt.",
    )
