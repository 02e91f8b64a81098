"""The Befangenheit of Zuweisungen (inline on the Steckbrief form, Zuweisung form) is read
in a fixed number of queries, not one per Zuweisung and person (befangenheit_texte with
regeln.eigene_projekt_gruende); the texts stay those of befangenheit_text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bewertung import regeln
from bewertung.admin_steckbrief import befangenheit_texte
from handlungsfelder.models import Gebietskoerperschaft
from konten.models import Mitgliedschaft
from tests.factories import wirtschaftsfoerderung

from .conftest import ZWICKAU, final_sb

pytestmark = pytest.mark.django_db


_nummer = iter(range(10_000))


def _personen(je_gebiet: int, gebiete) -> list:
    return [
        wirtschaftsfoerderung(ags, email=f"wf-{ags}-{next(_nummer)}@example.org")
        for ags in gebiete
        for _ in range(je_gebiet)
    ]


def _anzahl(client, url) -> int:
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(url)
    assert antwort.status_code == 200
    return len(abfragen)


def test_steckbrief_form_inline_needs_the_same_queries_for_1_and_5_zuweisungen(client, gs):
    alle = list(Gebietskoerperschaft.objects.values_list("ags", flat=True))
    _personen(1, [ZWICKAU])
    eins = final_sb(gebiete=[ZWICKAU])
    client.force_login(gs)
    client.get(reverse("admin:index"))  # the first request after the login writes the session
    wenige = _anzahl(client, reverse("admin:steckbriefe_steckbrief_change", args=[eins.pk]))
    _personen(3, alle)
    fuenf = final_sb(gesamte_region=True, gebiete=[])
    assert fuenf.zuweisungen.count() == 5
    # One of them is conflicted (member of the submitting Organisation): it is named.
    kollege = wirtschaftsfoerderung(alle[0], email="mitglied@example.org")
    Mitgliedschaft.objects.create(user=kollege, organisation=fuenf.organisation)
    url = reverse("admin:steckbriefe_steckbrief_change", args=[fuenf.pk])
    viele = _anzahl(client, url)
    assert viele == wenige <= 25
    seite = client.get(url).content.decode()
    assert "Eigenes Projekt, gesperrt:" in seite and "mitglied@example.org" in seite


def test_zuweisung_form_needs_the_same_queries_for_1_and_6_persons(client, gs):
    _personen(1, [ZWICKAU])
    sb = final_sb()
    z = sb.zuweisungen.get()
    client.force_login(gs)
    url = reverse("admin:bewertung_zuweisung_change", args=[z.pk])
    client.get(url)  # the first request after the login writes the session
    einer = _anzahl(client, url)
    _personen(5, [ZWICKAU])
    assert _anzahl(client, url) == einer <= 20


def test_batched_reasons_equal_the_single_rule(gs):
    alle = list(Gebietskoerperschaft.objects.values_list("ags", flat=True))
    personen = _personen(2, alle)
    sb = final_sb(gesamte_region=True, gebiete=[], ansprechperson_email=personen[1].email.upper())
    Mitgliedschaft.objects.create(user=personen[2], organisation=sb.organisation)
    sb.erstellt_von = personen[3]
    sb.save(update_fields=["erstellt_von"])
    paare = [(p, sb) for p in personen]
    erwartet = {(p.pk, sb.pk): grund for p in personen if (grund := regeln.eigenes_projekt(p, sb))}
    assert len(erwartet) == 3
    assert regeln.eigene_projekt_gruende(paare) == erwartet
    texte = befangenheit_texte(sb.zuweisungen.select_related("steckbrief", "pruefer"))
    gesperrt = [t for t in texte.values() if t != "–"]
    assert len(gesperrt) == 2  # the first area has two conflicted persons, the second one
