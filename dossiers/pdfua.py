"""Tagged PDF that a PDF/UA checker accepts, by construction: three corrections of
WeasyPrint's tagging (weasyprint.pdf.tags, version 70), installed once when dossiers.rendering
is imported.

1. Margin boxes (the running footer, a running header) are drawn as /Artifact. WeasyPrint
   marks their text with MCIDs but links it to no structure element (an Artifact in the
   structure tree is allowed only in PDF 2.0), so the footer of every page was tagged
   content unreachable from the structure root.
2. Every TH gets /Scope (/Row for scope="row", else /Column); WeasyPrint writes none.
3. A Figure's /BBox is in PDF user space (points, origin bottom left), inside its page;
   WeasyPrint writes CSS pixels from the top, so a chart reached x = 708 pt on a 595 pt page.

The stamped page numbers of merged dossiers are artifacts as well (dossiers.seitenzahlen);
tests/dossiers/test_pdfua.py walks the structure tree of real dossiers and checks all of
this. If a WeasyPrint update changes the patched functions, einrichten() refuses to start
rather than producing untagged content silently."""

from __future__ import annotations

import contextlib
import threading

import pydyf
from weasyprint import document as wp_document
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as wp_stream
from weasyprint.pdf import tags as wp_tags

# 72 PDF points per inch / 96 CSS pixels per inch (WeasyPrint's scale at zoom 1).
PT_JE_PX = 0.75

_lokal = threading.local()
_eingerichtet = False


def _artefakte_merken(page_box, stream) -> None:
    stream.dossier_artefakte = {
        id(box)
        for rand in page_box.children
        if isinstance(rand, boxes.MarginBox)
        for box in rand.descendants()
    }


def einrichten() -> None:
    """Install the corrections (idempotent)."""
    global _eingerichtet
    if _eingerichtet:
        return
    for modul, name in (
        (wp_document, "draw_page"),
        (wp_stream.Stream, "marked"),
        (wp_tags, "_build_box_tree"),
        (wp_tags, "add_tags"),
    ):
        if not hasattr(modul, name):  # pragma: no cover - a WeasyPrint update
            raise RuntimeError(f"WeasyPrint hat {name} nicht mehr: dossiers/pdfua.py anpassen.")

    seite_zeichnen = wp_document.draw_page

    def draw_page(page_box, stream):
        _artefakte_merken(page_box, stream)
        seite_zeichnen(page_box, stream)

    markieren = wp_stream.Stream.marked

    @contextlib.contextmanager
    def marked(self, box, tag):
        if id(box) in getattr(self, "dossier_artefakte", ()):
            with self.artifact():
                yield
        else:
            with markieren(self, box, tag):
                yield

    baum = wp_tags._build_box_tree

    def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        if isinstance(box, boxes.MarginBox):
            return  # drawn as an artifact: nothing to map
        for element in baum(box, parent, pdf, page_number, nums, annotations, tags):
            _nachbessern(box, element, page_number)
            yield element

    tags_anfuegen = wp_tags.add_tags

    def add_tags(pdf, document, pdf_version, page_streams):
        _lokal.hoehen = [seite.height for seite in document.pages]
        _lokal.erledigt = set()
        try:
            return tags_anfuegen(pdf, document, pdf_version, page_streams)
        finally:
            _lokal.hoehen = _lokal.erledigt = None

    wp_document.draw_page = draw_page
    wp_stream.Stream.marked = marked
    wp_tags._build_box_tree = _build_box_tree
    wp_tags.add_tags = add_tags
    # generate_pdf imported add_tags by name.
    from weasyprint import pdf as wp_pdf

    wp_pdf.add_tags = add_tags
    _eingerichtet = True


def _nachbessern(box, element, page_number: int) -> None:
    erledigt = _lokal.erledigt
    if erledigt is None or id(element) in erledigt:
        return
    erledigt.add(id(element))
    art = element.get("S")
    if art == "/TH" and "A" in element:
        scope = box.element.attrib.get("scope") if box.element is not None else None
        element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
    elif art == "/Figure" and "A" in element and "BBox" in element["A"]:
        x1, y1, x2, y2 = (float(v) for v in element["A"]["BBox"])
        hoehe = _lokal.hoehen[page_number]
        element["A"]["BBox"] = pydyf.Array(
            (
                round(x1 * PT_JE_PX, 2),
                round((hoehe - y2) * PT_JE_PX, 2),
                round(x2 * PT_JE_PX, 2),
                round((hoehe - y1) * PT_JE_PX, 2),
            )
        )
