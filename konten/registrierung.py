"""allauth's sign-up form with the same work on both paths (ACCOUNT_FORMS["signup"]).

With ACCOUNT_PREVENT_ENUMERATION allauth answers a sign-up with a registered address like a
new one ("Bestätigungsmail gesendet") and mails the owner instead. But only the new path
hashed the password, which is the slow part: the answer came ten times faster for a
registered address. Here the registered path hashes the password, too (and throws it away),
and both paths send exactly one mail (confirmation, or allauth's "account already exists")."""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password


class AnmeldeFormular(SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # The work of user.set_password() on the new path (result discarded).
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
