"""Phase rules for Steckbriefe, from the Prozessphase dates (handlungsfelder.phasen)."""

import datetime
from dataclasses import dataclass

from handlungsfelder.models import PhaseCode
from handlungsfelder.phasen import Prozessstand, prozessstand

from .models import Status, Steckbrief
from .zustaende import BEARBEITBAR

KONTAKT = "die Geschäftsstelle des Masterplans"


@dataclass(frozen=True)
class Frist:
    """What the phase rules allow for one Steckbrief today."""

    darf_bearbeiten: bool
    darf_vorlaeufig_einreichen: bool
    darf_final_einreichen: bool
    frist: datetime.date | None  # the deadline that applies now
    hinweis: str  # German explanation when something is not allowed
    ab: datetime.date | None = None  # closed now: the day the next submission phase opens

    def tage_bis(self, heute: datetime.date) -> int | None:
        return (self.frist - heute).days if self.frist else None


def _final_ende(stand: Prozessstand, sb: Steckbrief) -> datetime.date | None:
    final = stand.phase(PhaseCode.FINAL)
    ende = final.ende if final else None
    if sb.verlaengert_bis and (ende is None or sb.verlaengert_bis > ende):
        return sb.verlaengert_bis
    return ende


def finale_frist(sb: Steckbrief, stand: Prozessstand | None = None) -> datetime.date | None:
    """The last day a finale Steckbrief can be submitted (phase end or extension)."""
    return _final_ende(stand or prozessstand(), sb)


def frist_fuer(sb: Steckbrief, stand: Prozessstand | None = None) -> Frist:
    stand = stand or prozessstand()
    heute = stand.heute
    vorl = stand.phase(PhaseCode.VORLAEUFIG)
    final = stand.phase(PhaseCode.FINAL)
    final_ende = _final_ende(stand, sb)
    verlaengert = bool(sb.verlaengert_bis and heute <= sb.verlaengert_bis)
    vor_final_ende = final_ende is not None and heute <= final_ende
    final_begonnen = final is not None and heute >= final.beginn

    if sb.status == Status.RUECKFRAGE:
        # A reviewer asked for changes: the submitter may answer whatever the phase.
        return Frist(True, False, False, None, "")
    if sb.status == Status.VORLAEUFIG_EINGEREICHT:
        # Locked until the submitter starts the finalisation (finalisierung_beginnen).
        return Frist(
            False,
            False,
            False,
            final_ende,
            ""
            if vor_final_ende
            else f"Die Frist für finale Steckbriefe ist am {final_ende:%d.%m.%Y} abgelaufen. "
            f"Für eine Fristverlängerung wenden Sie sich an {KONTAKT}.",
        )
    if sb.status not in BEARBEITBAR:
        return Frist(
            False,
            False,
            False,
            None,
            f"Im Status „{sb.sichtbarer_status_label}“ ist keine Bearbeitung möglich.",
        )
    if not vor_final_ende:
        return Frist(
            False,
            False,
            False,
            final_ende,
            f"Die Frist für finale Steckbriefe ist am {final_ende:%d.%m.%Y} abgelaufen. "
            f"Ihr Entwurf bleibt gespeichert. Für eine Fristverlängerung wenden Sie sich an {KONTAKT}."
            if final_ende
            else "Zurzeit ist keine Einreichungsphase geplant.",
        )
    vorl_offen = vorl is not None and vorl.beginn <= heute <= vorl.ende
    final_offen = (final_begonnen and vor_final_ende) or verlaengert
    if not vorl_offen and not final_offen:
        # The one rule for drafts: they are created and edited only while a submission
        # phase accepts them (before the first phase and between phases: not yet).
        beginn = vorl.beginn if vorl and heute < vorl.beginn else (final.beginn if final else None)
        return Frist(
            False,
            False,
            False,
            None,
            f"Zurzeit läuft keine Einreichungsphase. Steckbriefe können ab dem "
            f"{beginn:%d.%m.%Y} angelegt, bearbeitet und eingereicht werden."
            if beginn
            else "Zurzeit läuft keine Einreichungsphase.",
            ab=beginn,
        )
    frist = vorl.ende if (vorl_offen and sb.status == Status.ENTWURF) else final_ende
    return Frist(
        darf_bearbeiten=True,
        darf_vorlaeufig_einreichen=vorl_offen and sb.status == Status.ENTWURF,
        darf_final_einreichen=final_offen and sb.status in {Status.ENTWURF, Status.FINALISIERUNG},
        frist=frist,
        hinweis="",
    )


def warum_nicht_bearbeitbar(sb: Steckbrief, frist: Frist) -> str:
    """Why `sb` cannot be edited now (German): the phase rule's explanation or the status."""
    return (
        frist.hinweis or f"Im Status „{sb.sichtbarer_status_label}“ ist keine Bearbeitung möglich."
    )
