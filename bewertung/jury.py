"""The jury of an Ideenwettbewerb: who is on it, who is befangen, which ideas a jury
member sees, and the numbers per idea (set-based, in the database).

- A jury is named people per call (Jurymitglied), kept by the Geschäftsstelle.
- Befangen for an idea: the jury member is its owner or a co-entrant (automatic, read live)
  or declared it with a reason (JuryBefangenheit). A befangen member does not score it, is
  not counted for it and gets no mail about it.
- Counted scores: finalised JuryBewertungen of members not befangen. Per idea: their number,
  the mean of their weighted scores (0–100), and the disagreement flag with the threshold
  of the Steckbriefe (aggregation.streuung_schwelle: max − min above it).
- The ranking of a call (`ideen_rangliste`): submitted, not withdrawn ideas, by mean;
  competition ranking (equal means share a rank), ideas without a counted score last
  without a rank.

The writes are in bewertung.jury_services."""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from handlungsfelder.models import Aufruf, Aufrufformat
from ideen.models import Idee, Mitwirkende, Status, Stufe
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle

from .aggregation import streuung_schwelle
from .models import Bewertung, JuryBefangenheit, JuryBewertung, Jurymitglied, Kriterienkatalog

JURY = "Jury"  # the Group (migration 0011): the one admin right of the list

EIGENE_IDEE = "Sie haben diese Idee eingereicht."
MITWIRKEND = "Sie wirken an dieser Idee mit."


class JuryFehler(Exception):
    """A rule forbids the action; str(exc) is the German message for the user."""


# --- who ------------------------------------------------------------------------------------


def ist_jury(user) -> bool:
    """An active staff account in the Group „Jury“ (jury_services.jury_hinzufuegen puts
    every member there; which ideas it sees are its Jurymitglied rows). Read from the
    cached groups: the admin's app list asks on every page."""
    return ist_aktiv(user) and user.is_staff and user.in_gruppe(JURY)


def mitglied_fuer(user, aufruf_id: int) -> Jurymitglied | None:
    if not ist_aktiv(user) or not user.is_staff:
        return None
    return Jurymitglied.objects.filter(user_id=user.pk, aufruf_id=aufruf_id).first()


def im_verfahren(basis=None) -> QuerySet[Idee]:
    """The ideas in the jury's procedure: submitted, not withdrawn (`basis`: a manager of
    Idee or of a proxy of it)."""
    return (basis or Idee.objects).filter(
        status=Status.EINGEREICHT, aufruf__format=Aufrufformat.IDEENWETTBEWERB
    )


def ideen_fuer(user, basis=None) -> QuerySet[Idee]:
    """The ideas `user` sees in the jury's admin pages: the Geschäftsstelle all in the
    procedure, a jury member those of their calls, everybody else none."""
    if ist_geschaeftsstelle(user):
        return im_verfahren(basis)
    if not ist_aktiv(user) or not user.is_staff:
        return (basis or Idee.objects).none()
    return im_verfahren(basis).filter(
        aufruf__in=Jurymitglied.objects.filter(user_id=user.pk).values("aufruf")
    )


def automatisch_befangen(user, idee: Idee) -> str:
    """Why `user` is befangen for `idee` by the rules (German), or ""."""
    if idee.eigentuemer_id == user.pk:
        return EIGENE_IDEE
    if Mitwirkende.objects.filter(idee=idee, user_id=user.pk).exists():
        return MITWIRKEND
    return ""


def befangen_grund(mitglied: Jurymitglied, idee: Idee) -> str:
    """Why the jury member is befangen for the idea (automatic or declared), or ""."""
    if grund := automatisch_befangen(mitglied.user, idee):
        return grund
    erklaert = JuryBefangenheit.objects.filter(idee=idee, mitglied=mitglied).first()
    return f"Befangenheit erklärt: {erklaert.grund}" if erklaert else ""


def bewerten_hindernis(user, idee: Idee) -> str | None:
    """Why `user` may not open the scoring form of `idee` (German), or None."""
    mitglied = mitglied_fuer(user, idee.aufruf_id)
    if mitglied is None:
        return "Sie gehören nicht zur Jury dieses Aufrufs."
    if idee.status != Status.EINGEREICHT:
        return f"„{idee}“ ist {idee.get_status_display().lower()} und wird nicht bewertet."
    if grund := befangen_grund(mitglied, idee):
        return f"Sie sind bei „{idee}“ befangen und bewerten sie nicht. {grund}"
    return None


def jury_katalog(aufruf_id: int) -> Kriterienkatalog | None:
    """The active catalogue of the call (by pk), which new jury scores use."""
    return Kriterienkatalog.alle.filter(aufruf__pk=aufruf_id, aktiv=True).first()


# --- numbers --------------------------------------------------------------------------------


def _befangen_q(idee_ref: str, mitglied_ref: str, user_ref: str) -> Q:
    """Befangen, for rows carrying an idea, a jury member and its user (references)."""
    return (
        Q(**{f"{user_ref}": F(f"{idee_ref}__eigentuemer_id")})
        | Exists(Mitwirkende.objects.filter(idee=OuterRef(idee_ref), user=OuterRef(user_ref)))
        | Exists(
            JuryBefangenheit.objects.filter(
                idee=OuterRef(idee_ref), mitglied=OuterRef(mitglied_ref)
            )
        )
    )


def gezaehlte_bewertungen() -> QuerySet[JuryBewertung]:
    """The counted jury scores: finalised, of members not befangen."""
    return JuryBewertung.objects.filter(status=Bewertung.Status.ABGESCHLOSSEN).exclude(
        _befangen_q("idee", "mitglied", "mitglied__user")
    )


