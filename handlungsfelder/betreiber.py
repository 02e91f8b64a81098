"""The operator's contact data (Impressum, Datenschutzerklärung, Erklärung zur
Barrierefreiheit, the home page's contact): from settings.BETREIBER (environment variables
BETREIBER_<KEY>), with example values for the demo that say they are examples. A legal
page's text refers to them by name ({name}, {kontakt}, …); `check --deploy` warns in
production while an example value or a "[BITTE ERGÄNZEN: …]" placeholder is left
(handlungsfelder.checks)."""

import re
from dataclasses import dataclass

from django.conf import settings

BEISPIEL = "(Beispiel)"

# key → (what it is, the example value of the demo)
ANGABEN: dict[str, tuple[str, str]] = {
    "name": ("Name des Betreibers", "Musterberatung AG " + BEISPIEL),
    "anschrift": ("Anschrift", "Musterstraße 1, 09111 Chemnitz " + BEISPIEL),
    "vertreten_durch": (
        "Vertretungsberechtigte Person",
        "Erika Beispiel, Geschäftsführerin " + BEISPIEL,
    ),
    "telefon": ("Telefon", "0371 000000-0 " + BEISPIEL),
    "email": ("E-Mail-Adresse", "geschaeftsstelle@masterplan.example"),
    "datenschutzbeauftragte": (
        "Datenschutzbeauftragte/r",
        "Max Muster, datenschutz@masterplan.example " + BEISPIEL,
    ),
    "speicherdauer": (
        "Speicherdauer",
        "bis drei Jahre nach Abschluss des Masterplan-Prozesses " + BEISPIEL,
    ),
    "barrierefreiheit_stand": (
        "Stand der Barrierefreiheit",
        "Das Portal ist weitgehend mit WCAG 2.1 AA vereinbar (Selbstbewertung vom "
        "07.12.2026) " + BEISPIEL,
    ),
    "durchsetzungsstelle": (
        "Durchsetzungsstelle",
        "Durchsetzungsstelle für Barrierefreiheit des Freistaats Sachsen " + BEISPIEL,
    ),
}

PLATZHALTER = re.compile(r"\[BITTE ERGÄNZEN:[^\]]*\]")
_VERWEIS = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Betreiber:
    werte: dict[str, str]
    beispiele: frozenset[str]  # keys that still have the demo's example value

    def __getattr__(self, name):
        try:
            return self.werte[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def kontakt(self) -> str:
        return f"Telefon {self.werte['telefon']}, E-Mail {self.werte['email']}"

    @property
    def name_und_anschrift(self) -> str:
        return f"{self.werte['name']}, {self.werte['anschrift']}"

    @property
    def ist_beispiel(self) -> bool:
        return bool(self.beispiele)


def betreiber() -> Betreiber:
    gesetzt = getattr(settings, "BETREIBER", {}) or {}
    werte, beispiele = {}, set()
    for schluessel, (_, beispiel) in ANGABEN.items():
        wert = (gesetzt.get(schluessel) or "").strip()
        if not wert:
            wert = beispiel
            beispiele.add(schluessel)
        werte[schluessel] = wert
    return Betreiber(werte, frozenset(beispiele))


def einsetzen(text: str, b: Betreiber | None = None) -> str:
    """A legal page's text with {name}, {anschrift}, {kontakt}, {name_und_anschrift}, …
    replaced by the operator's data (an unknown {…} stays as written)."""
    b = b or betreiber()
    verfuegbar = {**b.werte, "kontakt": b.kontakt, "name_und_anschrift": b.name_und_anschrift}
    return _VERWEIS.sub(lambda m: verfuegbar.get(m.group(1), m.group(0)), text or "")
