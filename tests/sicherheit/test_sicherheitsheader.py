"""Security headers on every submitter page and on the admin login (issue 6): a CSP without
'unsafe-inline'/'unsafe-eval' that forbids framing, nosniff and a Referrer-Policy; and no
inline script or style attribute in the HTML that the CSP would block."""

import re

import pytest
from django.urls import reverse

from tests.seiten import OEFFENTLICH as SEITEN_OEFFENTLICH
from tests.seiten import einreicher_seiten

pytestmark = pytest.mark.django_db

OEFFENTLICH = [*SEITEN_OEFFENTLICH, "/admin/login/"]

# <script> with content (not src=…, not a JSON data block) and style attributes/elements.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def _direktiven(csp: str) -> dict[str, str]:
    return dict((teil.strip().split(" ", 1) + [""])[:2] for teil in csp.split(";") if teil.strip())


def _pruefen(response, url):
    assert response.status_code == 200, url
    csp = response["Content-Security-Policy"]
    d = _direktiven(csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert d["script-src"] == "'self'", url
    assert d["style-src"] == "'self'", url
    assert d["frame-ancestors"] == "'none'", url
    assert d["object-src"] == "'none'", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group(0))
    treffer = INLINE_STYLE.search(html)
    assert not treffer, (url, html[max(0, treffer.start() - 80) : treffer.end() + 80])


@pytest.mark.parametrize("url", OEFFENTLICH)
def test_public_pages_and_admin_login(client, url):
    _pruefen(client.get(url), url)


def test_submitter_pages(client):
    user, entwurf, urls = einreicher_seiten()
    client.force_login(user)
    for url in urls:
        _pruefen(client.get(url), url)
    # the form with validation errors
    response = client.post(
        reverse("steckbriefe:bearbeiten", kwargs={"pk": entwurf.pk}),
        {"gesamtvolumen": "zwei Millionen", "beginn": "13/2026"},
    )
    _pruefen(response, "Formular mit Fehlern")
