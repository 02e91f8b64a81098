"""Cross-over: the Geschäftsstelle turns a promising submitted idea into a draft Steckbrief
for the same people (issue 16, item 5).

One function, `als_steckbrief_uebernehmen`: lock the idea, check the rules, create the
draft with the fields that match, link both records (`Idee.steckbrief`, reached from the
Steckbrief as `aus_idee`), audit on both sides and mail the idea's people after commit.

What is carried over (ideen field → Steckbrief field): Titel → Projekttitel; Idee in einem
Satz → Kurzbeschreibung; Problem und Zielmarkt → Ausgangssituation und Handlungsbedarf;
Lösung und Neuheit → Kernansatz und Maßnahmen; Bezug zur Region → Bezug zur Transformation
der Region; Gebietskörperschaft → Standort. The idea's owner becomes the Ansprechperson
(as the form suggests the person who starts a Steckbrief). The team's names, the TRL (a
different scale from the Steckbrief's Reifegrad), the support needed and the pitch deck
stay with the idea.

Decisions:
- A Steckbrief needs an Organisation. Only an Organisation the idea's owner or one of its
  co-entrants belongs to is possible; the Geschäftsstelle picks one when there are several.
  Without any, the cross-over is refused with the reason (the people create their
  Organisation in the portal first); nothing is created for an Organisation the people do
  not belong to.
- Drafts exist only while a submission phase runs: steckbriefe.regeln.neuer_entwurf_hindernis
  answers as for the submitters (also the cap on an Organisation's drafts); the cross-over is
  refused with that reason rather than granting an extension of its own.
- Only submitted ideas (not drafts, not withdrawn ones), once per idea, by the
  Geschäftsstelle."""

from django.conf import settings
from django.db import transaction

from kern.mail import mail_senden
from konten.models import Mitgliedschaft, Organisation, User
from konten.zugriff import ist_geschaeftsstelle
from steckbriefe import services as steckbrief_services
from steckbriefe.models import Steckbrief
from steckbriefe.regeln import neuer_entwurf_hindernis

from .models import Idee, Status
from .services import NichtMoeglich, empfaenger, protokollieren, sperren

# Idea field → Steckbrief field.
FELDER = {
    "titel": "titel",
    "kernsatz": "kurzbeschreibung",
    "problem": "ausgangssituation",
    "loesung": "kernansatz",
    "regionsbezug": "transformationsbezug",
}


def moegliche_organisationen(idee: Idee) -> list[Organisation]:
    """The Organisations of the idea's owner and co-entrants (the draft's candidates)."""
    personen = [idee.eigentuemer_id, *idee.mitwirkende.values_list("user_id", flat=True)]
    ids = Mitgliedschaft.objects.filter(user_id__in=personen).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def uebernahme_hindernis(idee: Idee, akteur: User) -> str | None:
    """Why `akteur` cannot turn `idee` into a Steckbrief at all (German), or None; the
    Organisation and the phase are checked with the chosen Organisation."""
    if not ist_geschaeftsstelle(akteur):
        return "Nur die Geschäftsstelle kann eine Idee als Steckbrief übernehmen."
    if idee.steckbrief_id:
        return f"Die Idee wurde bereits als Steckbrief Nr. {idee.steckbrief_id} übernommen."
    if idee.status == Status.ENTWURF:
        return "Die Idee ist noch ein Entwurf; übernommen werden nur eingereichte Ideen."
    if idee.status == Status.ZURUECKGEZOGEN:
        return "Die Idee wurde zurückgezogen und kann nicht übernommen werden."
    return None


def organisation_hindernis(idee: Idee, organisation: Organisation | None) -> str | None:
    """Why the draft cannot be created for `organisation` (German), or None."""
    moegliche = moegliche_organisationen(idee)
    if not moegliche:
        return (
            "Ein Steckbrief gehört immer zu einer Organisation, aber weder die Person, die die "
            "Idee eingereicht hat, noch ihre Mitwirkenden gehören zu einer. Bitten Sie sie, "
            "ihre Organisation im Portal anzulegen; danach können Sie die Idee übernehmen."
        )
    if organisation is None:
        if len(moegliche) > 1:
            return "Bitte wählen Sie die Organisation, zu der der Steckbrief gehören soll."
        organisation = moegliche[0]
    if organisation.pk not in {o.pk for o in moegliche}:
        return (
            "Der Steckbrief kann nur für eine Organisation angelegt werden, zu der die Person, "
            "die die Idee eingereicht hat, oder eine mitwirkende Person gehört."
        )
    return neuer_entwurf_hindernis(organisation)


@transaction.atomic
def als_steckbrief_uebernehmen(
    idee: Idee, akteur: User, organisation: Organisation | None = None
) -> Steckbrief:
    """Create a draft Steckbrief from the submitted `idee` for `organisation` (one of its
    people's; may be omitted when there is exactly one) and link both. Raises NichtMoeglich
    with the German reason."""
    idee = sperren(idee)
    if grund := uebernahme_hindernis(idee, akteur):
        raise NichtMoeglich(grund)
    if grund := organisation_hindernis(idee, organisation):
        raise NichtMoeglich(grund)
    if organisation is None:
        organisation = moegliche_organisationen(idee)[0]
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()

    eigentuemer = idee.eigentuemer
    sb = Steckbrief(
        organisation=organisation,
        erstellt_von=akteur,
        zuletzt_bearbeitet_von=akteur,
        ansprechperson_name=eigentuemer.get_full_name()[:200],
        ansprechperson_email=eigentuemer.email,
        **{ziel: getattr(idee, quelle) for quelle, ziel in FELDER.items()},
    )
    sb.save()
    if idee.gebietskoerperschaft_id:
        sb.gebietskoerperschaften.set([idee.gebietskoerperschaft_id])
    idee.steckbrief = sb
    idee.save(update_fields=["steckbrief", "geaendert"])

    protokollieren(
        idee,
        akteur,
        "Als Steckbrief übernommen",
        neu=f"Steckbrief Nr. {sb.pk}",
        text=f"Entwurf für {organisation.name}",
    )
    steckbrief_services.protokollieren(
        sb,
        akteur,
        "Aus Idee übernommen",
        neu="Entwurf",
        text=f"Aus der Idee Nr. {idee.pk} „{idee.titel}“ im Aufruf „{idee.aufruf.name}“",
    )
    mail_senden(
        empfaenger(idee),
        "idee_als_steckbrief",
        {
            "idee": idee,
            "steckbrief": sb,
            "organisation": organisation,
            "link": f"{settings.SITE_URL}{sb.get_absolute_url()}",
        },
    )
    return sb
