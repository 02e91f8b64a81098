"""The one-time login link for the owner of a locked account (issue 14 item 5).

A lockout (konten.axes) hits whoever tries from the attacker's address; but the owner
should never have to wait for the attacker to stop. On the lockout page the owner asks for
a link by e-mail; the page answers the same whether an account exists or not. The link is

- signed (Django's signing with SECRET_KEY and its own salt),
- expiring (settings.ANMELDELINK_MINUTEN),
- single-use: it carries a fingerprint of the account's password hash and last login;
  logging in (with the link or otherwise) changes the last login, so the link is dead,
- refused for deactivated accounts.

Opening it shows a button (mail scanners that follow links do not use it up); pressing it
logs in, clears the failed attempts of the account and writes a Kontoereignis."""

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

from kern.mail import mail_senden

from .models import User

SALZ = "konten.anmeldelink"
SPERRFRIST_SEKUNDEN = 300  # at most one link per account in five minutes


def _fingerabdruck(user: User) -> str:
    stand = f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}"
    return salted_hmac(SALZ, stand).hexdigest()[:32]


def token_fuer(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerabdruck(user)}, salt=SALZ, compress=True)


def user_zum_token(token: str) -> User | None:
    """The account the token is valid for now, or None (forged, expired, used, inactive)."""
    try:
        daten = signing.loads(token, salt=SALZ, max_age=settings.ANMELDELINK_MINUTEN * 60)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(daten, dict):
        return None
    user = User.objects.filter(pk=daten.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(daten.get("f")), _fingerabdruck(user)):
        return None
    return user


def anfordern(email: str) -> None:
    """Mail a login link to the account of `email`, if there is an active one and no link
    went out in the last minutes. Says nothing either way."""
    from django.urls import reverse

    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        return
    if not cache.add(f"{SALZ}:{user.pk}", 1, SPERRFRIST_SEKUNDEN):
        return
    link = settings.SITE_URL + reverse("konten:anmeldelink", kwargs={"token": token_fuer(user)})
    mail_senden(
        user.email,
        "anmeldelink",
        {"link": link, "minuten": settings.ANMELDELINK_MINUTEN},
    )
