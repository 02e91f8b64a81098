"""The streaming merge on its own: page order, renumbered objects, merged structure trees,
stamped page numbers, rewritten links and bookmarks."""

import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from dossiers.pdfmerge import Gliederungspunkt, Metadaten, Quelle, StreamingPdfMerger

STIL = "@page { size: A5; margin: 15mm } body { font-family: 'DejaVu Sans' }"


def _pdf(pfad, html, tags=True):
    dok = HTML(
        string=f"<html lang=de><head><title>T</title><style>{STIL}</style></head><body>{html}</body></html>"
    ).render()
    dok.write_pdf(pfad, **({"pdf_variant": "pdf/ua-1"} if tags else {}))
    return len(dok.pages)


def _abschnitte(name, n):
    return "".join(
        f"<section style='break-before: page'><h1>{name} {i}</h1><p>Text {name}{i} äöü</p></section>"
        for i in range(n)
    )


@pytest.fixture
def quellen(tmp_path):
    seiten = [
        _pdf(
            tmp_path / "a.pdf",
            "<h1>Inhalt</h1><p><a href='dossier:b1'>Zu B1</a> <a href='dossier:fehlt'>weg</a></p>",
        ),
        _pdf(tmp_path / "b.pdf", _abschnitte("B", 3)),
        _pdf(tmp_path / "c.pdf", _abschnitte("C", 2)),
    ]
    return [Quelle(tmp_path / f"{x}.pdf") for x in "abc"], seiten


@pytest.fixture
def vorlage(tmp_path, settings):
    from dossiers.rendering import seitenzahl_vorlage

    pfad = tmp_path / "vorlage.pdf"
    seitenzahl_vorlage(pfad)
    return pfad


def test_merge_keeps_order_tags_stamps_links_and_bookmarks(tmp_path, quellen, vorlage):
    liste, seiten = quellen
    ziel = tmp_path / "ergebnis.pdf"
    with open(ziel, "wb") as datei:
        anzahl = StreamingPdfMerger(
            datei,
            liste,
            seiten,
            metadaten=Metadaten("Titel mit Ü", "Autorin", "D:20261121090000+01'00'"),
            link_ziele={"b1": seiten[0] + 1},
            gliederung=[
                Gliederungspunkt("A", 0),
                Gliederungspunkt("B", 1),
                Gliederungspunkt("B1", 2, 1),
            ],
            seitenzahl_vorlage=vorlage,
        ).schreiben()
    assert anzahl == sum(seiten) == 6
    reader = PdfReader(ziel, strict=True)
    texte = [p.extract_text() for p in reader.pages]
    assert [t.split("\n")[0] for t in texte] == ["Inhalt", "B 0", "B 1", "B 2", "C 0", "C 1"]
    for nummer, text in enumerate(texte, start=1):
        assert text.rstrip().endswith(f"Seite {nummer} von 6")
    assert "äöü" in texte[1]
    # links: the known anchor goes to its page, the unknown one lost its action
    annots = [a.get_object() for a in reader.pages[0]["/Annots"]]
    ziele = [a["/A"]["/D"][0].idnum for a in annots if "/A" in a]
    assert ziele == [reader.pages[2].indirect_reference.idnum]
    assert len(annots) == 2 and annots[0]["/Contents"] == "Gehe zu Seite 3"
    # structure: one Document, unique StructParents, every page key in the ParentTree
    wurzel = reader.trailer["/Root"]
    dokument = wurzel["/StructTreeRoot"]["/K"][0]
    assert dokument["/S"] == "/Document"
    assert dokument.raw_get("/P").idnum == wurzel.raw_get("/StructTreeRoot").idnum
    kinder = [k.get_object() for k in dokument["/K"]]
    assert all(k.raw_get("/P").idnum == dokument.indirect_reference.idnum for k in kinder)
    seiten_ids = {p.indirect_reference.idnum for p in reader.pages}
    assert all(k.raw_get("/Pg").idnum in seiten_ids for k in kinder if "/Pg" in k)
    schluessel = list(wurzel["/StructTreeRoot"]["/ParentTree"]["/Nums"][::2])
    assert len(schluessel) == len(set(schluessel))
    seiten_schluessel = [p["/StructParents"] for p in reader.pages]
    assert len(set(seiten_schluessel)) == 6 and set(seiten_schluessel) <= set(schluessel)
    annot_schluessel = [a["/StructParent"] for a in annots]
    assert set(annot_schluessel) <= set(schluessel) - set(seiten_schluessel)
    # page numbers are artifacts drawn after the page content, which is wrapped in q … Q,
    # in the DejaVu subset of the sheet, right-aligned at the same edge on every page
    inhalt = reader.pages[3]["/Contents"]
    assert inhalt[0].get_object().get_data() == b"q\n"
    stempel = inhalt[-1].get_object().get_data()
    assert stempel.startswith(b"Q\n/Artifact BMC\nBT\n") and stempel.endswith(b"ET\nEMC\n")
    schrift = reader.pages[3]["/Resources"]["/Font"]["/DossierSeitenzahl"]
    assert schrift["/BaseFont"].endswith("+DejaVu-Sans")
    assert "/FontFile2" in schrift["/DescendantFonts"][0]["/FontDescriptor"]
    # bookmarks and metadata
    assert [o["/Title"] for o in reader.outline if not isinstance(o, list)] == ["A", "B"]
    assert reader.outline[2][0]["/Title"] == "B1"
    assert reader.metadata.title == "Titel mit Ü" and reader.metadata.author == "Autorin"
    assert wurzel["/Lang"] == "de" and "/Metadata" in wurzel


