"""Every link in allauth's mails starts with SITE_URL, whatever Host the request named
(issue 14 item 7)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

from .hilfen import link_aus, verifiziert

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"
FREMD = {"HTTP_HOST": "127.0.0.1:9999"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


def _links(nachricht) -> list[str]:
    import re

    return re.findall(r"https?://[^\s\"'<>]+", nachricht.body)


def test_reset_link_uses_site_url_not_the_host_header(client):
    verifiziert(UserFactory(email="erika@example.org"))
    response = client.post(
        reverse("account_reset_password"), {"email": "erika@example.org"}, **FREMD
    )
    assert response.status_code == 302
    (nachricht,) = mail.outbox
    link = link_aus(nachricht.body)
    assert link.startswith(f"{SITE}/konto/password/reset/key/")
    assert all(url.startswith(SITE) for url in _links(nachricht))
    assert "9999" not in nachricht.body


def test_reset_link_in_production_mode_too(client, settings):
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    settings.SITE_URL = "https://steckbriefe.example.org"
    verifiziert(UserFactory(email="erika@example.org"))
    client.post(reverse("account_reset_password"), {"email": "erika@example.org"}, **FREMD)
    (nachricht,) = mail.outbox
    assert link_aus(nachricht.body).startswith("https://steckbriefe.example.org/konto/")
    assert "127.0.0.1" not in nachricht.body


def test_unknown_account_mail_links_to_site_url(client):
    client.post(reverse("account_reset_password"), {"email": "niemand@example.org"}, **FREMD)
    (nachricht,) = mail.outbox
    assert "Kein Konto" in nachricht.subject
    assert _links(nachricht)
    assert all(url.startswith(SITE) for url in _links(nachricht))


def test_signup_mails_link_to_site_url_on_both_paths(client):
    verifiziert(UserFactory(email="erika@example.org"))
    for email in ("neu@example.org", "erika@example.org"):
        client.post(
            reverse("account_signup"),
            {"email": email, "password1": "Wasserstoff-2026!", "password2": "Wasserstoff-2026!"},
            **FREMD,
        )
    bestaetigung, besteht = mail.outbox
    assert bestaetigung.to == ["neu@example.org"]
    assert besteht.to == ["erika@example.org"]
    for nachricht in (bestaetigung, besteht):
        assert _links(nachricht)
        assert all(url.startswith(SITE) for url in _links(nachricht)), nachricht.body
