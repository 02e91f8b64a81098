"""Inviting colleagues by e-mail, accepting, refusing, expiry and revocation."""

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from konten import services
from konten.models import Einladung, Kontoereignis, Mitgliedschaft, Rolle, User
from tests.factories import PASSWORT, OrganisationFactory, UserFactory, mitglied

from .hilfen import link_aus, verifiziert

pytestmark = pytest.mark.django_db

NEUES_PASSWORT = "Wasserstoff-Reallabor-2026"


@pytest.fixture
def sofort_senden(celery_eager, django_capture_on_commit_callbacks):
    """Run the after-commit mail sending of a block right away."""

    def senden():
        return django_capture_on_commit_callbacks(execute=True)

    return senden


@pytest.fixture
def org_mitglied():
    return mitglied(
        OrganisationFactory(name="Stadtwerke <Zwickau> & Co"),
        first_name="Erika",
        last_name="Muster",
    )


def _einladen(client, user, email, sofort_senden):
    client.force_login(user)
    with sofort_senden():
        return client.post(reverse("konten:einladen"), {"email": email})


def test_invitation_mail_in_german_with_link(client, org_mitglied, sofort_senden):
    response = _einladen(client, org_mitglied, "  Neu@Example.ORG ", sofort_senden)
    assert response.status_code == 302
    einladung = Einladung.objects.get()
    assert einladung.email == "neu@example.org"
    assert einladung.eingeladen_von == org_mitglied
    assert einladung.organisation == org_mitglied.mitgliedschaft.organisation
    gueltig = einladung.gueltig_bis - einladung.erstellt
    assert gueltig == datetime.timedelta(days=14)
    assert len(einladung.token) >= 40

    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["neu@example.org"]
    # A fixed subject: nothing user-written (organisation or inviter's name) in it.
    assert nachricht.subject == "Einladung zur Mitarbeit im Steckbrief-Portal"
    assert "Sie sind eingeladen" in nachricht.body
    assert "Organisation „Stadtwerke <Zwickau> & Co“ mitzuarbeiten" in nachricht.body
    assert f"Die Einladung hat Erika Muster ({org_mitglied.email})" in (nachricht.body)
    assert link_aus(nachricht.body).endswith(f"/konto/einladung/{einladung.token}/")
    html = nachricht.alternatives[0].content
    assert "Stadtwerke &lt;Zwickau&gt; &amp; Co" in html
    assert f'href="http://127.0.0.1:8000/konto/einladung/{einladung.token}/"' in html

    seite = client.get(response.url).content.decode()
    assert "Die Einladung an neu@example.org ist versendet." in seite
    assert "neu@example.org" in seite


def test_member_of_own_organisation_cannot_be_invited(client, org_mitglied, sofort_senden):
    kollegin = mitglied(org_mitglied.mitgliedschaft.organisation, email="kollegin@example.org")
    response = _einladen(client, org_mitglied, kollegin.email.upper(), sofort_senden)
    assert response.status_code == 200
    assert "kollegin@example.org gehört bereits zu Ihrer Organisation." in response.content.decode()
    assert not Einladung.objects.exists()
    assert mail.outbox == []


def test_invalid_address_error_at_field(client, org_mitglied, sofort_senden):
    response = _einladen(client, org_mitglied, "keine-adresse", sofort_senden)
    assert response.status_code == 200
    assert "Bitte gültige E-Mail-Adresse eingeben." in response.content.decode()


def test_inviting_again_renews_the_link(client, org_mitglied, sofort_senden):
    _einladen(client, org_mitglied, "neu@example.org", sofort_senden)
    alt = Einladung.objects.get()
    zu_frueh = _einladen(client, org_mitglied, "neu@example.org", sofort_senden)
    assert "wurde gerade erst versendet" in zu_frueh.content.decode()
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        _einladen(client, org_mitglied, "neu@example.org", sofort_senden)
        neu = Einladung.objects.get()
        assert neu.pk == alt.pk
        assert neu.token != alt.token
        assert not neu.abgelaufen
    assert len(mail.outbox) == 2
    assert neu.token in mail.outbox[1].body
    # The old link no longer works.
    response = client.get(reverse("konten:einladung", kwargs={"token": alt.token}))
    assert response.status_code == 404
    assert "Einladung ungültig" in response.content.decode()


def test_open_invitations_are_limited(org_mitglied, settings):
    organisation = org_mitglied.mitgliedschaft.organisation
    for i in range(services.MAX_OFFENE_EINLADUNGEN):
        Einladung.objects.create(organisation=organisation, email=f"p{i}@example.org")
    with pytest.raises(services.NichtMoeglich, match="bereits 25 offene Einladungen"):
        services.einladen(organisation, org_mitglied, "noch-eine@example.org")


