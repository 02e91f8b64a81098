"""Where the process stands on a given day, derived from the Prozessphase dates.

Every phase rule of the portal asks this module; nothing else compares phase dates."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import PhaseCode, Prozessphase

WAS_JETZT = {
    None: "Zurzeit läuft keine Phase. Sie können sich registrieren und Ihre Organisation anlegen.",
    PhaseCode.VORLAEUFIG: (
        "Sie können jetzt einen vorläufigen, unverbindlichen Projektsteckbrief mit den "
        "Kernangaben einreichen."
    ),
    PhaseCode.FINAL: (
        "Sie können jetzt Ihren vorläufigen Steckbrief zum finalen Steckbrief vervollständigen "
        "oder einen neuen Steckbrief direkt final einreichen."
    ),
    PhaseCode.BEWERTUNG: (
        "Die Einreichungsfrist ist abgelaufen. Die Wirtschaftsförderungen bewerten die finalen "
        "Steckbriefe; Sie sehen den Stand in „Meine Steckbriefe“."
    ),
}


@dataclass(frozen=True)
class Prozessstand:
    heute: datetime.date
    phasen: list[Prozessphase]
    aktuell: Prozessphase | None
    naechste: Prozessphase | None

    @property
    def code(self) -> str | None:
        return self.aktuell.code if self.aktuell else None

    @property
    def was_jetzt(self) -> str:
        if self.aktuell is None and self.naechste is not None:
            return (
                f"Die nächste Phase „{self.naechste.name}“ beginnt am "
                f"{self.naechste.beginn:%d.%m.%Y}. " + WAS_JETZT[None]
            )
        if self.aktuell is None:
            return "Alle Phasen dieser Runde sind abgeschlossen."
        return WAS_JETZT[PhaseCode(self.aktuell.code)]

    def phase(self, code: str) -> Prozessphase | None:
        return next((p for p in self.phasen if p.code == code), None)

    def ist_offen(self, code: str) -> bool:
        return self.aktuell is not None and self.aktuell.code == code


def prozessstand(heute: datetime.date | None = None) -> Prozessstand:
    heute = heute or timezone.localdate()
    phasen = list(Prozessphase.objects.order_by("beginn"))
    aktuell = next((p for p in phasen if p.beginn <= heute <= p.ende), None)
    naechste = next((p for p in phasen if p.beginn > heute), None)
    return Prozessstand(heute=heute, phasen=phasen, aktuell=aktuell, naechste=naechste)