def _je_idee(aggregat) -> Subquery:
    zeilen = (
        gezaehlte_bewertungen()
        .filter(idee=OuterRef("pk"))
        .order_by()
        .values("idee")
        .annotate(wert=aggregat)
        .values("wert")
    )
    return Subquery(zeilen)


def _nicht_befangene_mitglieder() -> Subquery:
    mitglieder = (
        Jurymitglied.objects.filter(aufruf=OuterRef("aufruf"))
        .exclude(user=OuterRef("eigentuemer"))
        .exclude(
            Exists(Mitwirkende.objects.filter(idee=OuterRef(OuterRef("pk")), user=OuterRef("user")))
        )
        .exclude(
            Exists(
                JuryBefangenheit.objects.filter(
                    idee=OuterRef(OuterRef("pk")), mitglied=OuterRef("pk")
                )
            )
        )
        .order_by()
        .values("aufruf")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(mitglieder, output_field=IntegerField())


def mit_jurystand(ideen: QuerySet[Idee]) -> QuerySet[Idee]:
    """Annotate per idea: jury_anzahl (counted scores), jury_mittel (mean 0–100 or None),
    jury_spanne (max − min), jury_uneinig (spread above the threshold), jury_zugewiesen
    (members not befangen) – subqueries, no query per row."""
    return ideen.annotate(
        jury_anzahl=Coalesce(_je_idee(Count("pk")), Value(0), output_field=IntegerField()),
        jury_mittel=_je_idee(Avg("punkte", output_field=FloatField())),
        jury_spanne=_je_idee(Max("punkte") - Min("punkte")),
        jury_zugewiesen=Coalesce(_nicht_befangene_mitglieder(), Value(0)),
    ).annotate(
        jury_uneinig=Case(
            When(jury_spanne__gt=streuung_schwelle(), then=Value(True)),
            default=Value(False),
        )
    )


def mit_rang(ideen: QuerySet[Idee]) -> QuerySet[Idee]:
    """Annotate `jury_rang`: 1 + the number of ideas in the procedure of the same call with
    a higher mean (competition ranking over the whole call, whatever the list filters);
    None without a counted score. Needs mit_jurystand."""
    hoeher = (
        mit_jurystand(im_verfahren().filter(aufruf=OuterRef("aufruf")))
        .filter(jury_mittel__gt=OuterRef("jury_mittel"))
        .order_by()
        .values("aufruf")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return ideen.annotate(
        jury_rang=Case(
            When(jury_mittel__isnull=True, then=Value(None)),
            default=Coalesce(Subquery(hoeher, output_field=IntegerField()), Value(0)) + 1,
            output_field=IntegerField(),
        )
    )


def abgeschlossene_bewertungen(idee: Idee) -> int:
    """Counted jury scores of one idea (the hook ideen.regeln.bewertungsstand_registrieren)."""
    return gezaehlte_bewertungen().filter(idee=idee).count()


@dataclass(frozen=True)
class JuryZeile:
    idee: Idee  # with team prefetched
    rang: int | None  # None without finalised scores
    mittelwert: float | None  # 0–100
    bewertungen: int  # finalised, counted
    zugewiesen: int  # jury members not befangen
    streuung_hoch: bool
    stufe: str  # German label of the stage


def ideen_rangliste(aufruf: Aufruf) -> list[JuryZeile]:
    """The submitted, not withdrawn ideas of `aufruf` by mean score (best first; equal
    means share a rank; without a counted score last, without rank, by title). Three
    queries: the ideas with their numbers, their team, their co-entrants' accounts none."""
    ideen = list(
        mit_jurystand(im_verfahren().filter(aufruf=aufruf))
        .select_related("aufruf", "eigentuemer")
        .prefetch_related("team")
    )
    ideen.sort(key=lambda i: (i.jury_mittel is None, -(i.jury_mittel or 0), i.titel, i.pk))
    zeilen, rang, vorher = [], 0, object()
    for n, idee in enumerate(ideen, start=1):
        if idee.jury_mittel is None:
            aktueller = None
        else:
            if idee.jury_mittel != vorher:
                rang, vorher = n, idee.jury_mittel
            aktueller = rang
        zeilen.append(
            JuryZeile(
                idee=idee,
                rang=aktueller,
                mittelwert=idee.jury_mittel,
                bewertungen=idee.jury_anzahl,
                zugewiesen=idee.jury_zugewiesen,
                streuung_hoch=bool(idee.jury_uneinig),
                stufe=Stufe(idee.stufe).label,
            )
        )
    return zeilen


def jury_katalog_wechsel_blockiert(
    katalog: Kriterienkatalog, aktiv: Kriterienkatalog
) -> str | None:
    """Why the call's jury catalogue cannot switch from `aktiv` to `katalog` (German): while
    scores of ideas still in the procedure and not decided use it."""
    laufend = JuryBewertung.objects.filter(katalog=aktiv, idee__status=Status.EINGEREICHT).exclude(
        idee__stufe__in=[Stufe.AUSGEWAEHLT, Stufe.NICHT_AUSGEWAEHLT]
    )
    n = laufend.count()
    if not n:
        return None
    return (
        f"„{katalog}“ kann nicht aktiviert werden: Die Jury bewertet mit „{aktiv}“ – "
        f"{n} {'Bewertung' if n == 1 else 'Bewertungen'} zu Ideen, über die noch nicht "
        "entschieden ist. Aktivieren Sie den neuen Katalog nach den Entscheidungen."
    )
