"""allauth integration: where users land after login or sign-up, the context of allauth's
e-mails, and the links in them.

Every link in a mail starts with settings.SITE_URL, never with the host of the request: a
request with a forged Host header (or one that reached the portal by another name) must not
make the portal mail a link to somewhere else."""

from collections.abc import Callable
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Einladung, Mitgliedschaft

# Session key of an invitation opened before logging in or signing up.
SESSION_EINLADUNG = "konten_einladung"


# Where a person without Organisation lands after login, asked in order; the first URL
# wins. The apps above konten register here (ideen: "Meine Ideen" for people who take part
# in the Ideenwettbewerb). Each function takes the request and returns a URL or None.
_ZIELE_OHNE_ORGANISATION: list[Callable[[object], str | None]] = []


def ziel_ohne_organisation_registrieren(funktion: Callable[[object], str | None]) -> None:
    if funktion not in _ZIELE_OHNE_ORGANISATION:
        _ZIELE_OHNE_ORGANISATION.append(funktion)


def ziel_ohne_organisation(request) -> str:
    """A person without Organisation: a registered target (their ideas), else creating or
    joining an Organisation (what a Steckbrief needs)."""
    for funktion in _ZIELE_OHNE_ORGANISATION:
        if ziel := funktion(request):
            return ziel
    return reverse("konten:organisation_anlegen")


def ziel_nach_anmeldung(request) -> str | None:
    """An invitation opened before login comes first; reviewers work in the admin; a
    person without Organisation goes to what they take part in (`ziel_ohne_organisation`:
    their ideas) or creates or joins one. None: the default target."""
    user = request.user
    token = request.session.get(SESSION_EINLADUNG)
    if token:
        offen = Einladung.objects.filter(
            token=token, angenommen_am__isnull=True, gueltig_bis__gt=timezone.now()
        ).exists()
        if offen:
            return reverse("konten:einladung", kwargs={"token": token})
        del request.session[SESSION_EINLADUNG]
    if user.is_staff:
        return reverse("admin:index")
    if not Mitgliedschaft.objects.filter(user=user).exists():
        return ziel_ohne_organisation(request)
    return None


def portal_url(pfad_oder_url: str) -> str:
    """The link under SITE_URL: path, query and fragment of the given URL or path, whatever
    scheme and host it had."""
    teile = urlsplit(pfad_oder_url)
    pfad = teile.path or "/"
    if teile.query:
        pfad += f"?{teile.query}"
    if teile.fragment:
        pfad += f"#{teile.fragment}"
    return f"{settings.SITE_URL}{pfad}"


class KontoAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return ziel_nach_anmeldung(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        if request.user.is_authenticated:
            return self.get_login_redirect_url(request)
        return super().get_signup_redirect_url(request)

    # --- links in mails: always under SITE_URL -------------------------------------------

    def get_reset_password_from_key_url(self, key):
        return portal_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return portal_url(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix, email, context):
        # allauth builds some links itself from the request (e.g. signup_url in "unknown
        # account", password_reset_url in "account already exists"): put every one of
        # them under SITE_URL, too.
        kontext = {
            name: portal_url(wert) if name.endswith("_url") and isinstance(wert, str) else wert
            for name, wert in context.items()
        }
        super().send_mail(template_prefix, email, {"site_url": settings.SITE_URL, **kontext})
