"""Request bodies are limited before they are read.

Django reads a request's body when something first touches request.POST or request.FILES
(the CSRF check does, for every POST): a multipart body is streamed into temporary files,
and only then do the views check sizes. So an anonymous POST of 200 MB to the login page
was written to disk before its 403. This middleware answers 413 from the Content-Length
header alone, before anybody reads the body:

- views that take an attachment (settings.UPLOAD_URL_NAMEN) accept up to
  settings.ANFRAGE_MAX_BYTES (the attachment limit plus room for the form's fields),
- every other request up to settings.DATA_UPLOAD_MAX_MEMORY_SIZE.

Without a Content-Length (chunked transfer) a WSGI server hands Django an empty body, so
the header is the whole story here; the front proxy (deploy/Caddyfile) enforces the same
limits on the bytes it actually receives. A file between the attachment limit and
ANFRAGE_MAX_BYTES still arrives, so that the form can say which file is too large
(steckbriefe.anlagen.pruefe_datei)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

ZU_GROSS = "Die Anfrage ist zu groß"


def _groesse(anzahl: int) -> str:
    mib = anzahl / (1024 * 1024)
    return f"{mib:.0f} MB" if mib >= 1 else f"{anzahl // 1024} KB"


def zu_gross(grenze: int) -> HttpResponse:
    """413 with a German page (no database, no session: nothing of the request is read)."""
    html = render_to_string("kern/zu_gross.html", {"grenze": _groesse(grenze)})
    response = HttpResponse(html, status=413, content_type="text/html; charset=utf-8")
    # The body was not read: the connection must not be reused for a next request.
    response["Connection"] = "close"
    return response


def _laenge(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def grenze_fuer(view_name: str | None) -> int:
    if view_name and view_name in settings.UPLOAD_URL_NAMEN:
        return settings.ANFRAGE_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class AnfragegroesseBegrenzen:
    """Install first in MIDDLEWARE: its process_view must run before the CSRF check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        laenge = _laenge(request)
        oben = max(settings.ANFRAGE_MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if laenge is None:
            return HttpResponse("Ungültige Längenangabe.", status=400)
        if laenge > oben:
            return zu_gross(oben)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        grenze = grenze_fuer(getattr(request.resolver_match, "view_name", None))
        if (_laenge(request) or 0) > grenze:
            return zu_gross(grenze)
        return None
