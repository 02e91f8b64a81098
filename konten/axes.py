"""django-axes: the client's address, the login name, and the lockout by address.

Address: behind the TLS proxy every request comes from the proxy, so REMOTE_ADDR is the
same for everybody and one attacker could lock out anyone. With TRUSTED_PROXY_COUNT = n
(docker-compose: 1) the client is the n-th address from the right in X-Forwarded-For,
which the trusted proxies wrote; anything further left was sent by the client and is
ignored. Without trusted proxies (0, the default) the header is ignored entirely.

Lockout: by address and account (AXES_LOCKOUT_PARAMETERS, AXES_FAILURE_LIMIT failures)
and by address alone (AXES_ADRESSE_LIMIT failures over all accounts), never by account
alone: failures from another address do not lock the owner out. While locked, the owner
can ask for a one-time login link by e-mail (konten.anmeldelink).

Login name: the portal login (allauth) posts the address as "login" and authenticates with
email=…; the admin login posts and authenticates with username=…. Names are compared
case-insensitively, so that changing the case does not reset the count."""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def login_name(request, credentials: dict | None) -> str:
    for key in ("username", "email", "login"):
        value = (credentials or {}).get(key)
        if value:
            return str(value).strip().lower()
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    for key in ("login", "username"):
        value = data.get(key)
        if value:
            return str(value).strip().lower()
    return ""


def _adresse(wert: str) -> str | None:
    try:
        return str(ipaddress.ip_address(wert.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address (AXES_CLIENT_IP_CALLABLE; allauth uses the same rule through
    ALLAUTH_TRUSTED_PROXY_COUNT)."""
    direkt = request.META.get("REMOTE_ADDR", "")
    anzahl = settings.TRUSTED_PROXY_COUNT
    if anzahl <= 0:
        return direkt
    kette = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(kette) < anzahl:
        # Not through the proxies (or a misconfigured one): the direct peer.
        return direkt
    return _adresse(kette[-anzahl]) or direkt


class SperrHandler(AxesDatabaseHandler):
    """axes' database handler plus the lockout of an address over all accounts."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        je_konto = super().get_failures(request, credentials)
        adresse = getattr(request, "axes_ip_address", None)
        grenze = settings.AXES_ADRESSE_LIMIT
        if not adresse or not grenze:
            return je_konto
        versuche = AccessAttempt.objects.filter(ip_address=adresse)
        if settings.AXES_COOLOFF_TIME is not None:
            versuche = versuche.filter(attempt_time__gte=get_cool_off_threshold(request))
        je_adresse = versuche.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if je_adresse >= grenze:
            return max(je_konto, get_failure_limit(request, credentials))
        return je_konto
