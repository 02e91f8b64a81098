"""The public Projektpipeline: only what the submitters allowed, filterable, paged."""

import pytest
from django.urls import reverse
from django.utils import timezone

from steckbriefe.models import Status, Steckbrief
from tests.factories import SteckbriefFactory

pytestmark = pytest.mark.django_db
URL = reverse("portfolio:projektpipeline")


def _sb(titel, status=Status.FINAL_EINGEREICHT, oeffentlich=True, gebiete=("14524",), **felder):
    sb = SteckbriefFactory(titel=titel, gebiete=list(gebiete), **felder)
    Steckbrief.objects.filter(pk=sb.pk).update(
        status=status, oeffentlich_listen=oeffentlich, final_eingereicht_am=timezone.now()
    )
    return sb


def test_only_published_submitted_steckbriefe_appear_with_what_the_consent_covers(client):
    sichtbar = _sb(
        "Wärmenetz Zwickau-Nord",
        kurzbeschreibung="Abwärme für 600 Wohnungen.",
        ansprechperson_email="geheim@example.org",
        foerdermittel=123456,
    )
    _sb("Ohne Zustimmung", oeffentlich=False)
    _sb("Noch ein Entwurf", status=Status.ENTWURF)
    _sb("Zurückgezogen", status=Status.ZURUECKGEZOGEN)
    Steckbrief.objects.filter(pk=sichtbar.pk).update(entscheidung="priorisiert")
    seite = client.get(URL).content.decode()
    assert "Wärmenetz Zwickau-Nord" in seite and "Abwärme für 600 Wohnungen." in seite
    assert "Landkreis Zwickau" in seite and "HF1 Wirtschaft" in seite
    for nicht in [
        "Ohne Zustimmung",
        "Noch ein Entwurf",
        "Zurückgezogen",
        "geheim@example.org",
        sichtbar.organisation.name,
        "123.456",
        "priorisiert",
    ]:
        assert nicht not in seite, nicht


def test_filters(client):
    _sb("Radweg Chemnitz", gebiete=["14511"])
    _sb("Wärmenetz Zwickau", gebiete=["14524"])
    _sb("Regionale Fachkräfteoffensive", gebiete=[], gesamte_region=True)
    seite = client.get(URL, {"ags": "14511"}).content.decode()
    assert "Radweg Chemnitz" in seite and "Regionale Fachkräfteoffensive" in seite
    assert "Wärmenetz Zwickau" not in seite
    seite = client.get(URL, {"q": "wärme"}).content.decode()
    assert "Wärmenetz Zwickau" in seite and "Radweg Chemnitz" not in seite
    assert "Keine Vorhaben gefunden." in client.get(URL, {"handlungsfeld": "HF2"}).content.decode()
    assert client.get(URL, {"ags": "99999", "seite": "x"}).status_code == 200


def test_titles_are_escaped(client):
    _sb("<img src=x onerror=alert(1)>")
    seite = client.get(URL).content.decode()
    assert "<img src=x" not in seite and "&lt;img src=x" in seite


@pytest.mark.parametrize("anzahl", [1, 30])
def test_query_count(client, django_assert_max_num_queries, anzahl):
    for i in range(anzahl):
        _sb(f"Vorhaben {i:02d}", gebiete=["14511", "14524"])
    with django_assert_max_num_queries(8):
        seite = client.get(URL)
    assert seite.status_code == 200
    assert f"{anzahl} Vorhaben" in seite.content.decode()
