"""Who may see and do what with an idea. The people of an idea are its owner (who created
it) and its co-entrants (who joined by invitation); nobody else sees it in the portal – a
foreign idea is "not found". Staff accounts do not submit (konten.services.
einreichen_hindernis), unless the Geschäftsstelle granted it on the account.

The jury's scores live above (bewertung): it tells this app through the hook
`bewertungsstand_registrieren` how many finalised scores an idea has, so that no stage is
set for an idea nobody reviewed."""

from collections.abc import Callable

from django.db.models import Q

from konten.services import einreichen_hindernis
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle

from .models import Idee, Mitwirkende, Status


def einreichen_verwehrt(user) -> str | None:
    """Why `user` may not take part in the Ideenwettbewerb (German), or None."""
    if not ist_aktiv(user):
        return "Bitte melden Sie sich an."
    return einreichen_hindernis(user)


def ideen_von(user):
    """The ideas `user` owns or works on as co-entrant."""
    return Idee.objects.filter(
        Q(eigentuemer=user) | Q(pk__in=Mitwirkende.objects.filter(user=user).values("idee"))
    )


def ist_eigentuemer(user, idee: Idee) -> bool:
    return ist_aktiv(user) and idee.eigentuemer_id == user.pk


def ist_beteiligt(user, idee: Idee) -> bool:
    """Owner or co-entrant (an active account)."""
    if not ist_aktiv(user):
        return False
    return idee.eigentuemer_id == user.pk or idee.mitwirkende.filter(user=user).exists()


def darf_bearbeiten(user, idee: Idee) -> bool:
    return ist_beteiligt(user, idee) and idee.status == Status.ENTWURF


# --- the jury's procedure ------------------------------------------------------------------

_bewertungsstand: list[Callable] = []


def bewertungsstand_registrieren(funktion: Callable) -> None:
    """`funktion(idee) -> int`: the number of finalised, counted jury scores of the idea
    (bewertung plugs in from its AppConfig.ready)."""
    if funktion not in _bewertungsstand:
        _bewertungsstand.append(funktion)


def abgeschlossene_bewertungen(idee: Idee) -> int:
    return sum(funktion(idee) for funktion in _bewertungsstand)


def bewertung_fehlt(idee: Idee) -> str | None:
    """Why no stage may be set for the idea yet (German), or None."""
    if abgeschlossene_bewertungen(idee) < 1:
        return (
            f"„{idee}“ hat noch keine abgeschlossene Bewertung der Jury. Ohne Bewertung wird "
            "nichts entschieden."
        )
    return None


def darf_stufe_setzen(user) -> bool:
    """Shortlist, invite to the pitch, decide and send the notices: the Geschäftsstelle."""
    return ist_geschaeftsstelle(user)


def entschieden_mitgeteilt(idee: Idee) -> str | None:
    """Why the idea's people can no longer withdraw it or invite anyone (German), or None:
    its decision was announced. Before the notice they know nothing of a decision, so nothing
    here may depend on one that was not announced."""
    from .stufen import ENTSCHEIDUNGEN

    if idee.bescheid_stufe in ENTSCHEIDUNGEN:
        return (
            f"Über die Idee ist entschieden ({idee.get_bescheid_stufe_display()}); sie bleibt "
            "so, wie die Jury sie bewertet hat."
        )
    return None
