"""The numbers of the Bewertung, computed in the database.

Everything here is annotations, correlated subqueries and window functions that run the
same on PostgreSQL and SQLite; no Python loop over Steckbriefe or Bewertungen. Python only
loops over the criteria of the catalogue (to build one column each) and over the few
reviewers (to insert their mean and standard deviation into one CASE expression).

Which Bewertungen count: finalised (status „abgeschlossen“), of the catalogue in question,
whose Zuweisung is not befangen. Standard deviations are population standard deviations
(STDDEV_POP, divisor n), both for the spread of a Steckbrief and for the normalisation.
"""

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
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
    StdDev,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Lead,
    Least,
    Mod,
    NullIf,
    Rank,
    RowNumber,
)

from steckbriefe.models import Steckbrief, Vorhabenart

from .models import SKALA_MAX, Bewertung, Einzelbewertung, Kriterienkatalog, Kriterium

# Rank groups: scored and not K.O. first, then K.O., then Steckbriefe without any score.
GRUPPE_NORMAL, GRUPPE_KO, GRUPPE_OHNE = 0, 1, 2


def streuung_schwelle() -> float:
    """Spread (max − min of the weighted scores, 0–100) above which reviewers disagree."""
    return float(getattr(settings, "BEWERTUNG_STREUUNG_SCHWELLE", 25))


def veranstaltung_max_foerderung() -> int:
    """One-off events are only prioritised up to this requested funding (EUR)."""
    return int(getattr(settings, "BEWERTUNG_VERANSTALTUNG_MAX_FOERDERMITTEL", 10_000))


def nicht_priorisierbar_q() -> Q:
    """„Punktuelle Veranstaltung“ with more requested funding than allowed."""
    return Q(
        vorhabenart=Vorhabenart.VERANSTALTUNG, foerdermittel__gt=veranstaltung_max_foerderung()
    )


def ist_nicht_priorisierbar(sb: Steckbrief) -> bool:
    return (
        sb.vorhabenart == Vorhabenart.VERANSTALTUNG
        and sb.foerdermittel is not None
        and sb.foerdermittel > veranstaltung_max_foerderung()
    )


def aktiver_katalog() -> Kriterienkatalog | None:
    return Kriterienkatalog.objects.filter(aktiv=True).first()


def gezaehlte_bewertungen(katalog: Kriterienkatalog) -> QuerySet[Bewertung]:
    """The Bewertungen that count: finalised, of `katalog`, not befangen."""
    return Bewertung.objects.filter(
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN,
        zuweisung__befangen_am__isnull=True,
    )


def punkte(bewertung_ref: str = "pk") -> Subquery:
    """Weighted score 0–100 of the Bewertung `OuterRef(bewertung_ref)` over its scored
    criteria: sum(weight × score) / (5 × sum(weight)) × 100. NULL without any score."""
    zeilen = (
        Einzelbewertung.objects.filter(
            bewertung=OuterRef(bewertung_ref), wert__isnull=False, kriterium__aktiv=True
        )
        .order_by()
        .values("bewertung")
        .annotate(
            p=Cast(Sum(F("kriterium__gewicht") * F("wert")), FloatField())
            * Value(100.0)
            / NullIf(
                Cast(Sum(F("kriterium__gewicht")) * Value(SKALA_MAX), FloatField()), Value(0.0)
            )
        )
        .values("p")
    )
    return Subquery(zeilen, output_field=FloatField())


def punkte_aktualisieren(bewertungen: QuerySet[Bewertung]) -> int:
    """Store the weighted score of these Bewertungen (one UPDATE with the subquery above).
    Called by every code path that writes Einzelbewertungen."""
    return bewertungen.order_by().update(punkte=punkte())


def _pruefer_statistik(katalog: Kriterienkatalog) -> list[dict]:
    """Mean and population standard deviation of the weighted scores per reviewer (one
    query, grouped in the database)."""
    # NULLs filtered explicitly: Django's STDDEV_POP for SQLite does not skip them.
    return list(
        gezaehlte_bewertungen(katalog)
        .filter(punkte__isnull=False)
        .order_by()
        .values("zuweisung__gebietskoerperschaft_id", "zuweisung__pruefer_id")
        .annotate(mu=Avg("punkte"), sd=StdDev("punkte", sample=False))
    )


def normiert_ausdruck(katalog: Kriterienkatalog, statistik: list[dict] | None = None):
    """Per Bewertung: the z-score within its reviewer's Bewertungen,
    rescaled to 50 + 10·z and clipped to 0–100. A reviewer without spread gets 50."""
    statistik = _pruefer_statistik(katalog) if statistik is None else statistik
    faelle = []
    for s in statistik:
        gk, person = s["zuweisung__gebietskoerperschaft_id"], s["zuweisung__pruefer_id"]
        wer = (
            Q(zuweisung__gebietskoerperschaft_id=gk, zuweisung__pruefer__isnull=True)
            if gk is not None
            else Q(zuweisung__pruefer_id=person, zuweisung__gebietskoerperschaft__isnull=True)
        )
        if not s["sd"]:
            wert = Value(50.0)
        else:
            wert = Value(50.0) + Value(10.0) * (F("punkte") - Value(float(s["mu"]))) / Value(
                float(s["sd"])
            )
        faelle.append(When(wer, then=wert))
    if not faelle:
        return Cast(Value(None), FloatField())
    return Greatest(
        Value(0.0),
        Least(Value(100.0), Case(*faelle, default=Value(None), output_field=FloatField())),
    )


