"""The PDF of an idea, rendered with WeasyPrint from a template with inline styles. Nothing
is loaded while rendering: the fetcher refuses every URL (file:, http(s), even data:)."""

import logging

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .inhalt import zeilen
from .models import Idee

logger = logging.getLogger(__name__)


class NichtsLaden(URLFetcher):
    """Refuses every URL without opening a connection or a file."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=set(), allow_redirects=False)
        self.abgelehnt: list[str] = []

    def fetch(self, url, headers=None):
        self.abgelehnt.append(url)
        logger.warning("PDF einer Idee: Ressource abgelehnt: %.200s", url)
        raise ValueError("Das PDF einer Idee lädt keine Ressourcen.")


def idee_pdf(idee: Idee, fetcher: NichtsLaden | None = None) -> bytes:
    html = render_to_string("ideen/pdf.html", {"idee": idee, "zeilen": zeilen(idee)})
    return HTML(
        string=html, base_url="https://portal.invalid/", url_fetcher=fetcher or NichtsLaden()
    ).write_pdf()
