"""Autosave of the idea's form: the raw input is kept per person, bounded, shown again in
the form, removed on saving or discarding; foreign ideas, closed ideas, stale revisions and
floods are answered as such."""

import json

import pytest
from django.urls import reverse

from ideen import entwuerfe, services
from ideen.models import IdeeZwischenstand, Status
from konten import services as konten_services
from tests.factories import UserFactory, idee, ideenaufruf

pytestmark = pytest.mark.django_db


@pytest.fixture
def aufruf():
    return ideenaufruf()


@pytest.fixture
def person(client):
    user = UserFactory(first_name="Lena", last_name="Lötkolben")
    client.force_login(user)
    return user


def _url(neu):
    return reverse("ideen:zwischenspeichern", args=[neu.pk])


def test_typed_input_is_kept_and_restored_in_the_form(client, aufruf, person):
    neu = idee(aufruf, person)
    antwort = client.post(
        _url(neu),
        {
            "revision": "1",
            "titel": "Getippt, nicht gespeichert",
            "team-0-name": "Mia Schubert",
            "csrfmiddlewaretoken": "x",
            "boese": "y" * 10_000,
        },
    )
    assert antwort.status_code == 200 and antwort.json()["status"] == "gespeichert"
    stand = IdeeZwischenstand.objects.get(idee=neu, user=person)
    assert stand.daten == {
        "revision": ["1"],
        "titel": ["Getippt, nicht gespeichert"],
        "team-0-name": ["Mia Schubert"],
    }
    html = client.get(reverse("ideen:bearbeiten", args=[neu.pk])).content.decode()
    assert "sind wiederhergestellt" in html
    assert 'value="Getippt, nicht gespeichert"' in html
    neu.refresh_from_db()
    assert neu.titel == "Sensorhaut für Greifer"  # nothing saved to the idea


def test_input_is_bounded_at_twice_the_field_limit():
    daten = entwuerfe.eingaben({"kernsatz": "x" * 5000, "problem": "a\r\nb\x00"})
    assert len(daten["kernsatz"][0]) == 600
    assert daten["problem"] == ["a\nb"]


def test_saving_the_draft_removes_the_kept_input(client, aufruf, person):
    neu = idee(aufruf, person)
    client.post(_url(neu), {"revision": "1", "titel": "Getippt"})
    services.entwurf_speichern(
        neu,
        person,
        {"titel": "Gespeichert", "kernsatz": "", "problem": "", "loesung": ""},
        [],
        revision=1,
    )
    assert not IdeeZwischenstand.objects.exists()


def test_discarding_shows_the_stored_state_again(client, aufruf, person):
    neu = idee(aufruf, person)
    client.post(_url(neu), {"revision": "1", "titel": "Getippt"})
    antwort = client.post(reverse("ideen:zwischenstand_verwerfen", args=[neu.pk]))
    assert antwort.status_code == 302
    assert not IdeeZwischenstand.objects.exists()
    html = client.get(reverse("ideen:bearbeiten", args=[neu.pk])).content.decode()
    assert "wiederhergestellt" not in html and 'value="Sensorhaut für Greifer"' in html


def test_a_stale_input_is_offered_not_imposed(client, aufruf, person):
    neu = idee(aufruf, person)
    client.post(_url(neu), {"revision": "1", "titel": "Alt getippt"})
    services.entwurf_speichern(neu, person, {"titel": "Von anderen gespeichert"}, [], revision=1)
    IdeeZwischenstand.objects.create(
        idee=neu, user=person, daten={"titel": ["Alt getippt"]}, revision=1
    )
    konflikt = client.post(_url(neu), {"revision": "1", "titel": "Alt getippt"})
    assert konflikt.status_code == 409 and konflikt.json()["status"] == "konflikt"
    html = client.get(reverse("ideen:bearbeiten", args=[neu.pk])).content.decode()
    assert "Inzwischen hat jemand die Idee gespeichert" in html
    assert 'value="Von anderen gespeichert"' in html
    geladen = client.get(reverse("ideen:bearbeiten", args=[neu.pk]) + "?zwischenstand=laden")
    assert 'value="Alt getippt"' in geladen.content.decode()
    assert f'name="revision" value="{neu.revision + 1}"' in geladen.content.decode()


def test_foreign_closed_and_anonymous_requests(client, aufruf, person, settings):
    fremd = idee(aufruf, UserFactory())
    assert client.post(_url(fremd), {"titel": "x"}).status_code == 404
    assert not IdeeZwischenstand.objects.filter(idee=fremd).exists()
    eingereicht = idee(aufruf, person, status=Status.EINGEREICHT)
    antwort = client.post(_url(eingereicht), {"revision": "1", "titel": "x"})
    assert antwort.status_code == 423
    assert IdeeZwischenstand.objects.filter(idee=eingereicht).exists()  # kept all the same
    client.logout()
    antwort = client.post(_url(eingereicht), {"titel": "x"})
    assert antwort.status_code == 401 and "login_url" in json.loads(antwort.content)


def test_too_many_requests_are_throttled(client, aufruf, person, settings):
    settings.AUTOSAVE_MAX_JE_MINUTE = 2
    neu = idee(aufruf, person)
    from django.core.cache import cache

    cache.clear()
    antworten = [client.post(_url(neu), {"revision": "1"}).status_code for _ in range(4)]
    assert antworten[:2] == [200, 200] and 429 in antworten[2:]


def test_deleted_account_leaves_no_name_in_others_kept_input(aufruf):
    lena = UserFactory(first_name="Lena", last_name="Lötkolben")
    theo = UserFactory()
    neu = idee(aufruf, theo)
    neu.mitwirkende.create(user=lena)
    IdeeZwischenstand.objects.create(
        idee=neu, user=theo, daten={"team-0-name": ["Lena Lötkolben"]}, revision=1
    )
    konten_services.konto_loeschen(lena)
    assert IdeeZwischenstand.objects.get().daten == {"team-0-name": ["gelöschtes Konto"]}
