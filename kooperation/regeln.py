"""Who may see and do what in the Kooperationsbörse and the Bündelung – explicit rules.

- A Steckbrief is in the Börse when it is submitted (not a draft, not withdrawn), its
  submitters allowed the public listing (`oeffentlich_listen`) and consented to be contacted
  (`Kooperationsprofil.kontakt_erlaubt`). Only then do other submitters learn anything about
  it (title, short description, organisation, offer), and only submitters whose own
  Steckbrief is in the Börse see the others: who shows nothing sees nothing.
- The members of the submitting Organisation manage their Steckbrief's profile and send
  contact requests in its name, once per pair of Steckbriefe, never to their own
  Organisation's Vorhaben.
- The Geschäftsstelle judges pairs („bündeln“, „kein Zusammenhang“) and notifies both
  submitters.
- Similar ideas of the Ideenwettbewerb (`ideen_einsicht`): the Geschäftsstelle sees them
  named with reasons (it runs both formats and turns ideas into Steckbriefe); reviewers
  (staff who may see the Steckbrief) only learn how many there are – ideas have their own
  jury, and a title can reveal a person's idea to a reviewer who is not on it; submitters
  learn nothing about others' ideas (the Börse's consent covers Steckbriefe only).
Views answer 404 for a Steckbrief the user may not see, as steckbriefe does."""

from django.db.models import Q, QuerySet

from konten.zugriff import ist_aktiv, ist_geschaeftsstelle
from steckbriefe.models import Steckbrief
from steckbriefe.regeln import NichtErlaubt, ist_mitglied

from .berechnung import EINBEZOGEN
from .models import Kontaktanfrage


def in_der_boerse() -> Q:
    """The Steckbriefe shown in the Börse (for a Steckbrief queryset)."""
    return Q(
        status__in=EINBEZOGEN,
        oeffentlich_listen=True,
        kooperationsprofil__kontakt_erlaubt=True,
    )


def ist_in_der_boerse(sb: Steckbrief) -> bool:
    profil = getattr(sb, "kooperationsprofil", None)
    return (
        sb.status in EINBEZOGEN
        and sb.oeffentlich_listen
        and profil is not None
        and profil.kontakt_erlaubt
    )


def darf_profil_bearbeiten(user, sb: Steckbrief) -> bool:
    """The Börse page of a Steckbrief: members of its Organisation, once it is submitted."""
    return ist_aktiv(user) and ist_mitglied(user, sb) and sb.status in EINBEZOGEN


def sichtbare_partner(user, sb: Steckbrief) -> QuerySet[Steckbrief]:
    """The other Vorhaben `user` sees in the Börse from `sb`: none unless `sb` is in it."""
    if not darf_profil_bearbeiten(user, sb) or not ist_in_der_boerse(sb):
        return Steckbrief.objects.none()
    return (
        Steckbrief.objects.filter(in_der_boerse())
        .exclude(organisation_id=sb.organisation_id)
        .exclude(pk=sb.pk)
    )


def pruefe_kontakt(user, von: Steckbrief, an: Steckbrief) -> None:
    """Raise NichtErlaubt (German) unless `user` may send a request from `von` to `an`."""
    if not darf_profil_bearbeiten(user, von):
        raise NichtErlaubt("Sie können nur für Vorhaben Ihrer Organisation Kontakt aufnehmen.")
    if not ist_in_der_boerse(von):
        raise NichtErlaubt(
            "Kontaktanfragen senden Vorhaben, die selbst in der Kooperationsbörse stehen."
        )
    if not sichtbare_partner(user, von).filter(pk=an.pk).exists():
        raise NichtErlaubt("Dieses Vorhaben steht nicht in der Kooperationsbörse.")
    if Kontaktanfrage.objects.filter(von=von, an=an).exists():
        raise NichtErlaubt("Sie haben dieses Vorhaben bereits angefragt.")


def darf_buendeln(user) -> bool:
    return ist_geschaeftsstelle(user)


NAMEN, ANZAHL = "namen", "anzahl"


def ideen_einsicht(user) -> str | None:
    """What `user` learns about the ideas similar to a Steckbrief they may see: NAMEN
    (titles, reasons), ANZAHL (only how many) or None (nothing)."""
    if ist_geschaeftsstelle(user):
        return NAMEN
    if ist_aktiv(user) and user.is_staff:
        return ANZAHL
    return None


def darf_aehnliche_ideen_sehen(user) -> bool:
    """An idea's similar Steckbriefe and ideas (the idea's panel)."""
    return ist_geschaeftsstelle(user)


REGELN = {
    "darf_profil_bearbeiten": darf_profil_bearbeiten,
    "sichtbare_partner": sichtbare_partner,
    "pruefe_kontakt": pruefe_kontakt,
    "darf_buendeln": darf_buendeln,
    "ideen_einsicht": ideen_einsicht,
    "darf_aehnliche_ideen_sehen": darf_aehnliche_ideen_sehen,
}
