"""django-axes locks out repeated failed logins on the portal login and the admin login."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORT, UserFactory, geschaeftsstelle

from .hilfen import verifiziert

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
