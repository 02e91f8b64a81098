"""WeasyPrint calls of the portal: HTML from Django templates (autoescaped), rendered with
the safe URL fetcher, written atomically; and the sheet for the page numbers of dossiers."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from . import pdfua, zeichen
from .seitenzahlen import SEITENZAHL_ZEICHEN
from .url_fetcher import PORTAL_BASIS_URL, PortalURLFetcher

pdfua.einrichten()  # WeasyPrint's tagging corrected (artifacts, TH scope, figure boxes)

# Tagged PDF/UA-1 (WeasyPrint 70 supports pdf/ua-1 and pdf/ua-2; ua-1 keeps PDF 1.7).
PDF_OPTIONEN = {"pdf_variant": "pdf/ua-1"}
# The pieces of a dossier: PDF/A-3b (sRGB output intent, XMP, file identifier, printable
# annotations) and tagged as for PDF/UA-1; the merge keeps the output intent and writes one
# XMP that claims both (dossiers.pdfmerge).
ARCHIV_OPTIONEN = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
# Temporary files older than the longest hard time limit belong to killed processes.
TEMP_MAX_ALTER = 30 * 60


def html(vorlage: str, kontext: dict) -> str:
    """The template rendered in German; emoji the PDF font lacks become their names."""
    with translation.override("de"):
        return zeichen.ersetzen(render_to_string(vorlage, kontext))


def layout(
    html_text: str, fetcher: PortalURLFetcher | None = None, archiv: bool = False, **optionen
):
    """Lay out the document (the expensive part); returns a weasyprint Document.
    `archiv`: a piece of a dossier (PDF/A-3b and tagged), else PDF/UA-1."""
    dokument = HTML(
        string=html_text,
        base_url=PORTAL_BASIS_URL,
        url_fetcher=fetcher or PortalURLFetcher(),
    )
    return dokument.render(**{**(ARCHIV_OPTIONEN if archiv else PDF_OPTIONEN), **optionen})


def anker_seiten(dokument, praefix: str = "") -> dict[str, int]:
    """First page (0-based) of every anchor (HTML id) starting with `praefix`."""
    seiten: dict[str, int] = {}
    for index, seite in enumerate(dokument.pages):
        for name in seite.anchors:
            if name.startswith(praefix) and name not in seiten:
                seiten[name] = index
    return seiten


@contextlib.contextmanager
def atomar(ziel: Path):
    """Yield a temporary path beside `ziel`; on success it replaces `ziel` atomically, on
    error it is removed. Leftovers of killed processes (older than any task may run) are
    removed first; a concurrent duplicate's fresh temporary file is left alone."""
    ziel.parent.mkdir(parents=True, exist_ok=True)
    grenze = time.time() - TEMP_MAX_ALTER
    for alt in ziel.parent.glob(f".{ziel.name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            if alt.stat().st_mtime < grenze:
                alt.unlink()
    temp = ziel.with_name(f".{ziel.name}.{secrets.token_hex(6)}.tmp")
    try:
        yield temp
        os.replace(temp, ziel)
    finally:
        temp.unlink(missing_ok=True)


def pdf_schreiben(dokument, ziel: Path, archiv: bool = False) -> int:
    """Write a laid-out document atomically; returns its page count."""
    with atomar(ziel) as temp:
        dokument.write_pdf(temp, **(ARCHIV_OPTIONEN if archiv else PDF_OPTIONEN))
    return len(dokument.pages)


def seitenzahl_vorlage(ziel: Path) -> None:
    """The one-page sheet for dossiers.seitenzahlen.Seitenzahlen: page geometry of the dossier,
    "Seite 0123456789 von" right-aligned in the bottom-right margin box, so that the merge
    can copy the embedded font subset and set every page number in the same place."""
    text = html("dossiers/pdf/seitenzahlen.html", {"text": SEITENZAHL_ZEICHEN})
    dokument = HTML(string=text, base_url=PORTAL_BASIS_URL, url_fetcher=PortalURLFetcher()).render()
    with atomar(ziel) as temp:
        dokument.write_pdf(temp)
