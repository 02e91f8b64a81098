"""Watching a Playwright page: every request must go to the live server itself, and the
browser must report no Content-Security-Policy violation. Used by the accessibility and
keyboard tests (issue 6)."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Wache:
    def __init__(self, page, live_server_url: str):
        self.page = page
        self.origin = urlparse(live_server_url).netloc
        self.fremde_anfragen: list[str] = []
        self.csp_meldungen: list[str] = []
        page.on("request", self._anfrage)
        page.on("console", self._konsole)

    def _anfrage(self, request):
        url = urlparse(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if url.netloc != self.origin:
            self.fremde_anfragen.append(request.url)

    def _konsole(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_meldungen.append(f"{self.page.url}: {message.text}")

    def pruefen(self):
        assert not self.fremde_anfragen, f"Anfragen an fremde Hosts: {self.fremde_anfragen}"
        assert not self.csp_meldungen, "CSP-Verstöße:\n" + "\n".join(self.csp_meldungen)


def axe_pruefen(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA) on the current page; returns the violations.

    axe is evaluated through the DevTools protocol (page.evaluate), not injected as a
    <script> element: the portal's CSP (script-src 'self') rightly blocks an inline script
    tag, which is what add_script_tag(path=...) creates. Evaluating it this way needs no
    bypass_csp, so the CSP stays in force while axe runs."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    ergebnis = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            }));
        }""",
        WCAG_TAGS,
    )
    return ergebnis


def verstoesse_text(url: str, verstoesse: list[dict]) -> str:
    zeilen = [f"axe: {len(verstoesse)} Verstöße auf {url}"]
    for v in verstoesse:
        zeilen.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:8]:
            zeilen.append(f"    {n['target']}: {(n['summary'] or '').splitlines()[-1:]}")
    return "\n".join(zeilen)
