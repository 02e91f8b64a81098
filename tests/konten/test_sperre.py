"""django-axes locks out repeated failed logins on the portal login and the admin login."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORT, UserFactory, geschaeftsstelle

from .hilfen import link_aus, verifiziert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def grenze(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def _portal(client, email, passwort):
    return client.post(reverse("account_login"), {"login": email, "password": passwort})


def _admin(client, email, passwort):
    return client.post(
        reverse("admin:login"), {"username": email, "password": passwort, "next": "/admin/"}
    )


def test_portal_login_locks_after_failures(client, grenze):
    user = verifiziert(UserFactory(email="erika@example.org"))
    for _ in range(grenze - 1):
        response = _portal(client, "Erika@Example.org", "falsch")
        assert response.status_code == 200
        assert "E-Mail-Adresse oder Passwort sind nicht korrekt." in response.content.decode()
    gesperrt = _portal(client, "erika@example.org", "falsch")
    assert gesperrt.status_code == 429
    html = gesperrt.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "Nach 3 fehlgeschlagenen Anmeldeversuchen" in html
    assert "Bitte versuchen Sie es in 30 Minuten erneut." in html
    assert 'href="#inhalt"' in html  # portal layout
    # Counted under the normalised address, whatever case was typed.
    assert AccessAttempt.objects.get().username == "erika@example.org"

    # Even the right password does not get in while locked.
    response = _portal(client, user.email, PASSWORT)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_portal_lock_is_per_address(client, grenze):
    for _ in range(grenze):
        _portal(client, "erika@example.org", "falsch")
    andere = verifiziert(UserFactory(email="karla@example.org"))
    response = _portal(client, andere.email, PASSWORT)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(andere.pk)


def test_successful_login_resets_the_count(client, grenze):
    user = verifiziert(UserFactory(email="erika@example.org"))
    for _ in range(grenze - 1):
        _portal(client, user.email, "falsch")
    assert _portal(client, user.email, PASSWORT).status_code == 302
    client.logout()
    for _ in range(grenze - 1):
        assert _portal(client, user.email, "falsch").status_code == 200


def test_admin_login_locks_after_failures(client, grenze):
    user = geschaeftsstelle(email="gs@example.org")
    for _ in range(grenze - 1):
        assert _admin(client, "GS@example.org", "falsch").status_code == 200
    gesperrt = _admin(client, "gs@example.org", "falsch")
    assert gesperrt.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in gesperrt.content.decode()
    assert AccessAttempt.objects.get().username == "gs@example.org"
    assert _admin(client, user.email, PASSWORT).status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_below_the_limit(client, grenze):
    user = geschaeftsstelle(email="gs@example.org")
    _admin(client, user.email, "falsch")
    response = _admin(client, user.email, PASSWORT)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_failures_on_both_forms_count_together(client, grenze):
    geschaeftsstelle(email="gs@example.org")
    _admin(client, "gs@example.org", "falsch")
    _portal(client, "gs@example.org", "falsch")
    assert _admin(client, "gs@example.org", "falsch").status_code == 429


# --- the client's address, lockout by address, the owner's way in (issue 14 item 5) -----------

ANGREIFER, OPFER, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.2"


def _von(client, adresse, email, passwort, **extra):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": passwort},
        REMOTE_ADDR=adresse,
        **extra,
    )


def test_attacker_from_another_address_cannot_lock_the_owner_out(client, grenze):
    opfer = verifiziert(UserFactory(email="gs@example.org"))
    for _ in range(grenze + 2):
        _von(client, ANGREIFER, opfer.email, "falsch")
    assert _von(client, ANGREIFER, opfer.email, PASSWORT).status_code == 429
    from django.test import Client

    eigener = Client()
    response = _von(eigener, OPFER, opfer.email, PASSWORT)
    assert response.status_code == 302
    assert eigener.session["_auth_user_id"] == str(opfer.pk)


def test_behind_the_proxy_the_client_comes_from_x_forwarded_for(client, grenze, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    opfer = verifiziert(UserFactory(email="gs@example.org"))
    for i in range(grenze + 2):
        # Whatever the attacker puts in front, the proxy appends the real address last.
        _von(client, PROXY, opfer.email, "falsch", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, {ANGREIFER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ANGREIFER}
    assert (
        _von(client, PROXY, opfer.email, PASSWORT, HTTP_X_FORWARDED_FOR=ANGREIFER).status_code
        == 429
    )
    from django.test import Client

    response = _von(Client(), PROXY, opfer.email, PASSWORT, HTTP_X_FORWARDED_FOR=OPFER)
    assert response.status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(client, grenze, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    opfer = verifiziert(UserFactory(email="gs@example.org"))
    for i in range(grenze):
        # A new forged address every time does not escape the lockout …
        _von(client, ANGREIFER, opfer.email, "falsch", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ANGREIFER}
    assert (
        _von(client, ANGREIFER, opfer.email, PASSWORT, HTTP_X_FORWARDED_FOR=OPFER).status_code
        == 429
    )
    # … and does not lock out the address it names either.
    from django.test import Client

    assert _von(Client(), OPFER, opfer.email, PASSWORT).status_code == 302


def test_an_address_trying_many_accounts_is_locked(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADRESSE_LIMIT = 6
    for i in range(5):
        assert _von(client, ANGREIFER, f"p{i}@example.org", "falsch").status_code == 200
    assert _von(client, ANGREIFER, "p5@example.org", "falsch").status_code == 429
    user = verifiziert(UserFactory(email="neu@example.org"))
    assert _von(client, ANGREIFER, user.email, PASSWORT).status_code == 429
    from django.test import Client

    assert _von(Client(), OPFER, user.email, PASSWORT).status_code == 302


def test_lockout_page_offers_the_login_link(client, grenze):
    for _ in range(grenze):
        response = _von(client, ANGREIFER, "gs@example.org", "falsch")
    assert response.status_code == 429
    assert reverse("konten:anmeldelink_anfordern") in response.content.decode()


@pytest.fixture
def sofort(celery_eager, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()  # the "one link in five minutes" marks of other tests
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _anfordern(client, email, sofort):
    with sofort():
        return client.post(reverse("konten:anmeldelink_anfordern"), {"email": email})


def test_the_login_link_works_once(client, grenze, sofort, settings):
    from django.core import mail

    from konten.models import Ereignisart, Kontoereignis

    settings.SITE_URL = "https://portal.example.org"
    opfer = verifiziert(geschaeftsstelle(email="gs@example.org"))
    for _ in range(grenze):
        _von(client, OPFER, opfer.email, "falsch")  # the attacker sits behind the same NAT
    assert _von(client, OPFER, opfer.email, PASSWORT).status_code == 429

    seite = _anfordern(client, "GS@example.org", sofort)
    assert "Wenn zu dieser Adresse ein Konto besteht" in seite.content.decode()
    (nachricht,) = mail.outbox
    assert nachricht.to == ["gs@example.org"]
    link = link_aus(nachricht.body)
    assert link.startswith("https://portal.example.org/konto/anmeldelink/")
    pfad = link.removeprefix("https://portal.example.org")

    # Opening it (as a mail scanner would) logs nobody in and uses nothing up.
    assert client.get(pfad).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(pfad, REMOTE_ADDR=OPFER)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(opfer.pk)
    assert not AccessAttempt.objects.filter(username="gs@example.org").exists()
    assert Kontoereignis.objects.filter(art=Ereignisart.ANMELDELINK_VERWENDET, durch=opfer).exists()

    # Used: a second time is "invalid", for a GET and a POST.
    client.logout()
    assert client.get(pfad).status_code == 404
    assert client.post(pfad).status_code == 404
    assert "_auth_user_id" not in client.session


def test_the_login_link_expires_and_dies_with_the_account(client, sofort, settings):
    import datetime

    import time_machine
    from django.core import mail

    opfer = verifiziert(UserFactory(email="erika@example.org"))
    _anfordern(client, opfer.email, sofort)
    pfad = link_aus(mail.outbox[0].body).removeprefix(settings.SITE_URL)
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=31)
    ):
        assert client.post(pfad).status_code == 404
    opfer.is_active = False
    opfer.save()
    assert client.post(pfad).status_code == 404
    assert client.post(pfad[:-5] + "xxxx/").status_code == 404
    assert "_auth_user_id" not in client.session


def test_asking_for_a_link_does_not_tell_whether_an_account_exists(client, sofort):
    from django.core import mail

    verifiziert(UserFactory(email="erika@example.org"))
    bekannt = _anfordern(client, "erika@example.org", sofort)
    unbekannt = _anfordern(client, "niemand@example.org", sofort)
    assert bekannt.status_code == unbekannt.status_code == 200
    assert bekannt.content.decode().replace(
        bekannt.cookies.get("csrftoken").value if bekannt.cookies.get("csrftoken") else "", ""
    ) == unbekannt.content.decode().replace(
        unbekannt.cookies.get("csrftoken").value if unbekannt.cookies.get("csrftoken") else "", ""
    )
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]
    # A second request within minutes sends no second mail (no mail bombing).
    _anfordern(client, "erika@example.org", sofort)
    assert len(mail.outbox) == 1
