"""The ranking's "Seite" column (issue 15): each row names and links the page on which its
Steckbrief's section starts, read back with pdftotext (pdfpruefung.rangliste_seitenfehler),
also when the ranking spans several pages and several pieces."""

from unittest import mock

import pytest

from dossiers.models import DossierTeil, ExportStatus

from .hilfen import bewerten, dossier_erstellen, eingereicht
from .pdfpruefung import rangliste_seitenfehler, seiten, strukturfehler

pytestmark = pytest.mark.django_db


def test_page_column_of_the_small_dossier(gs, fuenf):
    job = dossier_erstellen(gs, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []
    # The pieces of the ranking were only layout probes: their length is what was merged.
    probe = DossierTeil.objects.get(job=job, art="rangliste").seiten
    assert probe == sum(1 for s in seiten(job.datei.path) if s.breite > s.hoehe)


@pytest.mark.parametrize("wer", ["gs", "wf"])
def test_page_column_when_the_ranking_spans_pieces_and_pages(gs, wf, settings, wer):
    """23 Steckbriefe with long titles, chunks of 8 and ranking slices of 10 rows: three
    ranking pieces, three chunks; the Wirtschaftsförderung gets the overview without scores."""
    settings.DOSSIER_TEIL_GROESSE = 8
    settings.DOSSIER_INHALT_JE_TEIL = 10
    for i in range(23):
        lang = " und Wärmenetz mit Speicher im Erzgebirge" * (i % 4)
        sb = eingereicht(f"Vorhaben {i:02d} Wasserstoff{lang}")
        if i % 2:
            bewerten(sb, [i % 5 + 1, 3])
    user = {"gs": gs, "wf": wf}[wer]
    # The final slices (three of the ranking, three of the contents) are rendered by the
    # pieces' tasks; the merge renders neither again.
    with mock.patch("dossiers.dossier._vorne_rendern", side_effect=AssertionError("neu")):
        job = dossier_erstellen(user, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert len(job.plan["eintraege"]) == 23
    assert DossierTeil.objects.filter(job=job, art="rangliste").count() == 3
    assert DossierTeil.objects.filter(job=job, art="rangliste_final", seiten__gt=0).count() == 3
    assert sum(1 for s in seiten(job.datei.path) if s.breite > s.hoehe) >= 3
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []
    assert strukturfehler(job.datei.path) == []


def test_page_column_follows_a_steckbrief_deleted_after_the_plan(gs, fuenf, settings):
    """A Steckbrief deleted while the pieces render has no section: its row leaves the
    ranking and the numbers of the others stay right."""
    from dossiers import dossier
    from steckbriefe.models import Steckbrief

    original = dossier.teil_rendern
    geloescht = []

    def loeschen_vor_dem_letzten_teil(job, teil, ziel):
        if teil.art == "steckbriefe" and teil.stueck == 2:
            geloescht.extend(teil.steckbrief_ids)
            Steckbrief.objects.filter(pk__in=teil.steckbrief_ids).delete()
        return original(job, teil, ziel)

    with mock.patch("dossiers.dossier.teil_rendern", loeschen_vor_dem_letzten_teil):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    plan = {**job.plan, "eintraege": [e for e in job.plan["eintraege"] if e["id"] not in geloescht]}
    assert len(plan["eintraege"]) == 4
    assert rangliste_seitenfehler(job.datei.path, plan) == []


def test_page_column_of_59_steckbriefe(gs, settings):
    """59 Steckbriefe (issue 15's size), default slices: one ranking piece over several
    landscape pages, three chunks of 25."""
    settings.DOSSIER_TEIL_GROESSE = 25
    for i in range(59):
        sb = eingereicht(f"Vorhaben {i:02d} – Südwestsachsen")
        if i % 3 == 0:
            bewerten(sb, [i % 5 + 1, 3])
    job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert sum(1 for s in seiten(job.datei.path) if s.breite > s.hoehe) >= 3
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []


def test_page_column_when_a_final_slice_differs_from_its_probe(gs, fuenf):
    """Should a final slice come out of another length than its probe said (here: the
    probe of the ranking reports one page too many), the numbers they carry are wrong: the merge
    renders contents and ranking again with the real lengths, and the numbers are right."""
    from dossiers import dossier

    original = dossier.teil_rendern

    def kurze_probe(job, teil, ziel):
        seiten, anfaenge = original(job, teil, ziel)
        if teil.art == "rangliste":
            return seiten + 1, anfaenge
        return seiten, anfaenge

    with (
        mock.patch("dossiers.dossier.teil_rendern", kurze_probe),
        mock.patch("dossiers.dossier._vorne_rendern", wraps=dossier._vorne_rendern) as neu,
    ):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    neu.assert_called_once()
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []
    assert strukturfehler(job.datei.path) == []