def test_untagged_sources_and_sources_without_stamp(tmp_path):
    n1 = _pdf(tmp_path / "a.pdf", _abschnitte("A", 2), tags=False)
    n2 = _pdf(tmp_path / "b.pdf", _abschnitte("B", 1))
    ziel = tmp_path / "x.pdf"
    with open(ziel, "wb") as datei:
        StreamingPdfMerger(
            datei,
            [Quelle(tmp_path / "a.pdf"), Quelle(tmp_path / "b.pdf")],
            [n1, n2],
            metadaten=Metadaten("T", "A", "D:20261121090000Z"),
        ).schreiben()
    reader = PdfReader(ziel, strict=True)
    assert [p.extract_text().split("\n")[0] for p in reader.pages] == ["A 0", "A 1", "B 0"]
    assert "/StructParents" not in reader.pages[0] and reader.pages[2]["/StructParents"] == 0


def test_wrong_page_count_is_refused(tmp_path):
    n = _pdf(tmp_path / "a.pdf", _abschnitte("A", 2))
    with (
        open(tmp_path / "x.pdf", "wb") as datei,
        pytest.raises(ValueError, match="erwarteter Seiten"),
    ):
        StreamingPdfMerger(
            datei, [Quelle(tmp_path / "a.pdf")], [n + 1], metadaten=Metadaten("T", "A", "D:2026")
        ).schreiben()


def test_every_font_subset_has_its_own_tag(tmp_path, quellen, vorlage):
    """Issue 15, defect 9: WeasyPrint tags a subset after the font, so every piece's
    different DejaVu subset was "XKQQSR+DejaVu-Sans" in the merged file."""
    import hashlib

    import pikepdf

    liste, seiten = quellen
    namen_der_quellen = set()
    for quelle in liste:
        with pikepdf.open(quelle.pfad) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    namen_der_quellen.add(str(obj.FontName))
    assert len(namen_der_quellen) < len(liste)  # the sources share tags
    ziel = tmp_path / "ergebnis.pdf"
    with open(ziel, "wb") as datei:
        StreamingPdfMerger(
            datei,
            liste,
            seiten,
            metadaten=Metadaten("T", "A", "D:20261121090000+01'00'"),
            seitenzahl_vorlage=vorlage,
        ).schreiben()
    subsets: dict[str, set[str]] = {}
    with pikepdf.open(ziel) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                inhalt = hashlib.sha256(obj.FontFile2.read_raw_bytes()).hexdigest()
                subsets.setdefault(str(obj.FontName), set()).add(inhalt)
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0":
                nachfahr = obj.DescendantFonts[0]
                assert str(obj.BaseFont) == str(nachfahr.BaseFont)
                assert str(nachfahr.BaseFont) == str(nachfahr.FontDescriptor.FontName)
    assert len(subsets) >= len(liste) + 1  # one per source and the page numbers' sheet
    assert all(len(inhalte) == 1 for inhalte in subsets.values()), subsets
    assert all(re.match(r"^/[A-Z]{6}\+DejaVu-Sans", name) for name in subsets)
