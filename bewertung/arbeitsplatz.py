"""A reviewer's workbench: the state of the user's own Bewertung per Steckbrief, read in
the query of the list (annotations), the overview of the admin home page and the next open
Steckbriefe.

`meine` annotates a Steckbrief queryset for a user:
- meine_zuweisung, meine_befangen, meine_status, meine_bewertbar_bis: the user's own
  Zuweisung (by name before the one of the area), its Befangenheit, the status of its
  Bewertung (None: not begun) and its extension;
- mein_projekt: the Steckbrief is the user's own project (regeln.eigene_projekte).

`zustand(obj)` turns them into one of ZUSTAENDE; `aktion(obj)` into the link text of the
list ("Bewerten", "Fortsetzen", "Ansehen")."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from steckbriefe.models import Status, Steckbrief

from . import regeln
from .models import Bewertung

# The states of the own Bewertung, as the filter "Meine Bewertung" and the list name them.
NICHT_ZUGEWIESEN = "nicht_zugewiesen"
EIGENES_PROJEKT = "eigenes_projekt"
BEFANGEN = "befangen"
OFFEN = "offen"
ENTWURF = Bewertung.Status.ENTWURF.value
ABGESCHLOSSEN = Bewertung.Status.ABGESCHLOSSEN.value
ZUSTAENDE = {
    OFFEN: "offen",
    ENTWURF: "Entwurf",
    ABGESCHLOSSEN: "abgeschlossen",
    BEFANGEN: "befangen",
    EIGENES_PROJEKT: "eigenes Projekt",
    NICHT_ZUGEWIESEN: "nicht zugewiesen",
}

BEWERTEN = "Bewerten"
FORTSETZEN = "Fortsetzen"
ANSEHEN = "Ansehen"

BEWERTEN_URL = "admin:steckbriefe_steckbrief_bewerten"


def meine(qs, user):
    """`qs` annotated with the user's own Zuweisung and Bewertung (see the module)."""
    eigene = (
        regeln.zuweisungen_fuer(user)
        .filter(steckbrief=OuterRef("pk"))
        .order_by(F("pruefer_id").asc(nulls_last=True), "pk")
    )
    return qs.annotate(
        meine_zuweisung=Subquery(eigene.values("pk")[:1]),
        meine_befangen=Subquery(eigene.values("befangen_am")[:1]),
        meine_status=Subquery(eigene.values("bewertung__status")[:1]),
        meine_bewertbar_bis=Subquery(eigene.values("bewertbar_bis")[:1]),
        mein_projekt=Exists(regeln.eigene_projekte(user).filter(pk=OuterRef("pk"))),
    )


def zustand(obj) -> str:
    """The state of the own Bewertung of an annotated Steckbrief (a key of ZUSTAENDE)."""
    if obj.meine_zuweisung is None:
        return NICHT_ZUGEWIESEN
    if obj.meine_befangen is not None:
        return BEFANGEN
    if obj.mein_projekt:
        return EIGENES_PROJEKT
    return obj.meine_status or OFFEN


def filter_zustand(qs, wert: str):
    """The annotated Steckbriefe whose own Bewertung is in state `wert`."""
    zugewiesen = Q(meine_zuweisung__isnull=False)
    frei = zugewiesen & Q(meine_befangen__isnull=True, mein_projekt=False)
    bedingungen = {
        OFFEN: frei & Q(meine_status__isnull=True),
        ENTWURF: frei & Q(meine_status=ENTWURF),
        ABGESCHLOSSEN: frei & Q(meine_status=ABGESCHLOSSEN),
        BEFANGEN: zugewiesen & (Q(meine_befangen__isnull=False) | Q(mein_projekt=True)),
    }
    return qs.filter(bedingungen[wert])


def darf_jetzt_bewerten(obj, phase_offen: bool, heute: datetime.date) -> bool:
    """Whether the user may score the annotated Steckbrief now (as regeln.pruefe_bewerten,
    from the annotations; the scoring page checks again)."""
    if zustand(obj) not in {OFFEN, ENTWURF} or obj.status not in regeln.BEWERTBAR:
        return False
    bis = obj.meine_bewertbar_bis
    return phase_offen or (bis is not None and heute <= bis)


