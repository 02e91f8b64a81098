"""The only way WeasyPrint may load anything while rendering a PDF.

Allowed are exactly two kinds of URL:

- ``data:`` URLs (the portal's own inline images),
- the portal's own static files, addressed as ``PORTAL_BASIS_URL + STATIC_URL + path``
  (templates use ``{% static %}`` and the documents get PORTAL_BASIS_URL as base URL). They
  are read from disk through django.contrib.staticfiles' finders (or STATIC_ROOT after
  collectstatic) — never over the network — after rejecting traversal, absolute paths,
  encoded separators and file types other than style sheets, fonts and images.

Everything else — ``file:`` URLs, ``http(s)`` to any host (e.g. the cloud metadata address
169.254.169.254), other schemes — is refused without opening a connection or a file; there
is therefore nothing that could redirect. Refused URLs are logged and remembered in
``abgelehnt`` (tests assert on it). The fetcher never raises a fatal error, so a refused
resource is simply missing from the PDF.
"""

import logging
import mimetypes
import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents are rendered with this base URL; it resolves nowhere (".invalid", RFC 2606).
PORTAL_BASIS_URL = "https://portal.invalid/"
ERLAUBTE_ENDUNGEN = {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2"}
ERLAUBTE_ENDUNGEN |= {".ttf", ".otf"}
MAX_DATA_URL_BYTES = 5 * 1024 * 1024


class ZugriffVerweigert(ValueError):
    """A URL outside the portal's own static files and data: URLs."""


class PortalURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(
            timeout=5, allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False
        )
        self.abgelehnt: list[str] = []
        self.geladen: list[str] = []

    def fetch(self, url, headers=None):
        try:
            antwort = self._laden(url)
        except ZugriffVerweigert as fehler:
            self.abgelehnt.append(url)
            logger.warning("PDF-Erzeugung: Ressource abgelehnt (%s): %.200s", fehler, url)
            raise
        self.geladen.append(url)
        return antwort

    def _laden(self, url: str) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            if len(url) > MAX_DATA_URL_BYTES * 4 // 3 + 100:
                raise ZugriffVerweigert("data:-URL zu groß")
            # Only the data: handler is reachable: allowed_protocols={"data"}.
            return super().fetch(url)
        pfad = self.statischer_pfad(url)
        typ = mimetypes.guess_type(pfad.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=pfad.read_bytes(), headers={"Content-Type": typ})

    @staticmethod
    def statischer_pfad(url: str) -> Path:
        """The file behind a portal static URL, or ZugriffVerweigert."""
        praefix = PORTAL_BASIS_URL.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
        if not url.startswith(praefix):
            raise ZugriffVerweigert("nicht die eigenen statischen Dateien")
        teile = urlsplit(url)
        if teile.query or teile.fragment or teile.username or teile.password:
            raise ZugriffVerweigert("Abfrage oder Zugangsdaten in der URL")
        roh = url[len(praefix) :]
        relativ = unquote(roh)
        if (
            not relativ
            or "\\" in relativ
            or "\x00" in relativ
            or relativ.startswith("/")
            or "%" in relativ
            or any(teil in ("", ".", "..") for teil in relativ.split("/"))
            or posixpath.normpath(relativ) != relativ
        ):
            raise ZugriffVerweigert("ungültiger Pfad")
        if posixpath.splitext(relativ)[1].lower() not in ERLAUBTE_ENDUNGEN:
            raise ZugriffVerweigert("Dateityp nicht erlaubt")
        gefunden = finders.find(relativ)
        if gefunden is None and settings.STATIC_ROOT:
            try:
                kandidat = safe_join(str(settings.STATIC_ROOT), relativ)
            except Exception as fehler:  # SuspiciousFileOperation
                raise ZugriffVerweigert("Pfad außerhalb von STATIC_ROOT") from fehler
            gefunden = kandidat if os.path.isfile(kandidat) else None
        if not gefunden:
            raise ZugriffVerweigert("statische Datei nicht gefunden")
        if isinstance(gefunden, list | tuple):
            gefunden = gefunden[0]
        return Path(gefunden)
