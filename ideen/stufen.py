"""The stages of a submitted idea and the one table of their transitions. Every change goes
through ideen.services (`in_vorauswahl`, `zum_pitch_einladen`, `auswaehlen`,
`nicht_auswaehlen`): lock, check this table and the rules, save, audit.

eingereicht → Vorauswahl → zum Pitch eingeladen → ausgewählt; „nicht ausgewählt“ from
every stage before the decision. Nothing is decided that nobody reviewed: each transition
needs at least one finalised jury score (ideen.regeln.bewertung_fehlt, the jury's state
plugged in by bewertung)."""

from dataclasses import dataclass

from .models import Stufe


@dataclass(frozen=True)
class Uebergang:
    name: str
    bezeichnung: str  # German, the audit entry's action and the admin action's label
    von: frozenset
    nach: str


UEBERGAENGE = {
    u.name: u
    for u in (
        Uebergang(
            "vorauswahl", "In die Vorauswahl", frozenset({Stufe.EINGEREICHT}), Stufe.VORAUSWAHL
        ),
        Uebergang("pitch", "Zum Pitch eingeladen", frozenset({Stufe.VORAUSWAHL}), Stufe.PITCH),
        Uebergang("auswaehlen", "Ausgewählt", frozenset({Stufe.PITCH}), Stufe.AUSGEWAEHLT),
        Uebergang(
            "nicht_auswaehlen",
            "Nicht ausgewählt",
            frozenset({Stufe.EINGEREICHT, Stufe.VORAUSWAHL, Stufe.PITCH}),
            Stufe.NICHT_AUSGEWAEHLT,
        ),
    )
}

# The stages the people of an idea are told by a notice (ideen.services.bescheid_versenden).
BESCHEID_STUFEN = frozenset({Stufe.PITCH, Stufe.AUSGEWAEHLT, Stufe.NICHT_AUSGEWAEHLT})
# The decisions: once announced, the idea's record is closed (no withdrawal, no new people).
ENTSCHEIDUNGEN = frozenset({Stufe.AUSGEWAEHLT, Stufe.NICHT_AUSGEWAEHLT})
