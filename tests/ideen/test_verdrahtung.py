"""Wiring across the layers (issue 16): the idea's admin page shows the Geschäftsstelle the
frame of „Ähnliche Vorhaben und Ideen“ (composed in bewertung.admin_jury, since ideen sits
below kooperation), and a Steckbrief taken over from an idea says so to its members only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ideen.models import Status
from ideen.uebernahme import als_steckbrief_uebernehmen
from tests.factories import (
    OrganisationFactory,
    SteckbriefFactory,
    geschaeftsstelle,
    idee,
    ideenaufruf,
    jurymitglied,
    mitglied,
    wirtschaftsfoerderung,
)
from tests.sicherheit.matrix import _phasen_um_heute

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="Sensorik Tüftler GmbH")


@pytest.fixture
def eingereicht(org):
    _phasen_um_heute()
    return idee(
        ideenaufruf(slug="verdrahtung"),
        mitglied(org, first_name="Lena", last_name="Lötkolben"),
        status=Status.EINGEREICHT,
        eingereicht_am=timezone.now(),
    )


def test_the_idea_admin_page_shows_the_frame_of_similar_ideas(client, eingereicht):
    client.force_login(geschaeftsstelle())
    antwort = client.get(reverse("admin:ideen_idee_change", args=[eingereicht.pk]))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    teil = reverse("kooperation:aehnliche_idee", args=[eingereicht.pk])
    assert f'data-teil-url="{teil}?teil=1"' in html
    assert "Ähnliche Vorhaben und Ideen</h2>" in html
    assert "kooperation/aehnliche.js" in html
    # The fragment it is filled from answers the Geschäftsstelle.
    assert client.get(f"{teil}?teil=1").status_code == 200
    # The tools: cross-over and history; no link to the portal page, which is the idea's
    # people's only (a 404 for the Geschäftsstelle).
    assert reverse("ideen:als_steckbrief", args=[eingereicht.pk]) in html
    assert reverse("admin:ideen_idee_history", args=[eingereicht.pk]) in html
    assert "viewsitelink" not in html
    assert client.get(eingereicht.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rolle", ["jury", "wirtschaftsfoerderung"])
def test_other_staff_neither_open_the_idea_admin_nor_get_the_frame(client, eingereicht, rolle):
    user = jurymitglied(eingereicht.aufruf).user if rolle == "jury" else wirtschaftsfoerderung()
    client.force_login(user)
    antwort = client.get(reverse("admin:ideen_idee_change", args=[eingereicht.pk]))
    assert antwort.status_code in (302, 403)
    assert b"aehnliche-vorhaben" not in antwort.content


def test_unknown_or_garbage_idea_ids_in_the_admin(client):
    client.force_login(geschaeftsstelle())
    for wert in ["999999", "abc", "1%20OR%201=1"]:
        antwort = client.get(f"/admin/ideen/idee/{wert}/change/", follow=True)
        assert antwort.status_code == 200
        assert b"aehnliche-vorhaben" not in antwort.content


def test_the_cross_over_form_posts_the_organisation_unlocalised(client, eingereicht):
    """With USE_THOUSAND_SEPARATOR an id of 1234 must not become „1.234“ in the form."""
    grosse = idee(
        eingereicht.aufruf,
        mitglied(OrganisationFactory(id=1234)),
        status=Status.EINGEREICHT,
        eingereicht_am=timezone.now(),
    )
    gs = geschaeftsstelle()
    client.force_login(gs)
    url = reverse("ideen:als_steckbrief", args=[grosse.pk])
    html = client.get(url).content.decode()
    assert 'name="organisation" value="1234"' in html
    assert "1.234" not in html
    antwort = client.post(url, {"organisation": "1234"})
    assert antwort.status_code == 302
    grosse.refresh_from_db()
    assert grosse.steckbrief.organisation_id == 1234


def test_a_steckbrief_from_an_idea_says_so_to_its_members(client, eingereicht, org):
    sb = als_steckbrief_uebernehmen(eingereicht, geschaeftsstelle())
    satz = "Aus der Idee „Sensorhaut für Greifer“ des Ideenwettbewerbs übernommen."
    client.force_login(eingereicht.eigentuemer)
    antwort = client.get(sb.get_absolute_url())
    assert antwort.status_code == 200
    assert satz in antwort.content.decode()
    # Another Steckbrief of the same Organisation does not claim it.
    anderer = SteckbriefFactory(organisation=org)
    antwort = client.get(anderer.get_absolute_url())
    assert antwort.status_code == 200
    assert "des Ideenwettbewerbs übernommen" not in antwort.content.decode()
