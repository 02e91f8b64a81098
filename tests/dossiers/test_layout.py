"""Layout that survives any input (issue 15, defects 1, 2 and 8), read back with poppler's
`pdftotext -bbox`: every word on the page, nothing cut off, the footer never under the
stamped page number, the Bewertung box in one piece.

DOSSIER_BILDER=/tmp/shots/dossiers writes page images of the PDFs to look at."""

import datetime
import os
from pathlib import Path

import pytest

from dossiers.models import ExportStatus
from handlungsfelder.models import Handlungsfeld
from steckbriefe.models import Meilenstein

from .hilfen import bewerten, dossier_erstellen, eingereicht
from .pdfpruefung import Seite, bilder, ohne_umbrueche, seiten

pytestmark = pytest.mark.django_db

# 100 characters without a space or a hyphenation point a dictionary would know.
LANG = "Wasserstoffelektrolyseurinfrastrukturertüchtigungsmaßnahmenkoordinierungsstelle" + "X" * 21
assert len(LANG) == 100
LANG2 = "Q" * 40 + "Finanzierungsbeteiligungsvereinbarungsentwurfsüberarbeitung" + "9" * 0
LANG2 = LANG2 + "Z" * (100 - len(LANG2))


def _bilder(job, name):
    ziel = os.environ.get("DOSSIER_BILDER")
    if ziel:
        bilder(job.datei.path, Path(ziel), name)


def _innerhalb(seite: Seite) -> list:
    """Words whose box leaves the page (0.5 pt tolerance)."""
    return [
        w
        for w in seite.woerter
        if w.x0 < -0.5 or w.y0 < -0.5 or w.x1 > seite.breite + 0.5 or w.y1 > seite.hoehe + 0.5
    ]


@pytest.fixture
def lange_woerter(db):
    sb = eingereicht(LANG, volumen="2500000")
    sb.finanzierungsplan = f"Erstens {LANG2} und zweitens nichts."
    sb.kurzbeschreibung = f"{LANG2} {LANG}"
    sb.save()
    Meilenstein.objects.create(steckbrief=sb, bezeichnung=LANG2, termin=datetime.date(2029, 3, 1))
    bewerten(sb, [4, 3])
    andere = [eingereicht(f"Kurzes Vorhaben {i}") for i in range(2)]
    return sb, andere


@pytest.mark.parametrize("art", ["steckbrief_pdf", "dossier"])
def test_long_words_wrap_and_every_character_stays_on_the_page(
    gs, einreichend_lang, lange_woerter, art
):
    sb, andere = lange_woerter
    if art == "steckbrief_pdf":
        job = dossier_erstellen(einreichend_lang, {"steckbrief": sb.pk}, art=art)
    else:
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, f"lange-woerter-{art}")
    alle = seiten(job.datei.path)
    for seite in alle:
        assert _innerhalb(seite) == [], [w.text for w in _innerhalb(seite)]
    text = ohne_umbrueche(" ".join(s.text() for s in alle))
    # Title, milestone, financing plan and short description: every character is there
    # (the title in the heading, the contents, the ranking and the footer of the PDF).
    assert text.count(ohne_umbrueche(LANG)) >= (2 if art == "steckbrief_pdf" else 4)
    assert text.count(ohne_umbrueche(LANG2)) >= 3
    if art == "dossier":
        # The contents keep the page number of every entry in their column.
        inhalt = alle[1]
        nummern = [w for w in inhalt.woerter if w.text.isdigit() and w.x0 > inhalt.breite * 0.8]
        assert len(nummern) >= 2 + 1 + len(andere), [w.text for w in inhalt.woerter]


@pytest.fixture
def einreichend_lang(lange_woerter):
    from tests.factories import mitglied

    return mitglied(lange_woerter[0].organisation)


