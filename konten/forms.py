import re

from django import forms
from django.core.validators import MaxLengthValidator

from .models import Organisation, User
from .namen import NAME_MAX_LAENGE, name_pruefen


class RegistrierungForm(forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS). allauth's
    adapter stores first_name/last_name itself; both are optional."""

    first_name = forms.CharField(
        label="Vorname",
        max_length=NAME_MAX_LAENGE,
        required=False,
        validators=[name_pruefen],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nachname",
        max_length=NAME_MAX_LAENGE,
        required=False,
        validators=[name_pruefen],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        """Nothing to add: the adapter has saved the names already."""


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "typ", "strasse", "plz", "ort"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "strasse": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "plz": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
            "ort": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {"name": "So, wie die Organisation offiziell heißt."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("strasse", "plz", "ort"):
            self.fields[name].required = True
        self.fields["typ"].choices = [("", "Bitte wählen …"), *self.fields["typ"].choices[1:]]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_plz(self):
        plz = self.cleaned_data["plz"].strip()
        if not re.fullmatch(r"\d{5}", plz):
            raise forms.ValidationError("Bitte geben Sie eine fünfstellige Postleitzahl an.")
        return plz


class EinladungForm(forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse der Kollegin oder des Kollegen",
        max_length=254,  # Einladung.email (EmailField); longer addresses break on PostgreSQL
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class AnmeldelinkForm(forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse Ihres Kontos",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Names appear in mails to others (invitations): names only (konten.namen).
        for feld in self.fields.values():
            feld.max_length = NAME_MAX_LAENGE
            feld.widget.attrs["maxlength"] = str(NAME_MAX_LAENGE)
            feld.validators = [*feld.validators, MaxLengthValidator(NAME_MAX_LAENGE), name_pruefen]


class KontoLoeschenForm(forms.Form):
    passwort = forms.CharField(
        label="Ihr Passwort",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Zur Sicherheit bestätigen Sie die Löschung mit Ihrem Passwort.",
    )
    bestaetigt = forms.BooleanField(
        label="Ich möchte mein Konto endgültig löschen. Das lässt sich nicht rückgängig machen.",
        error_messages={"required": "Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten."},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_passwort(self):
        passwort = self.cleaned_data["passwort"]
        if not self.user.check_password(passwort):
            raise forms.ValidationError("Das Passwort ist nicht korrekt.")
        return passwort
