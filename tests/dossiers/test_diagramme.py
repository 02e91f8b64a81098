"""Honest charts (issue 15, defect 5): bar lengths are the numbers their labels say, things
are named by name, a Handlungsfeld's dossier breaks down by Zieldimension and
Gebietskörperschaft (by Vorhabenart: the portfolio's distribution, once), and a missing volume
is never 0 €."""

import re

import pytest

from dossiers import diagramme, inhalte
from dossiers.models import ExportStatus
from handlungsfelder.models import Handlungsfeld

from .hilfen import dossier_erstellen, eingereicht, pdf_text

HFS = [
    {"code": "HF1", "name": "Wirtschaft"},
    {"code": "HF4", "name": "Bildung und Fachkräftesicherung"},
]
GEBIETE = ["Gesamte Region", "Stadt Chemnitz", "Landkreis Zwickau"]


def _eintrag(hf, gebiete, volumen=None, in_erarbeitung=False, **extra):
    return {
        "id": len(gebiete),
        "handlungsfeld": hf,
        "gebiete": gebiete,
        "volumen": volumen,
        "volumen_in_erarbeitung": in_erarbeitung,
        **extra,
    }


def _plan(eintraege):
    return {
        "handlungsfelder": HFS,
        "gebiete": GEBIETE,
        "eintraege": eintraege,
        "mit_bewertung": False,
    }


def _balken(svg: str) -> dict[str, float]:
    """Label → bar width of a chart of diagramme.balken."""
    namen = re.findall(r"<text x=\"0\" y=\"[\d.]+\" [^>]*><title>(.*?)</title>", svg)
    breiten = re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)"', svg)
    nach_y = {round((float(y) - 2) / 20): float(w) for y, w in breiten}
    return {name: nach_y.get(i, 0.0) for i, name in enumerate(namen)}


def test_bars_count_projects_once_and_carry_names():
    # HF4's one project is at two places, HF1's at one: both bars are "1" and equally long.
    plan = _plan(
        [
            _eintrag("HF1", ["Stadt Chemnitz"], "1000000"),
            _eintrag("HF4", ["Stadt Chemnitz", "Landkreis Zwickau"], None, in_erarbeitung=True),
        ]
    )
    statistik = inhalte.statistik(plan)
    [je_hf, je_gebiet] = diagramme.aufschluesselungen(statistik)
    assert je_hf["titel"] == "Steckbriefe je Handlungsfeld"
    breiten = _balken(je_hf["svg"])
    assert breiten == {
        "HF1 Wirtschaft": pytest.approx(breiten["HF4 Bildung und Fachkräftesicherung"]),
        "HF4 Bildung und Fachkräftesicherung": pytest.approx(breiten["HF1 Wirtschaft"]),
    }
    assert breiten["HF1 Wirtschaft"] > 0
    # Per place a project at two places counts at both, and the chart says so.
    assert _balken(je_gebiet["svg"]) == {
        "Stadt Chemnitz": pytest.approx(2 * _balken(je_gebiet["svg"])["Landkreis Zwickau"]),
        "Landkreis Zwickau": pytest.approx(_balken(je_gebiet["svg"])["Stadt Chemnitz"] / 2),
    }
    assert "zählt bei jedem Standort" in je_gebiet["hinweis"]


def test_a_missing_volume_is_not_zero_euro():
    plan = _plan(
        [
            _eintrag("HF1", ["Stadt Chemnitz"], "1000000"),
            _eintrag("HF1", ["Stadt Chemnitz"], None),
            _eintrag("HF4", ["Landkreis Zwickau"], None, in_erarbeitung=True),
        ]
    )
    statistik = inhalte.statistik(plan)
    assert statistik["ohne_volumen"] == 2 and statistik["in_erarbeitung"] == 1
    hf1, hf4 = statistik["zeilen"][0], statistik["zeilen"][1]
    assert hf1["gesamt"] == {"anzahl": 2, "volumen": 1000000, "ohne": 1}
    assert hf4["gesamt"] == {"anzahl": 1, "volumen": None, "ohne": 1}
    zwickau = GEBIETE.index("Landkreis Zwickau")
    assert hf4["zellen"][zwickau]["volumen"] is None
    svg = str(diagramme.volumen_balken(statistik))
    assert "1,0 Mio. € · 1 ohne Angabe" in svg
    assert "offen · 1 ohne Angabe" in svg
    assert "0 €" not in svg
    assert _balken(svg)["HF4 Bildung und Fachkräftesicherung"] == 0


def test_inside_one_handlungsfeld_the_charts_break_it_down():
    plan = _plan(
        [
            _eintrag(
                "HF1",
                ["Stadt Chemnitz"],
                "1",
                zieldimensionen=["HF1.1 Digitale Prozesse ausbauen", "HF1.2 Gründungen"],
                vorhabenart="Investition / Infrastruktur",
            ),
            _eintrag(
                "HF1",
                ["Landkreis Zwickau"],
                "1",
                zieldimensionen=["HF1.1 Digitale Prozesse ausbauen"],
                vorhabenart="Netzwerk / Kooperation",
            ),
        ]
    )
    titel = [d["titel"] for d in diagramme.aufschluesselungen(inhalte.statistik(plan))]
    # No count chart by Vorhabenart: the portfolio's distribution shows it (below).
    assert titel == ["Steckbriefe je Zieldimension", "Steckbriefe je Gebietskörperschaft"]
    [ziele, _] = diagramme.aufschluesselungen(inhalte.statistik(plan))
    breiten = _balken(ziele["svg"])
    assert breiten["HF1.1 Digitale Prozesse ausbauen"] == pytest.approx(
        2 * breiten["HF1.2 Gründungen"]
    )


@pytest.mark.django_db
def test_the_handlungsfeld_dossier_shows_the_breakdowns(gs):
    hf2 = Handlungsfeld.objects.get(code="HF2")
    eingereicht("Radschnellweg Zwickau", handlungsfeld=hf2)
    ohne = eingereicht("Bahnhof Aue", handlungsfeld=hf2, volumen=None)
    ohne.volumen_in_erarbeitung = True
    ohne.save()
    job = dossier_erstellen(gs, {"handlungsfeld": hf2.pk})
    assert job.status == ExportStatus.FERTIG, job.fehler
    texte = pdf_text(job.datei.path)
    zusammenfassung = next(t for t in texte if t.startswith("Zusammenfassung"))
    flach = " ".join(zusammenfassung.split())
    for titel in ["je Zieldimension", "je Gebietskörperschaft"]:
        assert f"Steckbriefe {titel}" in flach
    assert "HF2 Infrastruktur und Mobilität" in flach
    assert "1 Steckbrief ohne Angabe des Volumens, davon 1 mit Volumen in Erarbeitung" in flach
    assert "Steckbriefe je Handlungsfeld" not in flach
    # By Vorhabenart once: the portfolio's distribution with its table, no count chart.
    alles = " ".join(" ".join(texte).split())
    assert "Steckbriefe je Vorhabenart" not in alles
    assert alles.count("Vorhaben nach Vorhabenart") >= 1
    assert "Vorhabenart Vorhaben priorisiert" in alles
