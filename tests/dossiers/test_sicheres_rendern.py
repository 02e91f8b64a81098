"""WeasyPrint may load only the portal's own static files and data: URLs; user text is
escaped, so markup in a Steckbrief cannot smuggle in a style sheet or an image."""

import pytest
from weasyprint.urls import URLFetchingError, fetch

from dossiers import rendering
from dossiers.models import ExportStatus
from dossiers.url_fetcher import PORTAL_BASIS_URL, PortalURLFetcher, ZugriffVerweigert

from .hilfen import dossier_erstellen, eingereicht, pdf_text

STATIC = PORTAL_BASIS_URL + "static/"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/",
        "http://localhost:8000/static/dossiers/pdf.css",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "gopher://example.org/",
        "https://evil.invalid/static/dossiers/pdf.css",
        STATIC + "../../../../etc/passwd",
        STATIC + "dossiers/../../../etc/passwd.css",
        STATIC + "%2e%2e/%2e%2e/etc/passwd",
        STATIC + "%252e%252e/etc/passwd.css",
        STATIC + "/etc/passwd",
        STATIC + "dossiers//pdf.css",
        STATIC + "dossiers\\..\\pdf.css",
        STATIC + "dossiers/pdf.css?x=1",
        STATIC + "dossiers/pdf.css%00.png",
        STATIC + "dossiers/export-status.js",  # not a style sheet, font or image
        STATIC + "dossiers/fehlt.css",
        PORTAL_BASIS_URL + "exporte/1/herunterladen/",
    ],
)
def test_fetcher_refuses_everything_but_own_static_files(url, monkeypatch):
    # Nothing may ever reach urllib's network or file handlers.
    def kein_zugriff(*args, **kwargs):
        raise AssertionError(f"urllib opened {args!r}")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", kein_zugriff)
    fetcher = PortalURLFetcher()
    with pytest.raises(ZugriffVerweigert):
        fetcher.fetch(url)
    assert fetcher.abgelehnt == [url]
    # Inside WeasyPrint a refusal is an ordinary (non-fatal) fetching error.
    with pytest.raises(URLFetchingError), fetch(fetcher, url):
        pass


def test_fetcher_serves_own_static_files_and_data_urls():
    fetcher = PortalURLFetcher()
    antwort = fetcher.fetch(STATIC + "dossiers/pdf.css")
    assert antwort.content_type == "text/css"
    assert b'@import url("seite.css");' in antwort.read()
    antwort = fetcher.fetch("data:text/plain;base64,SGFsbG8gV2VsdA==")
    assert antwort.read() == b"Hallo Welt"
    assert fetcher.abgelehnt == []


BOESE_TITEL = (
    '<link rel="stylesheet" href="http://169.254.169.254/latest/x.css">'
    '<img src="file:///etc/passwd"> Bösartig'
)
BOESER_TEXT = (
    "<style>@import url(file:///etc/passwd); body { background: url(http://169.254.169.254/) }"
    "</style><object data=file:///etc/shadow></object><iframe src=http://example.org/></iframe>"
)


@pytest.mark.django_db
def test_markup_in_user_text_is_printed_not_fetched(gs, monkeypatch):
    gesehen: list[str] = []
    original = PortalURLFetcher.fetch

    def spion(self, url, headers=None):
        gesehen.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(PortalURLFetcher, "fetch", spion)
    sb = eingereicht(BOESE_TITEL, kurzbeschreibung=BOESER_TEXT)
    sb.ansprechperson_name = '"><script>alert(1)</script>'
    sb.save()
    job = dossier_erstellen(gs, {"ids": [sb.pk]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    texte = pdf_text(job.datei.path)
    alles = " ".join(" ".join(texte).split())
    # The markup is visible as text (escaped), ...
    assert '<img src="file:///etc/passwd"> Bösartig' in alles
    assert "<style>@import url(file:///etc/passwd);" in alles
    assert '"><script>alert(1)</script>' in alles
    # ... nothing but the portal's own style sheets was ever requested ...
    assert set(gesehen) == {STATIC + "dossiers/pdf.css", STATIC + "dossiers/seite.css"}
    # ... and nothing of /etc/passwd made it into the PDF.
    assert "root:" not in alles


def test_rendering_with_a_hostile_document_fetches_nothing_outside(tmp_path):
    """Even HTML that is not escaped (defence in depth) cannot load anything."""
    fetcher = PortalURLFetcher()
    html = (
        '<html lang="de"><head><link rel="stylesheet" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://169.254.169.254/x.css">'
        "<style>@import url(http://169.254.169.254/y.css);"
        "@font-face { font-family: X; src: url(file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf) }"
        "</style></head><body><img src='file:///etc/passwd'><img src='http://169.254.169.254/'>"
        "<p style=\"background: url('https://example.org/a.png')\">Text</p></body></html>"
    )
    dokument = rendering.layout(html, fetcher=fetcher)
    rendering.pdf_schreiben(dokument, tmp_path / "x.pdf")
    assert fetcher.geladen == []
    assert set(fetcher.abgelehnt) == {
        "file:///etc/passwd",
        "http://169.254.169.254/x.css",
        "http://169.254.169.254/y.css",
        "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "http://169.254.169.254/",
        "https://example.org/a.png",
    }
