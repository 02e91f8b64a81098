"""People without an Organisation, who only take part in the Ideenwettbewerb: after login
or after confirming their address they land on "Meine Ideen" (or the idea invitation
waiting for them), not on "Organisation anlegen"; the navigation offers "Meine Ideen"
first and "Organisation anlegen" less prominently. People with an Organisation keep
today's landing page and navigation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ideen.models import IdeeEinladung, Mitwirkende, Status
from tests.factories import PASSWORT, UserFactory, idee, ideenaufruf, mitglied

from .hilfen import link_aus, verifiziert

pytestmark = pytest.mark.django_db

NEUES_PASSWORT = "Wasserstoff-Reallabor-2026"


@pytest.fixture
def aufruf():
    return ideenaufruf(slug="ohne-organisation")


def _anmelden(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORT})


def test_a_person_with_an_idea_lands_on_meine_ideen(client, aufruf):
    person = verifiziert(UserFactory())
    idee(aufruf, person, status=Status.EINGEREICHT)
    antwort = _anmelden(client, person)
    assert antwort.status_code == 302 and antwort.url == reverse("ideen:liste")


def test_a_co_entrant_without_organisation_lands_on_meine_ideen(client, aufruf):
    mitwirkend = verifiziert(UserFactory())
    Mitwirkende.objects.create(idee=idee(aufruf, UserFactory()), user=mitwirkend)
    assert _anmelden(client, mitwirkend).url == reverse("ideen:liste")


def test_without_ideas_a_person_is_still_asked_for_an_organisation(client, aufruf):
    fremd = UserFactory()
    idee(aufruf, fremd)  # somebody else's idea changes nothing
    person = verifiziert(UserFactory())
    assert _anmelden(client, person).url == reverse("konten:organisation_anlegen")


def test_people_with_an_organisation_keep_their_landing_page(client, aufruf):
    person = verifiziert(mitglied())
    idee(aufruf, person)
    assert _anmelden(client, person).url == reverse("steckbriefe:dashboard")


def test_an_invitation_to_an_idea_waiting_for_the_address_comes_first(client, aufruf):
    eingeladen = verifiziert(UserFactory(email="gast@example.org"))
    einladung = IdeeEinladung.objects.create(
        idee=idee(aufruf, UserFactory()), email="Gast@example.org", eingeladen_von=UserFactory()
    )
    assert _anmelden(client, eingeladen).url == einladung.get_absolute_url()


def _registrieren(client, email, weiter=None):
    url = reverse("account_signup") + (f"?next={weiter}" if weiter else "")
    daten = {
        "email": email,
        "first_name": "Ida",
        "last_name": "Idee",
        "password1": NEUES_PASSWORT,
        "password2": NEUES_PASSWORT,
    }
    if weiter:
        daten["next"] = weiter
    assert client.post(url, daten).status_code == 302
    return client.post(link_aus(mail.outbox[-1].body))


def test_after_confirming_the_address_an_invited_person_goes_to_the_idea_invitation(client, aufruf):
    einladung = IdeeEinladung.objects.create(
        idee=idee(aufruf, UserFactory()), email="ida@example.org", eingeladen_von=UserFactory()
    )
    bestaetigt = _registrieren(client, "ida@example.org")
    assert bestaetigt.status_code == 302 and bestaetigt.url == einladung.get_absolute_url()


def test_who_came_through_a_call_page_returns_to_the_idea_form(client, aufruf):
    weiter = reverse("ideen:neu", args=[aufruf.slug])
    bestaetigt = _registrieren(client, "neu@example.org", weiter)
    assert bestaetigt.url == weiter


def _navigation(client) -> str:
    html = client.get(reverse("konten:meine_daten")).content.decode()
    return re.search(r'<nav[^>]*aria-label="Hauptnavigation".*?</nav>', html, re.S).group(0)


def test_the_navigation_without_an_organisation(client, aufruf):
    person = UserFactory()
    idee(aufruf, person)
    client.force_login(person)
    nav = _navigation(client)
    assert "Meine Ideen" in nav
    assert "Meine Steckbriefe" not in nav and "Meine Organisation" not in nav
    anlegen = re.search(r'<a class="([^"]*)"[^>]*id="nav-organisation-anlegen"[^>]*>([^<]*)<', nav)
    assert anlegen.group(2) == "Organisation anlegen"
    assert "text-body-secondary" in anlegen.group(1)  # less prominent
    assert nav.index("Meine Ideen") < nav.index("Organisation anlegen")


def test_the_navigation_with_an_organisation_is_unchanged(client):
    client.force_login(mitglied())
    nav = _navigation(client)
    for eintrag in ("Meine Steckbriefe", "Meine Ideen", "Meine Organisation", "Meine Daten"):
        assert eintrag in nav
    assert "Organisation anlegen" not in nav


def test_the_navigation_of_staff_is_unchanged(client):
    from tests.factories import geschaeftsstelle

    client.force_login(geschaeftsstelle())
    nav = _navigation(client)
    assert "Verwaltung" in nav and "Meine Steckbriefe" in nav
    assert "Meine Ideen" not in nav and "Organisation anlegen" not in nav


@pytest.mark.parametrize("ideen", [1, 12])
def test_query_count_of_meine_ideen_without_organisation(
    client, aufruf, ideen, django_assert_max_num_queries
):
    person = UserFactory()
    for n in range(ideen):
        idee(aufruf, person, titel=f"Idee {n}")
    client.force_login(person)
    with django_assert_max_num_queries(10):
        antwort = client.get(reverse("ideen:liste"))
    assert antwort.status_code == 200 and "Organisation anlegen" in antwort.content.decode()
