"""DSGVO for the Ideenwettbewerb: the ideas in the Art. 15 export, the person's data gone
after Art. 17 (ownership passes to a co-entrant, or the idea and its pitch deck go)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ideen import services
from ideen.models import Idee, IdeeEinladung, IdeeProtokoll, IdeeVersion, Mitwirkende
from konten import services as konten_services
from konten.datenauskunft import als_json
from tests.factories import UserFactory, idee, ideenaufruf

pytestmark = pytest.mark.django_db


@pytest.fixture
def aufruf():
    return ideenaufruf()


def test_art_15_export_contains_own_and_co_entered_ideas(aufruf):
    lena = UserFactory(first_name="Lena", last_name="Lötkolben", email="lena@example.org")
    eigene = idee(aufruf, lena, titel="Zweites Leben für Batterien")
    fremde = idee(aufruf, UserFactory(), titel="Sensorhaut")
    Mitwirkende.objects.create(idee=fremde, user=lena)
    services.einladen(eigene, lena, "mit@example.org")
    daten = json.loads(als_json(lena))
    ideen = {i["titel"]: i for i in daten["ideen"]}
    assert ideen["Zweites Leben für Batterien"]["ihre_rolle"] == "angelegt"
    assert ideen["Sensorhaut"]["ihre_rolle"] == "mitwirkend"
    assert ideen["Sensorhaut"]["team"] == [{"name": "Theo Tüftler", "rolle": "Forschung"}]
    assert daten["einladungen_zu_ideen_von_ihnen"][0]["an"] == "mit@example.org"
    assert "Idee angelegt" not in json.dumps(daten["protokolleintraege_zu_ideen_von_ihnen"])
    assert json.loads(als_json(UserFactory()))["ideen"] == []


def test_art_17_passes_an_idea_to_its_co_entrant_and_removes_the_name(aufruf):
    lena = UserFactory(first_name="Lena", last_name="Lötkolben", email="lena@example.org")
    theo = UserFactory(first_name="Theo", last_name="Tüftler")
    neu = services.idee_anlegen(
        aufruf,
        lena,
        {
            "titel": "Batterien",
            "kernsatz": "Satz.",
            "problem": "P.",
            "loesung": "L.",
            "reifegrad": 3,
            "regionsbezug": "R.",
        },
        [("Lena Lötkolben", "Gründerin"), ("Omar Haddad", "Vertrieb")],
    )
    Mitwirkende.objects.create(idee=neu, user=theo)
    services.einreichen(neu, lena)
    konten_services.konto_loeschen(lena)
    neu.refresh_from_db()
    assert neu.eigentuemer == theo
    assert not neu.mitwirkende.exists()
    assert list(neu.team.values_list("name", flat=True)) == ["Omar Haddad"]
    text = json.dumps(IdeeVersion.objects.get(idee=neu).daten, ensure_ascii=False)
    assert "Lena" not in text and "gelöschtes Konto – Gründerin" in text
    assert IdeeProtokoll.objects.filter(idee=neu, aktion="Übertragen").exists()


def test_art_17_deletes_an_idea_nobody_else_works_on_with_its_pitch_deck(
    aufruf, django_capture_on_commit_callbacks
):
    lena = UserFactory(email="lena@example.org")
    neu = idee(aufruf, lena)
    neu.pitchdeck.save("deck", ContentFile(b"%PDF-1.4"), save=True)
    pfad = neu.pitchdeck.name
    fremde = idee(aufruf, UserFactory())
    services.einladen(fremde, fremde.eigentuemer, "lena@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        konten_services.konto_loeschen(lena)
    assert not Idee.objects.filter(pk=neu.pk).exists()
    assert not default_storage.exists(pfad)
    assert not IdeeEinladung.objects.filter(email="lena@example.org").exists()
    assert Idee.objects.filter(pk=fremde.pk).exists()