def test_new_user_accepts_via_signup_without_second_verification(client, org_mitglied):
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation,
        email="neu@example.org",
        eingeladen_von=org_mitglied,
    )
    seite = client.get(einladung.get_absolute_url())
    html = seite.content.decode()
    assert seite.status_code == 200
    assert "Einladung zur Organisation „Stadtwerke &lt;Zwickau&gt; &amp; Co“" in html
    assert reverse("account_signup") in html

    response = client.post(
        reverse("account_signup") + f"?next={einladung.get_absolute_url()}",
        {
            "email": "neu@example.org",
            "password1": NEUES_PASSWORT,
            "password2": NEUES_PASSWORT,
            "next": einladung.get_absolute_url(),
        },
    )
    # Opening the mailed link proved the address: logged in at once, no verification mail.
    assert response.status_code == 302
    assert response.url == einladung.get_absolute_url()
    assert mail.outbox == []
    user = User.objects.get(email="neu@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)

    annehmen = client.get(response.url).content.decode()
    assert "Einladung annehmen" in annehmen
    response = client.post(einladung.get_absolute_url())
    assert response.url == reverse("konten:organisation")
    assert Mitgliedschaft.objects.get(user=user).organisation == einladung.organisation
    einladung.refresh_from_db()
    assert einladung.angenommen_am is not None
    assert einladung.angenommen_von == user
    assert user.hat_rolle(Rolle.EINREICHENDE)
    html = client.get(response.url).content.decode()
    assert "Willkommen! Sie gehören jetzt zur Organisation" in html
    assert "Keine offenen Einladungen." in html


def test_signup_from_the_link_prefills_and_keeps_the_invited_address(client, org_mitglied):
    """allauth's invitation semantics: opening the mailed link proves the invited address,
    so the new account gets it as its verified primary address, whatever was typed."""
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="neu@example.org"
    )
    html = client.get(einladung.get_absolute_url()).content.decode()
    signup_link = re.search(r'href="(/konto/signup/[^"]+)"', html).group(1).replace("&amp;", "&")
    formular = client.get(signup_link).content.decode()
    assert 'value="neu@example.org"' in formular
    response = client.post(
        reverse("account_signup"),
        {"email": "anders@example.org", "password1": NEUES_PASSWORT, "password2": NEUES_PASSWORT},
    )
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.email == "neu@example.org"
    assert set(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == {
        ("neu@example.org", True, True),
        ("anders@example.org", False, False),
    }
    assert response.url == einladung.get_absolute_url()


def test_signup_without_invitation_link_needs_verification(client, org_mitglied):
    Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="neu@example.org"
    )
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": NEUES_PASSWORT, "password2": NEUES_PASSWORT},
    )
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session


def test_existing_user_logs_in_and_is_brought_back_to_the_invitation(client, org_mitglied):
    user = verifiziert(UserFactory(email="bestehend@example.org"))
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email=user.email
    )
    client.get(einladung.get_absolute_url())
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORT})
    assert response.url == einladung.get_absolute_url()
    client.post(einladung.get_absolute_url())
    assert Mitgliedschaft.objects.get(user=user).organisation == einladung.organisation


def test_anonymous_accept_goes_to_login(client, org_mitglied):
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="neu@example.org"
    )
    response = client.post(einladung.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert (
        not Mitgliedschaft.objects.filter(organisation=einladung.organisation)
        .exclude(user=org_mitglied)
        .exists()
    )


def test_refused_for_member_of_another_organisation(client, org_mitglied):
    andere = mitglied(OrganisationFactory(name="Hochschule Mittweida"), email="h@example.org")
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="h@example.org"
    )
    client.force_login(andere)
    html = client.get(einladung.get_absolute_url()).content.decode()
    assert "Sie gehören bereits zur Organisation „Hochschule Mittweida“" in html
    assert "verlassen Sie zuerst unter „Meine Organisation“ Ihre bisherige Organisation" in html
    assert "Einladung annehmen</button>" not in html
    response = client.post(einladung.get_absolute_url(), follow=True)
    assert (
        "Sie gehören bereits zur Organisation „Hochschule Mittweida“" in response.content.decode()
    )
    andere.refresh_from_db()
    assert andere.mitgliedschaft.organisation.name == "Hochschule Mittweida"
    einladung.refresh_from_db()
    assert einladung.angenommen_am is None


def test_expired_invitation_cannot_be_accepted(client, org_mitglied):
    user = UserFactory(email="spaet@example.org")
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation,
        email=user.email,
        gueltig_bis=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(user)
    html = client.get(einladung.get_absolute_url()).content.decode()
    assert "Diese Einladung ist am" in html and "abgelaufen" in html
    assert "Einladung annehmen</button>" not in html
    response = client.post(einladung.get_absolute_url(), follow=True)
    assert "abgelaufen. Bitten Sie die Person" in response.content.decode()
    assert not Mitgliedschaft.objects.filter(user=user).exists()
    # Nor does it bring anybody back after login.
    client.logout()
    client.get(einladung.get_absolute_url())
    assert "konten_einladung" not in client.session


