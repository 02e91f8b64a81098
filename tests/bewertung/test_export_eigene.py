"""A Wirtschaftsförderung downloads its own Bewertungen (issue 13): CSV and XLSX through
kern.tabellen – only its own, never another area's or its own project's."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, zuweisung

pytestmark = pytest.mark.django_db


def _url(art):
    return reverse("admin:bewertung_bewertung_export", args=[art])


@pytest.fixture
def daten(wf_zwickau):
    fertig = final_sb(titel="Fertig", gebiete=[ZWICKAU, CHEMNITZ])
    bewertung_anlegen(zuweisung(fertig, ZWICKAU), [5] + [3] * 11)
    bewertung_anlegen(zuweisung(fertig, CHEMNITZ), [1] * 12)
    entwurf = final_sb(titel="=Entwurf")
    bewertung_anlegen(zuweisung(entwurf, ZWICKAU), [2] + [None] * 11, abgeschlossen=False)
    fremd = final_sb(titel="Fremd", gebiete=[CHEMNITZ])
    bewertung_anlegen(zuweisung(fremd, CHEMNITZ), [4] * 12)
    return fertig, entwurf


def test_csv_has_own_rows_with_criteria_and_german_numbers(client, wf_zwickau, daten):
    client.force_login(wf_zwickau)
    antwort = client.get(_url("csv"))
    assert antwort.status_code == 200
    assert antwort["Content-Disposition"].startswith('attachment; filename="meine-bewertungen-')
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf, *rest = zeilen
    assert kopf[:8] == [
        "Steckbrief-Nr.",
        "Titel",
        "Organisation",
        "Prüfende",
        "Kriterienkatalog",
        "Status",
        "Punkte (0–100)",
        "Gesamtempfehlung",
    ]
    assert "K1 Punkte" in kopf and "K1 Begründung" in kopf
    titel = [z[1] for z in rest]
    assert titel == ["'=Entwurf", "Fertig"]  # formula neutralised, sorted by title
    fertig = rest[1]
    assert fertig[3] == "Wirtschaftsförderung Landkreis Zwickau"
    assert fertig[5] == "abgeschlossen"
    punkte = zuweisung(daten[0], ZWICKAU).bewertung.punkte
    assert float(fertig[6].replace(",", ".")) == round(punkte, 1)
    assert fertig[kopf.index("K1 Punkte")] == "5"
    assert rest[0][5] == "Entwurf"


def test_xlsx_keeps_numbers_and_excludes_others(client, wf_zwickau, wf_chemnitz, daten):
    client.force_login(wf_zwickau)
    antwort = client.get(_url("xlsx"))
    blatt = load_workbook(io.BytesIO(antwort.content)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    assert blatt.title == "Meine Bewertungen"
    assert len(zeilen) == 3
    kopf = zeilen[0]
    assert isinstance(zeilen[2][kopf.index("K1 Punkte")], int)
    assert all("Fremd" not in str(z[1]) for z in zeilen)
    assert all("Stadt Chemnitz" not in str(z[3]) for z in zeilen)


def test_own_project_is_not_exported(client, daten):
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin@example.org")
    eigen = final_sb(titel="Eigenes", ansprechperson_email="kollegin@example.org")
    bewertung_anlegen(zuweisung(eigen, ZWICKAU), [3] * 12)
    client.force_login(kollegin)
    inhalt = client.get(_url("csv")).content.decode("utf-8-sig")
    assert "Eigenes" not in inhalt and "Fertig" in inhalt


def test_unknown_format_is_404_and_links_on_the_list(client, wf_zwickau, daten):
    client.force_login(wf_zwickau)
    assert client.get(_url("pdf")).status_code == 404
    seite = client.get(reverse("admin:bewertung_bewertung_changelist")).content.decode()
    assert f'href="{_url("csv")}"' in seite and f'href="{_url("xlsx")}"' in seite


@pytest.mark.parametrize("anzahl", [1, 30])
def test_export_query_count(client, wf_zwickau, anzahl, django_assert_max_num_queries):
    for i in range(anzahl):
        sb = final_sb(titel=f"V{i}")
        bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12)
    client.force_login(wf_zwickau)
    client.get(_url("csv"))
    with django_assert_max_num_queries(8):
        assert client.get(_url("csv")).status_code == 200
