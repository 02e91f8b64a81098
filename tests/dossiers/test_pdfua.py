"""PDF/UA by construction (issue 15): the structure tree of real dossiers and Steckbrief
PDFs walked with pikepdf (tests/dossiers/pdfpruefung.strukturfehler). No full checker
(veraPDF) runs here; what the walk checks and what not is said there."""

import pytest

from dossiers.models import ExportStatus

from .hilfen import dossier_erstellen
from .pdfpruefung import rangliste_seitenfehler, strukturfehler

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wer", ["gs", "wf"])
def test_dossier_structure_reaches_all_content(gs, wf, fuenf, wer):
    user = {"gs": gs, "wf": wf}[wer]
    job = dossier_erstellen(user, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert strukturfehler(job.datei.path) == []


def test_steckbrief_pdf_structure(einreichend, fuenf):
    job = dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert strukturfehler(job.datei.path) == []


def test_dossier_is_pdf_a_3b_and_pdf_ua_1_after_the_merge(gs, fuenf):
    """The output intent and XMP metadata survive the merge; XMP and /Info agree, as
    PDF/A requires; the cover states filter, date and who requested it."""
    import pikepdf

    from .hilfen import pdf_text

    job = dossier_erstellen(gs, {"alle": True, "mit_kommentaren": True})
    with pikepdf.open(job.datei.path) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        assert intent.DestOutputProfile.N == 3  # sRGB
        assert "/Filter" not in pdf.Root.Metadata  # XMP uncompressed
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"] == str(pdf.docinfo.Title) == "Dossier: Alle Steckbriefe"
            assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
            assert (
                meta["xmp:CreateDate"][:19].replace("-", "").replace("T", "").replace(":", "")
                == str(pdf.docinfo.CreationDate)[2:16]
            )
        assert len(pdf.trailer.ID) == 2
        for seite in pdf.pages:
            for annot in seite.get("/Annots", []):
                assert int(annot.F) & 4  # printable
    deckblatt = " ".join(pdf_text(job.datei.path)[0].split())
    assert "Auswahl Alle eingereichten Steckbriefe" in deckblatt
    assert "mit den Kommentaren der Bewertenden" in deckblatt
    assert "Angefordert von Greta Geschäftsstelle" in deckblatt
    assert "Stand der Daten" in deckblatt


def test_dossier_of_all_demo_steckbriefe(settings):
    """The structure walk on the dossier the Geschäftsstelle would make first: all demo
    Steckbriefe (manage.py demodaten), with comments."""
    from django.core.management import call_command

    from konten.models import User

    settings.DOSSIER_TEIL_GROESSE = 25
    call_command("demodaten", stdout=open("/dev/null", "w"))  # noqa: SIM115
    gs = next(u for u in User.objects.filter(is_active=True) if u.ist_geschaeftsstelle)
    job = dossier_erstellen(gs, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.anzahl >= 5
    assert strukturfehler(job.datei.path) == []
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []


@pytest.mark.integration
def test_dossier_of_200_steckbriefe(gs, settings):
    """The structure walk on a dossier of 200 Steckbriefe (eight chunks of 25, contents
    and ranking over several pages); runs in CI."""
    from .hilfen import bewerten, eingereicht

    settings.DOSSIER_TEIL_GROESSE = 25
    for i in range(200):
        sb = eingereicht(f"Vorhaben {i:03d} – Südwestsachsen")
        if i % 3 == 0:
            bewerten(sb, [i % 5 + 1, 3])
    job = dossier_erstellen(gs, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.anzahl == 200
    assert strukturfehler(job.datei.path) == []
    assert rangliste_seitenfehler(job.datei.path, job.plan) == []
