"""Who may do what with a Steckbrief: explicit rule functions, enumerated in REGELN.

- Members of the submitting Organisation see and edit its Steckbriefe; editing only as far
  as the phase rules (fristen.frist_fuer) allow.
- The Geschäftsstelle sees every Steckbrief (it edits in the admin, not here).
- Reviewers see what a higher app grants them through `pruefsicht_registrieren`: bewertung
  registers its scope (a Wirtschaftsförderung's Gebietskörperschaft, Zuweisungen by name)
  in its AppConfig.ready; this module never imports it.
- Nobody else sees anything; views answer 404, never 403, so that the existence of another
  organisation's Steckbrief is not revealed.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from .fristen import KONTAKT, Frist, frist_fuer
from .models import Anlage, Status, Steckbrief


class NichtErlaubt(Exception):
    """The user may not do this; the message is German and meant for the user."""


# The reviewers' views on the Steckbriefe, registered by the apps that define reviewers:
# each takes a user and returns the Steckbriefe it grants them, or None (not a reviewer).
_PRUEFSICHTEN: list[Callable[[object], QuerySet | None]] = []


def pruefsicht_registrieren(sicht: Callable[[object], QuerySet | None]) -> None:
    if sicht not in _PRUEFSICHTEN:
        _PRUEFSICHTEN.append(sicht)


def organisation_id(user) -> int | None:
    """The Organisation the user belongs to, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.mitgliedschaft.organisation_id
    except ObjectDoesNotExist:
        return None


def _wf_steckbriefe(user) -> QuerySet | None:
    """The Steckbriefe the registered reviewer views grant `user`; None for non-reviewers."""
    sichten = [qs for sicht in _PRUEFSICHTEN if (qs := sicht(user)) is not None]
    if not sichten:
        return None
    ergebnis = sichten[0]
    for qs in sichten[1:]:
        ergebnis = ergebnis | qs
    return ergebnis


def ist_mitglied(user, sb: Steckbrief) -> bool:
    """The user belongs to the Organisation that submits `sb`."""
    org = organisation_id(user)
    return org is not None and org == sb.organisation_id


def darf_anlegen(user) -> bool:
    """New Steckbriefe are created by members of an Organisation, for that Organisation."""
    return organisation_id(user) is not None


def neuer_entwurf_hindernis(organisation, stand=None) -> str | None:
    """Why no new draft of `organisation` can be created now (German), or None.

    A new Steckbrief is a draft: it may be created while the phase rules let a draft be
    edited (fristen.frist_fuer, the same rule as for every existing draft: only while a
    submission phase accepts drafts), and only while the Organisation has fewer than
    STECKBRIEF_MAX_ENTWUERFE drafts that are not submitted. The dashboard, the form, its
    save and the autosave all give this answer."""
    frist = frist_fuer(Steckbrief(organisation=organisation, status=Status.ENTWURF), stand)
    if not frist.darf_bearbeiten:
        if frist.frist:
            return (
                f"Neue Steckbriefe können nicht mehr angelegt werden: Die Frist für finale "
                f"Steckbriefe ist am {frist.frist:%d.%m.%Y} abgelaufen. Bei Fragen wenden Sie "
                f"sich an {KONTAKT}."
            )
        if frist.ab:
            return (
                f"Neue Steckbriefe können erst ab dem {frist.ab:%d.%m.%Y} angelegt werden: "
                "Zurzeit läuft keine Einreichungsphase."
            )
        return "Neue Steckbriefe können zurzeit nicht angelegt werden: Es ist keine Einreichungsphase geplant."
    hoechstens = settings.STECKBRIEF_MAX_ENTWUERFE
    entwuerfe = Steckbrief.objects.filter(organisation=organisation, status=Status.ENTWURF)
    if entwuerfe.count() >= hoechstens:
        return (
            f"Ihre Organisation hat bereits {hoechstens} Entwürfe, die noch nicht eingereicht "
            "sind; mehr sind nicht möglich. Bitte arbeiten Sie in einem vorhandenen Entwurf "
            "weiter, reichen Sie Entwürfe ein oder ziehen Sie nicht mehr benötigte zurück."
        )
    return None


def sichtbare_steckbriefe(user) -> QuerySet:
    """Every Steckbrief the user may view."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Steckbrief.objects.none()
    if user.ist_geschaeftsstelle:
        return Steckbrief.objects.all()
    bedingung = Q(pk__in=[])
    org = organisation_id(user)
    if org is not None:
        bedingung |= Q(organisation_id=org)
    wf = _wf_steckbriefe(user)
    if wf is not None:
        bedingung |= Q(pk__in=wf.values("pk"))
    return Steckbrief.objects.filter(bedingung)


def darf_ansehen(user, sb: Steckbrief) -> bool:
    """View the Steckbrief, its print view, versions, diff and attachments."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if ist_mitglied(user, sb) or user.ist_geschaeftsstelle:
        return True
    wf = _wf_steckbriefe(user)
    return wf is not None and wf.filter(pk=sb.pk).exists()


def darf_bearbeiten(user, sb: Steckbrief, frist: Frist | None = None) -> bool:
    """Change the content in the submitter form: members, while the phase rules allow."""
    if not ist_mitglied(user, sb):
        return False
    return (frist or frist_fuer(sb)).darf_bearbeiten


def darf_status_aendern(user, sb: Steckbrief) -> bool:
    """Trigger the submitter transitions (einreichen, finalisieren, zurückziehen,
    Rückfrage beantworten). Whether the transition is possible now is decided by the
    service (state table, phase, completeness)."""
    return ist_mitglied(user, sb)


def darf_anlage_herunterladen(user, anlage: Anlage) -> bool:
    return darf_ansehen(user, anlage.steckbrief)


def darf_anlage_aendern(user, anlage_or_sb, frist: Frist | None = None) -> bool:
    """Upload or delete attachments: like editing the content."""
    sb = anlage_or_sb.steckbrief if isinstance(anlage_or_sb, Anlage) else anlage_or_sb
    return darf_bearbeiten(user, sb, frist)


# Every rule, for tests and documentation: name → function.
REGELN = {
    "darf_anlegen": darf_anlegen,
    "darf_ansehen": darf_ansehen,
    "darf_bearbeiten": darf_bearbeiten,
    "darf_status_aendern": darf_status_aendern,
    "darf_anlage_herunterladen": darf_anlage_herunterladen,
    "darf_anlage_aendern": darf_anlage_aendern,
}