def test_invitation_only_for_the_invited_address(client, org_mitglied):
    fremd = UserFactory(email="mitgelesen@example.org")
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="neu@example.org"
    )
    client.force_login(fremd)
    html = client.get(einladung.get_absolute_url()).content.decode()
    assert "Diese Einladung gilt für die E-Mail-Adresse neu@example.org" in html
    client.post(einladung.get_absolute_url())
    assert not Mitgliedschaft.objects.filter(user=fremd).exists()


def test_accepted_invitation_cannot_be_reused(client, org_mitglied):
    user = UserFactory(email="neu@example.org")
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email=user.email
    )
    services.einladung_annehmen(einladung, user)
    services.austreten(user)
    client.force_login(user)
    html = client.get(einladung.get_absolute_url()).content.decode()
    assert "Diese Einladung wurde bereits angenommen." in html
    with pytest.raises(services.NichtMoeglich, match="bereits angenommen"):
        services.einladung_annehmen(einladung, user)


def test_revoked_invitation_link_is_invalid(client, org_mitglied):
    einladung = Einladung.objects.create(
        organisation=org_mitglied.mitgliedschaft.organisation, email="neu@example.org"
    )
    client.force_login(org_mitglied)
    response = client.post(
        reverse("konten:einladung_zurueckziehen", kwargs={"pk": einladung.pk}), follow=True
    )
    assert "Die Einladung an neu@example.org ist zurückgezogen." in response.content.decode()
    client.logout()
    assert client.get(einladung.get_absolute_url()).status_code == 404


# --- names are names, the inviter only in a fixed sentence, a daily cap (issue 14 item 9) ----

PHISHING = "Konto gesperrt! Jetzt entsperren: https://evil.example/login"


@pytest.mark.parametrize(
    "name",
    [
        PHISHING,
        "evil.example",
        "erika@evil.example",
        "Erika\nBitte Passwort senden",
        "E" * 61,
        "Erika <b>",
        "Erika 123",
    ],
)
def test_names_are_only_names_in_signup_and_meine_daten(client, name):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "neu@example.org",
            "first_name": name,
            "password1": "Wasserstoff-2026!",
            "password2": "Wasserstoff-2026!",
        },
    )
    assert response.status_code == 200
    assert "Bitte geben Sie nur einen Namen an" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()

    user = mitglied()
    client.force_login(user)
    response = client.post(
        reverse("konten:meine_daten"), {"first_name": "Erika", "last_name": name}
    )
    assert response.status_code == 200
    assert "Bitte geben Sie nur einen Namen an" in response.content.decode()
    user.refresh_from_db()
    assert user.last_name != name


@pytest.mark.parametrize("name", ["Anna-Lena", "O'Brien", "Dr. h.c. Müller", "Nguyễn Văn An"])
def test_real_names_are_accepted(client, name):
    user = mitglied()
    client.force_login(user)
    response = client.post(reverse("konten:meine_daten"), {"first_name": name, "last_name": "X"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == name


def test_an_old_non_name_never_reaches_the_invitation_mail(client, sofort_senden):
    """Accounts from before the rule may carry other text: the mail names only the address."""
    user = mitglied(first_name=PHISHING, last_name="")
    _einladen(client, user, "neu@example.org", sofort_senden)
    (nachricht,) = mail.outbox
    assert "evil.example" not in nachricht.subject + nachricht.body
    assert "evil.example" not in nachricht.alternatives[0].content
    assert f"Die Einladung hat {user.email} über das Portal versendet." in nachricht.body


def test_invitations_per_account_and_day_are_capped(client, org_mitglied, sofort_senden, settings):
    settings.EINLADUNGEN_JE_TAG = 3
    client.force_login(org_mitglied)
    for i in range(3):
        with sofort_senden():
            assert (
                client.post(reverse("konten:einladen"), {"email": f"p{i}@example.org"}).status_code
                == 302
            )
    # Withdrawing does not make room for more.
    einladung = Einladung.objects.first()
    client.post(reverse("konten:einladung_zurueckziehen", args=[einladung.pk]))
    with sofort_senden():
        response = client.post(reverse("konten:einladen"), {"email": "p9@example.org"})
    assert response.status_code == 200
    assert "in den letzten 24 Stunden bereits 3 Einladungen versendet" in response.content.decode()
    assert len(mail.outbox) == 3
    assert not Einladung.objects.filter(email="p9@example.org").exists()
    # A colleague has a cap of their own; a day later the count starts again.
    kollegin = mitglied(org_mitglied.mitgliedschaft.organisation)
    client.force_login(kollegin)
    with sofort_senden():
        assert (
            client.post(reverse("konten:einladen"), {"email": "p9@example.org"}).status_code == 302
        )
    Kontoereignis.objects.update(zeitpunkt=timezone.now() - datetime.timedelta(days=1, minutes=1))
    client.force_login(org_mitglied)
    with sofort_senden():
        assert (
            client.post(reverse("konten:einladen"), {"email": "p10@example.org"}).status_code == 302
        )
