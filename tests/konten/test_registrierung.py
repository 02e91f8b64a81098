"""Self-registration with e-mail verification, login redirects and the German allauth pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext

from konten.models import Rolle, User
from tests.factories import PASSWORT, OrganisationFactory, UserFactory, geschaeftsstelle, mitglied

from .hilfen import link_aus, unbeschriftete_felder, verifiziert

pytestmark = pytest.mark.django_db

NEUES_PASSWORT = "Wasserstoff-Reallabor-2026"


def test_signup_sends_verification_mail_and_confirmation_leads_to_organisation_creation(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "neu@stadtwerke.example",
            "first_name": "Nora",
            "last_name": "Neu",
            "password1": NEUES_PASSWORT,
            "password2": NEUES_PASSWORT,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="neu@stadtwerke.example")
    assert (user.first_name, user.last_name) == ("Nora", "Neu")
    assert list(user.groups.values_list("name", flat=True)) == [Rolle.EINREICHENDE.value]
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in before the address is confirmed.
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["neu@stadtwerke.example"]
    assert nachricht.subject == "[Masterplan Steckbriefe] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Guten Tag," in nachricht.body
    assert "example.com" not in nachricht.body
    link = link_aus(nachricht.body)

    seite = client.get(link)
    assert seite.status_code == 200
    assert "Bitte bestätigen Sie, dass" in seite.content.decode()
    bestaetigt = client.post(link)
    assert bestaetigt.status_code == 302
    assert bestaetigt.url == reverse("konten:organisation_anlegen")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)

    weiter = client.get(bestaetigt.url)
    assert weiter.status_code == 200
    assert "<h1>Organisation anlegen</h1>" in weiter.content.decode()


def test_signup_validates_password_in_german(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "kurz@example.org", "password1": NEUES_PASSWORT, "password2": "Anderes-2026-x"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in html
    response = client.post(
        reverse("account_signup"),
        {"email": "kurz@example.org", "password1": "12345678", "password2": "12345678"},
    )
    html = response.content.decode()
    assert "Dieses Passwort ist zu üblich." in html
    assert "Dieses Passwort ist komplett numerisch." in html
    # The errors sit at the field: invalid control, described by the error text.
    assert re.search(r'class="[^"]*is-invalid"[^>]*aria-describedby="[^"]*id_password1_error', html)
    assert '<div id="id_password1_error" class="invalid-feedback">' in html
    assert not User.objects.filter(email="kurz@example.org").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("url_name", "formular"),
    [
        ("account_login", True),
        ("account_signup", True),
        ("account_reset_password", True),
        ("account_reset_password_done", False),
        ("account_email_verification_sent", False),
        ("account_inactive", False),
        ("account_reset_password_from_key_done", False),
    ],
)
def test_allauth_pages_use_portal_layout_in_german(client, url_name, formular):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in html
    assert 'href="#inhalt"' in html  # our base.html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert not re.search(r"\b(du|dein|deine|dich|dir)\b", html, re.IGNORECASE)
    assert ('method="post"' in html) is formular
    assert unbeschriftete_felder(html) == []


def test_login_page_labels_and_german_error(client):
    UserFactory(email="erika@example.org")
    response = client.post(
        reverse("account_login"), {"login": "erika@example.org", "password": "falsch"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert unbeschriftete_felder(html) == []
    assert 'for="id_login"' in html and 'for="id_password"' in html
    assert "E-Mail-Adresse oder Passwort sind nicht korrekt." in html


def test_formal_german_overrides_are_compiled():
    assert gettext("You must type the same password each time.") == (
        "Bitte geben Sie zweimal dasselbe Passwort ein."
    )
    assert gettext("You have signed out.") == "Sie haben sich abgemeldet."


def _login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORT})


def test_login_without_organisation_goes_to_organisation_creation(client):
    user = verifiziert(UserFactory(rolle=Rolle.EINREICHENDE))
    response = _login(client, user)
    assert response.status_code == 302
    assert response.url == reverse("konten:organisation_anlegen")


def test_login_with_organisation_goes_to_the_dashboard(client):
    user = verifiziert(mitglied(OrganisationFactory()))
    response = _login(client, user)
    assert response.status_code == 302
    assert response.url == reverse("steckbriefe:dashboard")


def test_login_of_reviewers_goes_to_admin(client):
    user = verifiziert(geschaeftsstelle())
    response = _login(client, user)
    assert response.url == reverse("admin:index")


def test_explicit_next_wins(client):
    user = verifiziert(UserFactory())
    response = client.post(
        reverse("account_login") + "?next=/konto/meine-daten/",
        {"login": user.email, "password": PASSWORT, "next": "/konto/meine-daten/"},
    )
    assert response.url == "/konto/meine-daten/"


def test_unverified_user_cannot_log_in_but_gets_a_newlink_aus(client):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = _login(client, user)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_password_reset_mail_is_german_and_works(client):
    user = verifiziert(UserFactory())
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.subject == "[Masterplan Steckbriefe] Passwort zurücksetzen"
    assert "neues Passwort angefordert" in nachricht.body
    link = link_aus(nachricht.body)
    formular = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in formular.content.decode()
    ziel = formular.redirect_chain[-1][0] if formular.redirect_chain else link
    response = client.post(
        ziel, {"password1": NEUES_PASSWORT, "password2": NEUES_PASSWORT}, follow=True
    )
    assert "Ihr Passwort ist geändert." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEUES_PASSWORT)


def test_logout_message_is_formal(client):
    user = verifiziert(UserFactory())
    client.force_login(user)
    response = client.post(reverse("account_logout"), follow=True)
    assert "Sie haben sich abgemeldet." in response.content.decode()


@pytest.mark.parametrize(
    "url_name", ["account_email", "account_change_password", "account_reauthenticate"]
)
def test_account_management_pages_for_logged_in_users(client, url_name):
    client.force_login(verifiziert(UserFactory()))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#inhalt"' in html
    assert not re.search(r"\b(du|dein|deine|dich|dir)\b", html, re.IGNORECASE)
    assert unbeschriftete_felder(html) == []
