"""The Steckbrief state machine: one declared table of allowed transitions.

Every status change goes through steckbriefe.services (the submitters' functions, or
`status_setzen` for the Verfahren), which asks `pruefe_uebergang` first. A test enumerates
this table."""

from dataclasses import dataclass
from enum import StrEnum

from .models import Status


class Durch(StrEnum):
    """Who triggers a transition: the members of the submitting Organisation (functions in
    steckbriefe.services, member rule) or the Verfahren (reviewers, Geschäftsstelle, the
    system: bewertung.services, through steckbriefe.services.status_setzen)."""

    EINREICHENDE = "einreichende"
    VERFAHREN = "verfahren"


@dataclass(frozen=True)
class Uebergang:
    name: str
    label: str
    von: frozenset[str]
    nach: str
    durch: Durch


def _u(name, label, von, nach, durch):
    return Uebergang(name, label, frozenset(von), nach, durch)


E, V = Durch.EINREICHENDE, Durch.VERFAHREN


S = Status
VOR_ENTSCHEIDUNG = {
    S.ENTWURF,
    S.VORLAEUFIG_EINGEREICHT,
    S.FINALISIERUNG,
    S.FINAL_EINGEREICHT,
    S.IN_BEWERTUNG,
    S.RUECKFRAGE,
    S.BEWERTET,
}

UEBERGAENGE: dict[str, Uebergang] = {
    u.name: u
    for u in [
        _u(
            "vorlaeufig_einreichen",
            "Vorläufig einreichen",
            {S.ENTWURF},
            S.VORLAEUFIG_EINGEREICHT,
            E,
        ),
        _u(
            "finalisierung_beginnen",
            "Zum finalen Steckbrief vervollständigen",
            {S.VORLAEUFIG_EINGEREICHT},
            S.FINALISIERUNG,
            E,
        ),
        _u(
            "final_einreichen",
            "Final einreichen",
            {S.ENTWURF, S.FINALISIERUNG},
            S.FINAL_EINGEREICHT,
            E,
        ),
        _u("bewertung_beginnen", "Bewertung beginnen", {S.FINAL_EINGEREICHT}, S.IN_BEWERTUNG, V),
        _u(
            "rueckfrage_stellen",
            "Rückfrage stellen",
            {S.FINAL_EINGEREICHT, S.IN_BEWERTUNG},
            S.RUECKFRAGE,
            V,
        ),
        _u(
            "rueckfrage_beantworten",
            "Überarbeitet erneut einreichen",
            {S.RUECKFRAGE},
            S.IN_BEWERTUNG,
            E,
        ),
        _u("bewertung_abschliessen", "Bewertung abschließen", {S.IN_BEWERTUNG}, S.BEWERTET, V),
        _u("bewertung_wieder_oeffnen", "Bewertung wieder öffnen", {S.BEWERTET}, S.IN_BEWERTUNG, V),
        _u(
            "entscheiden",
            "Entscheidung festhalten",
            {S.FINAL_EINGEREICHT, S.IN_BEWERTUNG, S.BEWERTET, S.ENTSCHIEDEN},
            S.ENTSCHIEDEN,
            V,
        ),
        _u("zurueckziehen", "Zurückziehen", VOR_ENTSCHEIDUNG, S.ZURUECKGEZOGEN, E),
    ]
}

# States in which the submitters may change the content (subject to the phase rules).
BEARBEITBAR = frozenset({S.ENTWURF, S.FINALISIERUNG, S.RUECKFRAGE})


class UngueltigerUebergang(Exception):
    """A transition that the table or a rule does not allow; the message is for the user."""


def erlaubte_uebergaenge(status: str) -> list[Uebergang]:
    return [u for u in UEBERGAENGE.values() if status in u.von]


def pruefe_uebergang(status: str, name: str) -> Uebergang:
    u = UEBERGAENGE[name]
    if status not in u.von:
        raise UngueltigerUebergang(
            f"„{u.label}“ ist im Status „{Status(status).label}“ nicht möglich."
        )
    return u
