"""allauth integration: where users land after login or sign-up, and the context of
allauth's e-mails."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Einladung, Mitgliedschaft

# Session key of an invitation opened before logging in or signing up.
SESSION_EINLADUNG = "konten_einladung"


def ziel_nach_anmeldung(request) -> str | None:
    """An invitation opened before login comes first; reviewers work in the admin; a
    submitter without Organisation creates or joins one. None: the default target."""
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
        return reverse("konten:organisation_anlegen")
    return None


class KontoAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return ziel_nach_anmeldung(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        if request.user.is_authenticated:
            return self.get_login_redirect_url(request)
        return super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {"site_url": settings.SITE_URL, **context})
