from django import forms

from .models import Kooperationsprofil, Urteil


class ProfilForm(forms.ModelForm):
    class Meta:
        model = Kooperationsprofil
        fields = ["kontakt_erlaubt", "angebot"]
        widgets = {"angebot": forms.Textarea(attrs={"rows": 3})}


class KontaktForm(forms.Form):
    nachricht = forms.CharField(
        label="Ihre Nachricht",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Die andere Seite erhält Ihre Nachricht mit Ihrem Namen, Ihrer E-Mail-Adresse "
        "und Titel und Kurzbeschreibung Ihres Vorhabens, damit sie Ihnen antworten kann.",
    )


class UrteilForm(forms.Form):
    urteil = forms.ChoiceField(label="Urteil", choices=Urteil.choices, widget=forms.RadioSelect)
    begruendung = forms.CharField(
        label="Begründung",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    benachrichtigen = forms.BooleanField(
        label="Beide Einreichenden per E-Mail benachrichtigen (nur bei „bündeln“)",
        required=False,
    )


class SchwelleForm(forms.Form):
    schwelle = forms.IntegerField(
        label="Mindestähnlichkeit (%)", min_value=10, max_value=95, initial=30, required=False
    )
