"""The portfolio's charts in the dossier's summary (issue 17): heat map Zieldimensionen ×
Gebietskörperschaften, distributions by Vorhabenart, Reifegrad and Organisationstyp and the
gaps, for the dossier's own selection (not the whole portfolio), each chart with its data
table, inside the page and tagged (structure walk)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from dossiers.models import ExportStatus
from handlungsfelder.models import Handlungsfeld, Zieldimension
from steckbriefe.models import Steckbrief

from .hilfen import dossier_erstellen, eingereicht, pdf_text
from .pdfpruefung import bilder, ohne_umbrueche, seiten, strukturfehler

pytestmark = pytest.mark.django_db
ZWICKAU, CHEMNITZ, ERZGEBIRGE = "14524", "14511", "14521"


def _sb(titel, ziele, gebiete, foerdermittel, **felder):
    sb = eingereicht(titel, gebiete=gebiete)
    Steckbrief.objects.filter(pk=sb.pk).update(foerdermittel=Decimal(foerdermittel), **felder)
    sb.zieldimensionen.set(Zieldimension.objects.filter(code__in=ziele))
    return sb


@pytest.fixture
def auswahl():
    """Three Steckbriefe of a known selection and one outside it."""
    a = _sb(
        "Digitales Rathaus Zwickau",
        ["HF1.1", "HF2.1"],
        [ZWICKAU],
        1_000_000,
        vorhabenart="investition",
        reifegrad="konzept",
        entscheidung="priorisiert",
    )
    b = _sb(
        "Forschungsfabrik Chemnitz–Zwickau",
        ["HF1.1"],
        [CHEMNITZ, ZWICKAU],
        3_000_000,
        vorhabenart="fue",
        reifegrad="idee",
    )
    c = _sb("Gründerzentrum Zwickau", ["HF1.2"], [ZWICKAU], 500_000, vorhabenart="fue")
    draussen = _sb("Bergbaumuseum Erzgebirge", ["HF3.1"], [ERZGEBIRGE], 9_000_000)
    return [a, b, c], draussen


def _portfolio(job) -> str:
    """The portfolio part of the summary, read back (between its heading and the ranking)."""
    texte = pdf_text(job.datei.path)
    anfang = next(i for i, t in enumerate(texte) if "Portfolio der Auswahl" in t)
    ende = next(
        i for i, t in enumerate(texte) if "Rangliste" in t[:40] or "Übersicht der" in t[:40]
    )
    text = " ".join(" ".join(texte[anfang:ende]).split())
    return text[text.index("Portfolio der Auswahl") :]


def _bilder(job, name):
    if os.environ.get("DOSSIER_BILDER"):
        bilder(job.datei.path, Path(os.environ["DOSSIER_BILDER"]), name)


def test_summary_shows_the_portfolio_of_the_selection(gs, auswahl):
    (a, b, c), draussen = auswahl
    job = dossier_erstellen(gs, {"ids": [a.pk, b.pk, c.pk]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, "portfolio")
    text = _portfolio(job)
    # Only the selection: 1 + 3 + 0,5 Mio. € requested, the fourth Steckbrief not counted.
    assert "hier nur für die 3 Steckbriefe dieses Dossiers: 4.500.000 € beantragte " in text
    assert "davon 1 Vorhaben priorisiert" in text
    # The heat map's numbers (its SVG text) by Zieldimension: Erzgebirgskreis, Mittelsachsen,
    # Zwickau, Chemnitz, Vogtlandkreis, gesamte Region.
    assert "HF1.1 – – 2 1 – – HF1.2 – – 1 – – – HF1.3 – – – – – –" in text
    assert "HF2.1 – – 1 – – – HF2.2" in text and "HF3.1 – – – – – –" in text
    # Its data table: count and Fördermittel per cell, the row total counts a Vorhaben once.
    flach = ohne_umbrueche(text)
    assert (
        ohne_umbrueche(
            "HF1.1 Digitale Prozesse ausbauen – – 2 4,0 Mio. € 1 3,0 Mio. € – – 2 4,0 Mio. €"
        )
        in flach
    )
    assert ohne_umbrueche("HF1.2 Ressourceneffiziente Prozesse optimieren – – 1 500.000 €") in flach
    assert "Bergbaumuseum" not in text and "9,0 Mio. €" not in text
    # Gaps: the outside Steckbrief's Zieldimension is one, by name; Teilziele of an addressed
    # Zieldimension that nobody names are listed.
    assert (
        ohne_umbrueche("HF3.1 Technologiekompetenzen vertiefen & Talente fördern Kein Steckbrief")
        in flach
    )
    assert (
        ohne_umbrueche("HF1.1 Digitale Prozesse ausbauen Teilziele: Make: Interner Kompetenzaufbau")
        in flach
    )
    assert "17 Zieldimensionen" in text
    # Distributions with their tables (all, prioritised).
    assert "Vorhaben nach Vorhabenart" in text and "Forschung & Entwicklung 2 0" in text
    assert "Investition / Infrastruktur 1 1" in text
    assert "Reifegrad Vorhaben priorisiert Idee 1 0 Konzept liegt vor 2 1" in text
    assert "Organisationstyp Vorhaben priorisiert" in text and "Unternehmen 3 1" in text
    assert strukturfehler(job.datei.path) == []


def test_without_bewertung_no_scores_and_no_decisions(wf, auswahl):
    """A Wirtschaftsförderung's dossier: the same charts without "priorisiert" (decisions
    are not hers before their notice) and without mean scores."""
    (a, b, c), _ = auswahl
    job = dossier_erstellen(wf, {"ids": [a.pk, b.pk, c.pk]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    text = _portfolio(job)
    assert "HF1.1 – – 2 1 – –" in text
    assert "Forschung & Entwicklung 2" in text
    assert "priorisiert" not in text and "Ø" not in text
    assert strukturfehler(job.datei.path) == []


def test_handlungsfeld_dossier_keeps_the_gaps_to_its_zieldimensionen(gs, auswahl):
    job = dossier_erstellen(gs, {"handlungsfeld": Handlungsfeld.objects.get(code="HF1").pk})
    assert job.status == ExportStatus.FERTIG, job.fehler
    text = _portfolio(job)
    luecken = text[text.index("Lücken") : text.index("Vorhaben nach Vorhabenart, Reifegrad")]
    assert "HF1.3" in luecken and "HF1.4" in luecken
    assert "HF5.1" not in luecken and "HF4.1" not in luecken
    # The heat map still shows what the Steckbriefe address outside the Handlungsfeld.
    assert ohne_umbrueche("HF2.1 Leistungsfähige") in ohne_umbrueche(text)


def test_charts_fit_the_page(gs, auswahl):
    """Every word of the portfolio pages inside the page (the structure walk checks the
    figures' boxes)."""
    (a, b, c), _ = auswahl
    job = dossier_erstellen(gs, {"ids": [a.pk, b.pk, c.pk]})
    for seite in seiten(job.datei.path):
        for w in seite.woerter:
            assert -0.5 < w.x0 and w.x1 < seite.breite + 0.5, w
