"""Where the process stands on a given day, derived from the phase dates.

Every phase rule of the portal asks this module; nothing else compares phase dates. The
Steckbrief rules read the Prozessphasen (`prozessstand`); a call's own phases
(`AufrufPhase`) are read by `aufrufstand`, `aufruf_offen` and `einreichungsschluss`. They
work on `aufruf.phasen.all()`, so a page that prefetches the phases (`mit_phasen`) asks
nothing per call."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from .models import Aufruf, AufrufPhase, PhaseCode, Prozessphase

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


# --- a call's own phases ----------------------------------------------------------------------


def _heute(jetzt: datetime.date | datetime.datetime | None) -> datetime.date:
    if jetzt is None:
        return timezone.localdate()
    if isinstance(jetzt, datetime.datetime):
        return timezone.localdate(jetzt)
    return jetzt


def mit_phasen(aufrufe):
    """The calls with their phases (and the linked Prozessphasen) in two more queries."""
    return aufrufe.prefetch_related(
        Prefetch("phasen", queryset=AufrufPhase.objects.select_related("prozessphase"))
    )


def _phasen(aufruf: Aufruf) -> list[AufrufPhase]:
    return sorted(aufruf.phasen.all(), key=lambda p: (p.von, p.pk))


@dataclass(frozen=True)
class Aufrufstand:
    """Where a call stands on `heute`."""

    aufruf: Aufruf
    heute: datetime.date
    phasen: list[AufrufPhase]
    aktuell: AufrufPhase | None
    naechste: AufrufPhase | None

    @property
    def einreichen_offen(self) -> bool:
        return self.aktuell is not None and self.aktuell.nimmt_einreichungen

    @property
    def entwuerfe_offen(self) -> bool:
        return self.aktuell is not None and (
            self.aktuell.nimmt_entwuerfe or self.aktuell.nimmt_einreichungen
        )

    @property
    def schluss(self) -> datetime.date | None:
        """The last day of submissions: of the running submission phase, else of the next
        one, and of the submission phases that follow it without a gap (vorläufig, then
        final: submissions run until the end of the final phase)."""
        if self.einreichen_offen:
            start = self.aktuell
        else:
            start = next(
                (p for p in self.phasen if p.nimmt_einreichungen and p.von > self.heute), None
            )
        if start is None:
            return None
        ende = start.bis
        for p in self.phasen[self.phasen.index(start) + 1 :]:
            if not p.nimmt_einreichungen or p.von > ende + datetime.timedelta(days=1):
                break
            ende = max(ende, p.bis)
        return ende

    @property
    def beginn_einreichung(self) -> datetime.date | None:
        """The first day of the next submission phase, if none is running."""
        if self.einreichen_offen:
            return None
        kommend = next(
            (p for p in self.phasen if p.nimmt_einreichungen and p.von > self.heute), None
        )
        return kommend.von if kommend else None

    @property
    def tage_bis_schluss(self) -> int | None:
        return (self.schluss - self.heute).days if self.einreichen_offen else None

    @property
    def abgeschlossen(self) -> bool:
        """No submission is possible any more in this call."""
        return not self.einreichen_offen and self.beginn_einreichung is None


def aufrufstand(aufruf: Aufruf, jetzt=None) -> Aufrufstand:
    heute = _heute(jetzt)
    phasen = _phasen(aufruf)
    aktuell = next((p for p in phasen if p.von <= heute <= p.bis), None)
    naechste = next((p for p in phasen if p.von > heute), None)
    return Aufrufstand(
        aufruf=aufruf, heute=heute, phasen=phasen, aktuell=aktuell, naechste=naechste
    )


def aufruf_offen(aufruf: Aufruf, jetzt=None) -> bool:
    """True while a phase of the call that takes submissions runs (`jetzt` a date or a
    moment; default: today)."""
    return aufrufstand(aufruf, jetzt).einreichen_offen


def entwuerfe_offen(aufruf: Aufruf, jetzt=None) -> bool:
    """True while drafts of the call may be created and edited."""
    return aufrufstand(aufruf, jetzt).entwuerfe_offen


def einreichungsschluss(aufruf: Aufruf) -> datetime.date | None:
    """The last day of the call's last submission phase (None: the call takes none)."""
    enden = [p.bis for p in aufruf.phasen.all() if p.nimmt_einreichungen]
    return max(enden) if enden else None


def offene_aufrufe(jetzt=None) -> list[Aufrufstand]:
    """The published calls that take submissions today, the nearest deadline first."""
    staende = [
        aufrufstand(a, jetzt) for a in mit_phasen(Aufruf.objects.filter(veroeffentlicht=True))
    ]
    return sorted(
        (s for s in staende if s.einreichen_offen), key=lambda s: (s.schluss, s.aufruf.name)
    )