def bewertungen_mit_punkten(
    queryset: QuerySet[Bewertung], katalog: Kriterienkatalog | None = None
) -> QuerySet[Bewertung]:
    """Bewertungen (with their stored `punkte`, weighted score 0–100, also for drafts)
    annotated with `normiert` (50 + 10·z within the reviewer; counted Bewertungen of
    `katalog` only, else None)."""
    katalog = katalog or aktiver_katalog()
    if katalog is None:
        return queryset.annotate(normiert=Value(None, output_field=FloatField()))
    return queryset.annotate(
        normiert=Case(
            When(
                Q(
                    status=Bewertung.Status.ABGESCHLOSSEN,
                    zuweisung__befangen_am__isnull=True,
                    katalog=katalog,
                ),
                then=normiert_ausdruck(katalog),
            ),
            default=Value(None),
            output_field=FloatField(),
        )
    )


def _je_steckbrief(katalog: Kriterienkatalog, aggregat, output_field=None) -> Subquery:
    zeilen = (
        gezaehlte_bewertungen(katalog)
        .filter(zuweisung__steckbrief=OuterRef("pk"), punkte__isnull=False)
        .order_by()
        .values("zuweisung__steckbrief")
        .annotate(x=aggregat)
        .values("x")
    )
    return Subquery(zeilen, output_field=output_field or FloatField())


def _median(katalog: Kriterienkatalog) -> Subquery:
    """Median of the weighted scores of the Steckbrief OuterRef("pk"): number the scores in
    order (ROW_NUMBER), count them (COUNT OVER), keep the row at position (n+1)/2 and
    average it with its successor (LEAD) when n is even."""
    reihenfolge = [F("punkte").asc(), F("pk").asc()]
    zeilen = (
        gezaehlte_bewertungen(katalog)
        .filter(zuweisung__steckbrief=OuterRef("pk"), punkte__isnull=False)
        .annotate(
            rn=Window(RowNumber(), order_by=reihenfolge),
            n=Window(Count("pk")),
            naechster=Window(Lead("punkte"), order_by=reihenfolge),
        )
        .annotate(
            gerade=Mod(F("n") + Value(1), Value(2)),
            median=F("punkte")
            + Cast(F("gerade"), FloatField())
            * (Coalesce(F("naechster"), F("punkte")) - F("punkte"))
            / Value(2.0),
        )
        .filter(rn=(F("n") + Value(1)) / Value(2))
        .values("median")[:1]
    )
    return Subquery(zeilen, output_field=FloatField())


def kriterien_spalten(katalog: Kriterienkatalog | None) -> list[tuple[Kriterium, str]]:
    """(Kriterium, annotation name) of the active criteria, in order: `kriterium_<pk>`."""
    if katalog is None:
        return []
    return [(k, f"kriterium_{k.pk}") for k in katalog.kriterien.filter(aktiv=True)]


def _kriterium_mittel(kriterium: Kriterium) -> Subquery:
    zeilen = (
        Einzelbewertung.objects.filter(
            kriterium=kriterium,
            wert__isnull=False,
            bewertung__status=Bewertung.Status.ABGESCHLOSSEN,
            bewertung__zuweisung__befangen_am__isnull=True,
            bewertung__zuweisung__steckbrief=OuterRef("pk"),
        )
        .order_by()
        .values("kriterium")
        .annotate(m=Avg(Cast("wert", FloatField())))
        .values("m")
    )
    return Subquery(zeilen, output_field=FloatField())


def _zuweisungen_zaehlen(abgeschlossen: bool) -> Subquery:
    from .models import Zuweisung

    zeilen = Zuweisung.objects.filter(steckbrief=OuterRef("pk"), befangen_am__isnull=True)
    if abgeschlossen:
        zeilen = zeilen.filter(bewertung__status=Bewertung.Status.ABGESCHLOSSEN)
    zeilen = zeilen.order_by().values("steckbrief").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(zeilen, output_field=IntegerField()), Value(0))