def _fusszeile_und_nummer(seite: Seite):
    """Words of the bottom margin: (footer words, box of "Seite X von Y")."""
    unten = [w for w in seite.woerter if w.y0 > seite.hoehe - 22 * 72 / 25.4]
    for i in range(len(unten) - 3):
        a, b, c, d = unten[i : i + 4]
        if a.text == "Seite" and b.text.isdigit() and c.text == "von" and d.text.isdigit():
            nummer = unten[i : i + 4]
            rest = unten[:i] + unten[i + 4 :]
            return rest, (min(w.x0 for w in nummer), max(w.x1 for w in nummer), nummer)
    return unten, None


@pytest.mark.parametrize("auswahl", ["handlungsfeld", "ids"])
def test_footer_never_runs_into_the_page_number(gs, fuenf, lange_woerter, auswahl):
    sb, andere = lange_woerter
    hf2 = Handlungsfeld.objects.get(code="HF2")
    parameter = (
        {"handlungsfeld": hf2.pk}
        if auswahl == "handlungsfeld"
        else {"ids": [sb.pk, *(s.pk for s in fuenf)]}
    )
    job = dossier_erstellen(gs, parameter)
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, f"fusszeile-{auswahl}")
    alle = seiten(job.datei.path)
    for nummer, seite in enumerate(alle[1:], start=2):
        fuss, stempel = _fusszeile_und_nummer(seite)
        assert stempel is not None, (nummer, seite.text()[-200:])
        links, rechts, woerter = stempel
        assert [w.text for w in woerter] == ["Seite", str(nummer), "von", str(len(alle))]
        assert fuss, "the footer is there"
        for wort in fuss:
            ueberlappt_senkrecht = wort.y0 < woerter[0].y1 and wort.y1 > woerter[0].y0
            assert wort.x1 < links - 2 or not ueberlappt_senkrecht, (nummer, wort, links)
        assert _innerhalb(seite) == []


def test_the_evaluation_box_is_kept_together(gs):
    """Steckbriefe of growing length push the Bewertung box across every position of the
    page; it must never be split (its heading and the decision on one page)."""
    steckbriefe = []
    for i in range(8):
        sb = eingereicht(f"Vorhaben mit Länge {i}")
        sb.kernansatz = "\n\n".join(
            f"Absatz {k}: Ausbau der Ladeinfrastruktur im ländlichen Raum mit Partnern." * 3
            for k in range(6 + 2 * i)
        )
        sb.save()
        bewerten(sb, [3, 4], kommentar="Solide.")
        steckbriefe.append(sb)
    job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, "bewertungsbox")
    alle = seiten(job.datei.path)
    for sb in steckbriefe:
        start = next(i for i, s in enumerate(alle) if f"Nr. {sb.pk} ·" in s.text())
        ende = start
        while ende + 1 < len(alle) and "Steckbrief Nr." not in alle[ende + 1].text():
            ende += 1
        kopf = next(
            i
            for i in range(start, ende + 1)
            if any(w.text == "Bewertung" for w in alle[i].woerter)
            and "mittlere gewichtete" in alle[i].text()
        )
        entscheidung = next(i for i in range(start, ende + 1) if "Entscheidung:" in alle[i].text())
        assert kopf == entscheidung, (sb.titel, kopf, entscheidung)
        # No page of the section holds only the tail of the box.
        for i in range(start, ende + 1):
            assert len(alle[i].woerter) > 12, (sb.titel, i, alle[i].text())