def aktion(obj) -> str:
    """The link text of the list: "Bewerten" (not begun), "Fortsetzen" (a draft),
    "Ansehen" (everything else: finalised, befangen, own project, not assigned, a status
    that is not scored). The phase is the scoring page's to explain."""
    if obj.status not in regeln.BEWERTBAR:
        return ANSEHEN
    return {OFFEN: BEWERTEN, ENTWURF: FORTSETZEN}.get(zustand(obj), ANSEHEN)


def offene(user):
    """The Steckbriefe the user may score now and has not finalised, drafts first, then in
    the order they were submitted (the "next open ones")."""
    qs = meine(Steckbrief.objects.filter(status__in=regeln.BEWERTBAR), user).filter(
        meine_zuweisung__isnull=False, meine_befangen__isnull=True, mein_projekt=False
    )
    qs = qs.filter(Q(meine_status__isnull=True) | Q(meine_status=ENTWURF))
    return qs.order_by(
        Case(
            When(meine_status=ENTWURF, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        F("final_eingereicht_am").asc(nulls_last=True),
        "pk",
    )


def naechster_offener(user, ausser=None) -> Steckbrief | None:
    """The next open Steckbrief of the user (after `ausser`, the one just finalised), if the
    user may score now."""
    if not darf_bewerten_jetzt(user):
        return None
    qs = offene(user)
    if ausser is not None:
        qs = qs.exclude(pk=ausser)
    return qs.only("pk", "titel").first()


def darf_bewerten_jetzt(user) -> bool:
    """The Bewertung phase is open for the user (the Geschäftsstelle always)."""
    return regeln.darf_steuern(user) or regeln.bewertungsphase_offen()


@dataclass
class Uebersicht:
    """The admin home of a reviewer: „12 von 80 abgeschlossen, 3 Entwürfe, …“."""

    gesamt: int
    abgeschlossen: int
    entwuerfe: int
    offen: int
    befangen: int
    phase: object  # handlungsfelder.phasen phase or None
    phase_offen: bool
    naechste: list = field(default_factory=list)  # [(Steckbrief, link text, url)]
    liste_url: str = ""


NAECHSTE_ANZAHL = 5


def uebersicht(user) -> Uebersicht | None:
    """The overview for a reviewer (a Wirtschaftsförderung or a person with Zuweisungen by
    name); None for the Geschäftsstelle and everybody else. Three queries: the counts, the
    next open ones, the phase."""
    if regeln.darf_steuern(user):
        return None
    if not getattr(user, "ist_wirtschaftsfoerderung", False) and not (
        regeln.zuweisungen_fuer(user).exists()
    ):
        return None
    qs = meine(Steckbrief.objects.exclude(status=Status.ZURUECKGEZOGEN), user).filter(
        meine_zuweisung__isnull=False
    )
    frei = Q(meine_befangen__isnull=True, mein_projekt=False)
    zahlen = qs.aggregate(
        gesamt=Count("pk", filter=frei),
        abgeschlossen=Count("pk", filter=frei & Q(meine_status=ABGESCHLOSSEN)),
        entwuerfe=Count("pk", filter=frei & Q(meine_status=ENTWURF)),
        offen=Count("pk", filter=frei & Q(meine_status__isnull=True)),
        befangen=Count("pk", filter=~frei),
    )
    phase = regeln.bewertungsphase()
    heute = timezone.localdate()
    phase_offen = phase is not None and phase.ist_offen(heute)
    naechste = []
    for sb in offene(user).select_related(None).only("pk", "titel", "status")[:NAECHSTE_ANZAHL]:
        if darf_jetzt_bewerten(sb, phase_offen, heute):
            naechste.append((sb, aktion(sb), reverse(BEWERTEN_URL, args=[sb.pk])))
    return Uebersicht(
        **zahlen,
        phase=phase,
        phase_offen=phase_offen,
        naechste=naechste,
        liste_url=reverse("admin:steckbriefe_steckbrief_changelist"),
    )