def fortschritt(queryset: QuerySet[Steckbrief]) -> QuerySet[Steckbrief]:
    """Annotate `zuweisungen_gesamt` (non-befangen Zuweisungen), `zuweisungen_abgeschlossen`
    (of those with a finalised Bewertung) and `bewertung_vollstaendig` (all done, ≥ 1)."""
    return queryset.annotate(
        zuweisungen_gesamt=_zuweisungen_zaehlen(False),
        zuweisungen_abgeschlossen=_zuweisungen_zaehlen(True),
    ).annotate(
        bewertung_vollstaendig=Case(
            When(
                Q(zuweisungen_gesamt__gt=0) & Q(zuweisungen_gesamt=F("zuweisungen_abgeschlossen")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def rangliste(
    queryset: QuerySet[Steckbrief] | None = None, katalog: Kriterienkatalog | None = None
) -> QuerySet[Steckbrief]:
    """The Steckbriefe of `queryset` annotated for the ranking against `katalog` (default:
    the active catalogue), ordered by rank. Runs two small queries now (the criteria and
    the reviewer statistics); the returned queryset is lazy.

    Annotations (None where nothing is scored):
      anzahl_bewertungen   counted Bewertungen (finalised, not befangen, of `katalog`)
      mittelwert           mean of their weighted scores, 0–100
      median               median of the weighted scores (mean of the middle two if even)
      minimum, maximum     lowest and highest weighted score
      standardabweichung   population standard deviation of the weighted scores
      spannweite           maximum − minimum
      normiert             mean of the reviewer-normalised scores (50 + 10·z per reviewer)
      kriterium_<pk>       mean score 0–5 per active criterion (see kriterien_spalten)
      ko                   True if the mean of a K.O. criterion is below its threshold
      uneinig              True if spannweite > settings.BEWERTUNG_STREUUNG_SCHWELLE
      nicht_priorisierbar  „punktuelle Veranstaltung“ with Fördermittel > 10.000 €
      zuweisungen_gesamt, zuweisungen_abgeschlossen, bewertung_vollstaendig  (fortschritt)
      gruppe               0 ranked, 1 K.O. (after all others), 2 without any score
      rang                 1, 2, 2, 4 … by gruppe, then mittelwert; ties share a rank; the
                           rank is within `queryset` (filter first, then rank); None for
                           Steckbriefe without a score
    """
    queryset = Steckbrief.objects.all() if queryset is None else queryset
    katalog = katalog or aktiver_katalog()
    qs = fortschritt(queryset)
    if katalog is None:
        leer = Value(None, output_field=FloatField())
        return qs.annotate(
            anzahl_bewertungen=Value(0),
            mittelwert=leer,
            median=leer,
            minimum=leer,
            maximum=leer,
            standardabweichung=leer,
            spannweite=leer,
            normiert=leer,
            ko=Value(False),
            uneinig=Value(False),
            nicht_priorisierbar=Case(
                When(nicht_priorisierbar_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            gruppe=Value(GRUPPE_OHNE),
            rang=Value(None, output_field=IntegerField()),
        ).order_by("titel", "pk")

    spalten = kriterien_spalten(katalog)
    qs = qs.annotate(
        anzahl_bewertungen=Coalesce(_je_steckbrief(katalog, Count("pk"), IntegerField()), Value(0)),
        mittelwert=_je_steckbrief(katalog, Avg("punkte")),
        median=_median(katalog),
        minimum=_je_steckbrief(katalog, Min("punkte")),
        maximum=_je_steckbrief(katalog, Max("punkte")),
        standardabweichung=_je_steckbrief(katalog, StdDev("punkte", sample=False)),
        normiert=_je_steckbrief(katalog, Avg(normiert_ausdruck(katalog))),
        **{name: _kriterium_mittel(k) for k, name in spalten},
    ).annotate(spannweite=F("maximum") - F("minimum"))

    ko_bedingung = Q(pk__in=[])
    for k, name in spalten:
        if k.ko_schwelle is not None:
            ko_bedingung |= Q(**{f"{name}__lt": float(k.ko_schwelle)})
    qs = qs.annotate(
        ko=Case(
            When(ko_bedingung, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        uneinig=Case(
            When(spannweite__gt=streuung_schwelle(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        nicht_priorisierbar=Case(
            When(nicht_priorisierbar_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).annotate(
        gruppe=Case(
            When(anzahl_bewertungen=0, then=Value(GRUPPE_OHNE)),
            When(ko=True, then=Value(GRUPPE_KO)),
            default=Value(GRUPPE_NORMAL),
            output_field=IntegerField(),
        )
    )
    qs = qs.annotate(
        rang=Case(
            When(gruppe=GRUPPE_OHNE, then=Value(None)),
            default=Window(Rank(), order_by=[F("gruppe").asc(), F("mittelwert").desc()]),
            output_field=IntegerField(),
        )
    )
    return qs.order_by(
        "gruppe",
        F("mittelwert").desc(nulls_last=True),
        F("median").desc(nulls_last=True),
        "titel",
        "pk",
    )


def hat_bewertungen(katalog: Kriterienkatalog) -> Exists:
    """Exists-expression: a Steckbrief OuterRef("pk") has a counted Bewertung."""
    return Exists(gezaehlte_bewertungen(katalog).filter(zuweisung__steckbrief=OuterRef("pk")))
