"""What a submitter can do next with a Steckbrief (dashboard button, form submit buttons),
derived from the status and the phase rules (fristen.frist_fuer)."""

from dataclasses import dataclass

from django.urls import reverse

from .fristen import Frist
from .models import Status, Steckbrief
from .zustaende import UEBERGAENGE, VOR_ENTSCHEIDUNG


@dataclass(frozen=True)
class Schritt:
    label: str
    url: str
    post: bool = False  # a state change: rendered as a form button, not as a link
    hauptsache: bool = True  # the one thing to do now (primary button)


# The transitions the edit form offers (the draft is saved first, then the service runs).
FORMULAR_UEBERGAENGE = ("vorlaeufig_einreichen", "final_einreichen", "rueckfrage_beantworten")


def naechster_schritt(sb: Steckbrief, frist: Frist) -> Schritt:
    bearbeiten = reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk})
    if sb.status == Status.ENTWURF and frist.darf_bearbeiten:
        return Schritt("Weiter bearbeiten", bearbeiten)
    if sb.status == Status.VORLAEUFIG_EINGEREICHT and not (frist.frist and frist.hinweis):
        return Schritt(
            UEBERGAENGE["finalisierung_beginnen"].label,
            reverse("steckbriefe:finalisieren", kwargs={"pk": sb.pk}),
            post=True,
        )
    if sb.status == Status.FINALISIERUNG and frist.darf_bearbeiten:
        return Schritt("Finalen Steckbrief vervollständigen", bearbeiten)
    if sb.status == Status.RUECKFRAGE:
        return Schritt("Rückfrage beantworten", bearbeiten)
    return Schritt("Ansehen", sb.get_absolute_url(), hauptsache=False)


def ziel_ist_final(sb: Steckbrief, frist: Frist) -> bool:
    """Is the next submission the finale one? (A draft in the vorläufig phase: no.)"""
    return not (sb.status == Status.ENTWURF and frist.darf_vorlaeufig_einreichen)


def formular_aktionen(sb: Steckbrief, frist: Frist) -> list[tuple[str, str]]:
    """Submit buttons of the edit form as (transition name, label)."""
    aktionen = []
    if frist.darf_vorlaeufig_einreichen:
        aktionen.append("vorlaeufig_einreichen")
    if frist.darf_final_einreichen:
        aktionen.append("final_einreichen")
    if sb.status == Status.RUECKFRAGE:
        aktionen.append("rueckfrage_beantworten")
    return [(name, UEBERGAENGE[name].label) for name in aktionen]


def darf_zurueckziehen(sb: Steckbrief) -> bool:
    return sb.pk is not None and sb.status in VOR_ENTSCHEIDUNG


def was_als_naechstes(sb: Steckbrief, stand) -> str:
    """What happens next with a submitted Steckbrief, and when (German; '' when the
    submitter has something to do: the next step says that)."""
    from handlungsfelder.models import PhaseCode

    status = sb.sichtbarer_status
    bewertung = stand.phase(PhaseCode.BEWERTUNG)
    final = stand.phase(PhaseCode.FINAL)
    if status == Status.VORLAEUFIG_EINGEREICHT:
        if final and stand.heute < final.beginn:
            return (
                f"Ab dem {final.beginn:%d.%m.%Y} können Sie ihn zum finalen Steckbrief "
                f"vervollständigen (bis {final.ende:%d.%m.%Y})."
            )
        return ""
    if status in (Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG):
        zeitraum = ""
        if bewertung and stand.heute <= bewertung.ende:
            zeitraum = (
                f" in der Bewertungsphase vom {bewertung.beginn:%d.%m.%Y} bis "
                f"{bewertung.ende:%d.%m.%Y}"
            )
        return (
            f"Die Wirtschaftsförderungen bewerten ihn{zeitraum}. Haben sie Fragen, erhalten "
            "Sie eine Rückfrage per E-Mail. Danach bereitet die Geschäftsstelle die Entscheidung vor; über die "
            "Entscheidung informieren wir Sie per E-Mail."
        )
    if status == Status.BEWERTET:
        return (
            "Die Bewertung ist abgeschlossen. Die Geschäftsstelle bereitet die Entscheidung vor; "
            "über die Entscheidung informieren wir Sie per E-Mail."
        )
    if status == Status.RUECKFRAGE:
        return "Nach Ihrer Antwort wird der Steckbrief erneut bewertet."
    return ""
