"""What a Steckbrief asks for, as a page and as a PDF checklist to prepare offline: the
sections of the form with their fields, whether each is required for the vorläufige (V)
or the finale (F) Steckbrief, the help texts and the scoring criteria. Built from the form
itself (abschnitte, forms, hilfen), so it never lists a field the form does not have."""

import functools
from dataclasses import dataclass

from django.template.loader import render_to_string

from .abschnitte import ABSCHNITTE, LABELS, ZEILEN_JE_ABSCHNITT
from .hilfen import HILFEN, Hilfe, bewertungskriterien

PFLICHT = {"V": "Pflicht ab vorläufig", "F": "Pflicht für final", "": "freiwillig"}


@dataclass(frozen=True)
class Eintrag:
    label: str
    pflicht: str  # "V", "F" or ""
    hilfe: Hilfe | None

    @property
    def pflicht_text(self) -> str:
        return PFLICHT[self.pflicht]


@dataclass(frozen=True)
class Teil:
    id: str
    titel: str
    eintraege: list[Eintrag]


def _eintrag(field, name: str) -> Eintrag:
    return Eintrag(str(field.label), getattr(field, "pflicht", ""), HILFEN.get(name))


@functools.cache
def teile() -> tuple[Teil, ...]:
    from .anlagen import ERLAUBT_TEXT
    from .forms import OrganisationForm, SteckbriefForm

    sb_felder = SteckbriefForm().fields
    org_felder = OrganisationForm().fields
    ergebnis = []
    for abschnitt in ABSCHNITTE:
        eintraege = []
        if abschnitt.id == "traeger":
            eintraege += [_eintrag(org_felder[n], n) for n in org_felder]
        for name in abschnitt.felder:
            eintraege.append(_eintrag(sb_felder[name], name))
        for name in ZEILEN_JE_ABSCHNITT.get(abschnitt.id, []):
            pflicht = "F" if name == "meilensteine" else ""
            text = (
                "Bezeichnung und Termin (Monat/Jahr), mindestens einer"
                if pflicht
                else ("Name, Rolle im Vorhaben, Zusage (angefragt/zugesagt)")
            )
            eintraege.append(Eintrag(f"{LABELS[name]}: {text}", pflicht, None))
        if abschnitt.id == "anlagen":
            eintraege.append(Eintrag(f"Dateien: {ERLAUBT_TEXT}", "", None))
        ergebnis.append(Teil(abschnitt.id, abschnitt.titel, eintraege))
    return tuple(ergebnis)


def _keine_abrufe(url, *args, **kwargs):
    raise ValueError(f"Die Checkliste lädt nichts nach: {url}")


@functools.lru_cache(maxsize=4)
def _pdf(kriterien: tuple) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "steckbriefe/checkliste_pdf.html", {"teile": teile(), "kriterien": kriterien}
    )
    return HTML(string=html, url_fetcher=_keine_abrufe).write_pdf()


def checkliste_pdf() -> bytes:
    """The checklist as a PDF (rendered once per set of criteria, then kept in memory)."""
    return _pdf(tuple(bewertungskriterien()))
