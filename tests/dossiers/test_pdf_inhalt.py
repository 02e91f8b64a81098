"""What the PDFs contain, read back with pypdf: titles, umlauts, German amounts and dates,
page numbers, the table of contents and where its entries really start, metadata, tags,
embedded fonts, and which roles get which Bewertung details."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from dossiers.models import DossierTeil, ExportStatus
from steckbriefe.models import Anlage

from .hilfen import dossier_erstellen, pdf_text

pytestmark = pytest.mark.django_db

SEITE = re.compile(r"Seite (\d+) von (\d+)")


def _flach(text: str) -> str:
    return " ".join(text.split())


def _inhaltsverzeichnis(texte: list[str], fuenf) -> dict[str, int]:
    """Entry → page number, read from the contents pages (between cover and summary)."""
    ende = next(i for i, t in enumerate(texte) if t.startswith("Zusammenfassung"))
    inhalt = _flach(" ".join(texte[1:ende]))
    eintraege = {}
    for titel in ["Zusammenfassung", "Rangliste"]:
        eintraege[titel] = int(re.search(rf"{titel} (\d+)", inhalt).group(1))
    for sb in fuenf:
        muster = rf"{re.escape(sb.titel)} – {re.escape(sb.organisation.name)} (\d+)"
        eintraege[sb.titel] = int(re.search(muster, inhalt).group(1))
    return eintraege


@pytest.fixture
def dossier(gs, fuenf):
    job = dossier_erstellen(gs, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    return job


def test_dossier_is_split_into_chunks_and_merged(dossier, fuenf):
    teile = DossierTeil.objects.filter(job=dossier, art="steckbriefe").order_by("index")
    assert [len(t.steckbrief_ids) for t in teile] == [2, 2, 1]
    assert all(t.status == DossierTeil.Status.FERTIG and t.seiten for t in teile)
    reader = PdfReader(dossier.datei.path, strict=True)
    assert len(reader.pages) == dossier.seiten
    # Cover, contents, summary, ranking, then every chunk's pages.
    assert dossier.seiten > sum(t.seiten for t in teile) + 3
    assert dossier.fortschritt == 100 and dossier.laeuft_ab > timezone.now()
    # Intermediate files are gone, exactly the result is left.
    ordner = dossier.datei.path.rsplit("/", 1)[0]
    import os

    assert os.listdir(ordner) == [dossier.dateiname]


def test_texts_umlauts_amounts_and_page_numbers(dossier, fuenf):
    texte = pdf_text(dossier.datei.path)
    alles = "\n".join(texte)
    assert "Dossier" in texte[0] and "Alle Steckbriefe" in texte[0]
    assert "Masterplan Region Chemnitz/Südwestsachsen" in texte[0]
    assert timezone.localdate().strftime("%d.%m.%Y") in texte[0]
    assert "12.500.000 €" in texte[0]  # five times 2.500.000 €
    for sb in fuenf:
        assert sb.titel in alles
    assert "Ärger über Öfen" in alles
    assert "2.500.000 €" in alles and "2.000.000 €" in alles
    assert "TU Chemnitz – Forschung (zugesagt)" in alles
    assert "11/2028: Inbetriebnahme" in alles
    # "Seite X von Y" on every page but the cover, X counting up, Y the page count.
    assert not SEITE.search(texte[0])
    for nummer, text in enumerate(texte[1:], start=2):
        treffer = SEITE.findall(text)
        assert treffer == [(str(nummer), str(len(texte)))], (nummer, text[-200:])


def test_table_of_contents_points_to_the_real_section_starts(dossier, fuenf):
    texte = pdf_text(dossier.datei.path)
    inhalt = _inhaltsverzeichnis(texte, fuenf)
    assert inhalt["Zusammenfassung"] >= 3
    assert texte[inhalt["Zusammenfassung"] - 1].startswith("Zusammenfassung")
    assert texte[inhalt["Rangliste"] - 1].startswith("Rangliste")
    for sb in fuenf:
        seite = inhalt[sb.titel]
        assert re.match(rf"^\d+\. {re.escape(sb.titel)}", _flach(texte[seite - 1])), sb.titel
        # ... and not on the page before: the section really starts there.
        assert f"Steckbrief Nr. {sb.pk} ·" not in texte[seite - 2]
    # The contents' links go to exactly these pages; the outline lists the sections.
    reader = PdfReader(dossier.datei.path)
    seiten_ids = [p.indirect_reference.idnum for p in reader.pages]
    ziele = []
    for annot in reader.pages[1].get("/Annots", []):
        aktion = annot.get_object()["/A"]
        assert aktion["/S"] == "/GoTo"
        ziele.append(seiten_ids.index(aktion["/D"][0].idnum) + 1)
    assert sorted(ziele) == sorted(inhalt.values())
    titel = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert titel[:4] == ["Deckblatt", "Inhalt", "Zusammenfassung", "Rangliste"]
    unter = next(o for o in reader.outline if isinstance(o, list))
    assert {re.sub(r"^\d+\. ", "", o["/Title"]) for o in unter} == {sb.titel for sb in fuenf}


def test_ranking_scores_flags_and_comments_for_the_geschaeftsstelle(dossier, fuenf):
    alles = "\n".join(pdf_text(dossier.datei.path))
    assert "Rangliste" in alles and "K1 Bezug zur Transformation der Region" in alles
    assert "mittlere gewichtete Punktzahl" in alles
    assert "K.-o.-Kriterium nicht erfüllt" in alles  # scores of 1 are below the threshold
    assert "Kommentare der Bewertenden" in alles
    assert "Kommentar der WF zu Nr. 3" in alles and "Überzeugend" in alles
    assert "Verteilung der Bewertungen" in alles


def test_geschaeftsstelle_without_comments_option_gets_no_comments(gs, fuenf):
    job = dossier_erstellen(gs, {"alle": True})
    alles = "\n".join(pdf_text(job.datei.path))
    assert "mittlere gewichtete Punktzahl" in alles
    assert "Kommentar der WF" not in alles and "Kommentare der Bewertenden" not in alles


def test_wirtschaftsfoerderung_gets_contents_but_no_scores_or_comments(wf, fuenf):
    job = dossier_erstellen(wf, {"alle": True, "mit_kommentaren": True})
    assert job.status == ExportStatus.FERTIG, job.fehler
    alles = "\n".join(pdf_text(job.datei.path))
    assert fuenf[1].titel in alles
    assert "Übersicht der Steckbriefe" in alles
    for geheim in ["Rangliste", "Punktzahl", "Kommentar der WF", "K1 Bezug", "Verteilung"]:
        assert geheim not in alles


def test_selection_by_handlungsfeld_and_by_ids(gs, fuenf):
    from handlungsfelder.models import Handlungsfeld

    hf2 = Handlungsfeld.objects.get(code="HF2")
    job = dossier_erstellen(gs, {"handlungsfeld": hf2.pk})
    assert job.anzahl == 1 and job.beschreibung.startswith("Handlungsfeld HF2")
    alles = "\n".join(pdf_text(job.datei.path))
    assert fuenf[0].titel in alles and fuenf[1].titel not in alles
    job = dossier_erstellen(gs, {"ids": [fuenf[2].pk, fuenf[4].pk]})
    alles = "\n".join(pdf_text(job.datei.path))
    assert fuenf[2].titel in alles and fuenf[4].titel in alles and fuenf[3].titel not in alles


def test_summary_counts_each_place_and_totals_once(dossier, fuenf):
    texte = pdf_text(dossier.datei.path)
    zusammenfassung = next(t for t in texte if t.startswith("Zusammenfassung"))
    assert "5 Steckbriefe mit einem Gesamtvolumen von 12.500.000 €" in zusammenfassung
    assert "12,5 Mio. €" in zusammenfassung
    assert "Erzgebirgskreis" in zusammenfassung  # the second place of the first Steckbrief


def test_metadata_tags_and_embedded_fonts(dossier, gs):
    reader = PdfReader(dossier.datei.path)
    meta = reader.metadata
    assert meta.title == "Dossier: Alle Steckbriefe"
    assert meta.author == "Greta Geschäftsstelle"
    assert meta.creation_date.date() == timezone.localdate()
    wurzel = reader.trailer["/Root"]
    assert wurzel["/Lang"] == "de"
    assert wurzel["/MarkInfo"]["/Marked"].value is True
    struktur = wurzel["/StructTreeRoot"]
    assert struktur["/K"][0]["/S"] == "/Document"
    kinder = [k.get_object()["/S"] for k in struktur["/K"][0]["/K"]]
    # cover, summary, ranking and the five Steckbriefe (one element per page fragment)
    # are sections of the one document, next to the contents' heading and table
    assert kinder.count("/Sect") >= 8 and {"/H1", "/Table"} <= set(kinder)
    schluessel = [s for s in struktur["/ParentTree"]["/Nums"][::2]]
    seiten_schluessel = [p["/StructParents"] for p in reader.pages]
    assert len(set(seiten_schluessel)) == len(reader.pages)
    assert set(seiten_schluessel) <= set(schluessel)
    assert b"pdfuaid" in wurzel["/Metadata"].get_data()

    def schriften(ressourcen, gefunden):
        for font in (ressourcen.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0]["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # embedded TrueType
            gefunden.add(font["/BaseFont"].split("+")[-1])
        for xobjekt in (ressourcen.get("/XObject") or {}).values():
            xobjekt = xobjekt.get_object()
            if xobjekt.get("/Subtype") == "/Form":
                schriften(xobjekt["/Resources"], gefunden)

    for seite in reader.pages:
        gefunden: set[str] = set()
        schriften(seite["/Resources"], gefunden)
        assert gefunden <= {"DejaVu-Sans", "DejaVu-Sans-Bold"} and "DejaVu-Sans" in gefunden
    # The page number ("Seite X von Y", written by the merge) uses an embedded DejaVu
    # subset as well, the same object on every page.
    nummern = {
        p["/Resources"]["/Font"].raw_get("/DossierSeitenzahl").idnum for p in reader.pages[1:]
    }
    assert len(nummern) == 1
    assert "/DossierSeitenzahl" not in reader.pages[0]["/Resources"]["/Font"]  # cover
    schrift = reader.pages[1]["/Resources"]["/Font"]["/DossierSeitenzahl"]
    assert schrift["/BaseFont"].endswith("+DejaVu-Sans")


def test_steckbrief_pdf_has_everything_and_lists_attachments(einreichend, fuenf):
    sb = fuenf[0]
    sb.ziele = "Erstens mehr Fachkräfte.\n\nZweitens 40 % weniger CO₂ bis 2030."
    sb.save()
    anlage = Anlage(
        steckbrief=sb, name="Lageplan Süd.pdf", groesse=2_500_000, content_type="application/pdf"
    )
    anlage.datei.save("x", ContentFile(b"%PDF-1.4"), save=False)
    anlage.save()
    job = dossier_erstellen(einreichend, {"steckbrief": sb.pk}, art="steckbrief_pdf")
    assert job.status == ExportStatus.FERTIG, job.fehler
    texte = pdf_text(job.datei.path)
    alles = "\n".join(texte)
    assert sb.titel in texte[0]
    for erwartet in [
        "Träger und Kontakt",
        "Ansprechperson",
        "Kernansatz",
        "Text für finanzierungsplan",
        "2.500.000 €",
        "TU Chemnitz – Forschung (zugesagt)",
        "06/2027: Baubeginn",
        "Lageplan Süd.pdf",
        "2,4 MB",
        "Landkreis Zwickau",
        "Erzgebirgskreis",
        "Erstens mehr Fachkräfte.\nZweitens 40 % weniger CO₂ bis 2030.",
    ]:
        assert erwartet in alles, erwartet
    # Submitters never see scores.
    assert "Bewertung" not in alles.replace("In Bewertung", "")
    for nummer, text in enumerate(texte, start=1):
        assert SEITE.findall(text) == [(str(nummer), str(len(texte)))]
    reader = PdfReader(job.datei.path)
    assert reader.metadata.title == f"Steckbrief „{sb.titel}“"
    assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_data()
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True


def test_ids_from_1000_on_keep_their_anchors_and_numbers(gs):
    """USE_THOUSAND_SEPARATOR must not turn the anchor of Steckbrief 12345 into sb-12.345."""
    from .hilfen import bewerten, eingereicht

    gross = eingereicht("Großes Vorhaben mit hoher Nummer", pk=12345)
    bewerten(gross, [4])
    klein = eingereicht("Kleines Vorhaben")
    job = dossier_erstellen(gs, {"ids": [gross.pk, klein.pk]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    teil = DossierTeil.objects.get(job=job, art="steckbriefe")
    assert set(teil.anfaenge) == {"12345", str(klein.pk)}
    texte = pdf_text(job.datei.path)
    seite = next(i for i, t in enumerate(texte) if "Steckbrief Nr. 12345 ·" in t)
    inhalt = _flach(texte[1])
    assert f"Großes Vorhaben mit hoher Nummer – {gross.organisation.name} {seite + 1}" in inhalt