def test_emoji_are_named_not_empty_boxes(einreichend, fuenf):
    """Issue 15, defect 9: DejaVu has no emoji; they are written as their names."""
    from pypdf import PdfReader

    sb = fuenf[0]
    sb.kurzbeschreibung = "Start 🚀 mit Partnern 👍🏽 – Ziel ✅️ und 🦄, Pfeil → bleibt."
    sb.save()
    job = dossier_erstellen(einreichend, {"steckbrief": sb.pk}, art="steckbrief_pdf")
    assert job.status == ExportStatus.FERTIG, job.fehler
    text = " ".join(s.text() for s in seiten(job.datei.path))
    assert "Start [Emoji: Rakete] mit Partnern [Emoji: Daumen hoch] – Ziel [Emoji: Häkchen]" in text
    assert "[Emoji: Unicorn face]" in text and "Pfeil → bleibt." in text
    # Every character drawn has a glyph in the embedded fonts (none maps to .notdef/0).
    reader = PdfReader(job.datei.path)
    for seite in reader.pages:
        assert "🚀" not in seite.extract_text() and "\ufffd" not in seite.extract_text()


def test_continuation_pages_carry_the_title_and_comments_mean_confidential(gs, fuenf):
    """Issue 15: a running header with the Steckbrief's title on its continuation pages;
    every page of a dossier with reviewers' comments is marked "Vertraulich"."""
    job = dossier_erstellen(gs, {"ids": [fuenf[0].pk], "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, "kopfzeile")
    alle = seiten(job.datei.path)
    for seite in alle:
        oben = [w for w in seite.woerter if w.y1 < 20 * 72 / 25.4]
        assert "Vertraulich" in [w.text for w in oben], seite.text()[:200]
    start = next(i for i, s in enumerate(alle) if f"Nr. {fuenf[0].pk} ·" in s.text())
    assert start + 1 < len(alle), "the Steckbrief runs over more than one page"
    kopf = lambda s: " ".join(w.text for w in s.woerter if w.y1 < 20 * 72 / 25.4)  # noqa: E731
    assert fuenf[0].titel not in kopf(alle[start])  # not on its first page
    assert f"1. {fuenf[0].titel} (Fortsetzung)" in kopf(alle[start + 1])
    # Without comments nothing is marked.
    ohne = dossier_erstellen(gs, {"ids": [fuenf[0].pk]})
    assert all("Vertraulich" not in s.text() for s in seiten(ohne.datei.path))


def test_the_submitters_pdf_states_status_and_date(einreichend, fuenf):
    from django.utils import timezone

    job = dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    erste = seiten(job.datei.path)[0].text()
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Status: In Bewertung · Stand dieses PDF: {heute}," in erste


def test_ranking_in_landscape_with_places_funding_status_and_links(gs, fuenf):
    from pypdf import PdfReader

    from .pdfpruefung import strukturfehler

    job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    _bilder(job, "rangliste")
    alle = seiten(job.datei.path)
    nummer = next(i for i, s in enumerate(alle) if s.text().startswith("Rangliste"))
    rangliste = alle[nummer]
    assert rangliste.breite > rangliste.hoehe  # landscape
    text = rangliste.text()
    for spalte in ["Gebietskörperschaft", "Fördermittel", "Status", "Entscheidung"]:
        assert spalte in text
    assert ohne_umbrueche("Erzgebirgskreis, Landkreis Zwickau") in ohne_umbrueche(text)
    assert "In Bewertung" in text and "2.000.000 €" in text
    # The stamped number sits at the landscape page's right edge, beside the footer.
    fuss, stempel = _fusszeile_und_nummer(rangliste)
    assert stempel is not None and stempel[1] > rangliste.breite - 60
    assert all(w.x1 < stempel[0] - 2 for w in fuss)
    # Every title links to the first page of its section.
    reader = PdfReader(job.datei.path)
    seiten_ids = [p.indirect_reference.idnum for p in reader.pages]
    ziele = set()
    for annot in reader.pages[nummer].get("/Annots", []):
        aktion = annot.get_object()["/A"]
        ziele.add(seiten_ids.index(aktion["/D"][0].idnum))
    anfaenge = {
        next(i for i, s in enumerate(alle) if f"Steckbrief Nr. {sb.pk} ·" in s.text())
        for sb in fuenf
    }
    assert ziele == anfaenge
    assert strukturfehler(job.datei.path) == []
