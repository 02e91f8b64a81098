"""The numbers of the Bewertung, computed in the database.

Two layers:

- Per Bewertung: the weighted score `punkte`, stored on the row by punkte_aktualisieren.
- Per Steckbrief and catalogue: the stored results (Bewertungsergebnis with count, mean,
  median, minimum, maximum, standard deviation, normalised score and K.O. flag, and one
  Kriteriumsergebnis per criterion), recomputed set-based – GROUP BY in the database, one
  statement per kind of number, never a query per row – by ergebnisse_aktualisieren inside
  the transaction of every write that changes them. rangliste() then only joins the
  stored row and ranks (one window function), which keeps the ranking of 20,000
  Steckbriefe well under a second and the ranking page independent of the data size.

Everything runs the same on PostgreSQL and SQLite; no Python loop over Steckbriefe or
Bewertungen. Python only loops over the criteria of the catalogue (to build one column
each) and over the few reviewers (to insert their mean and standard deviation into one
CASE expression).

Which Bewertungen count: finalised (status „abgeschlossen“), of the catalogue in question,
whose Zuweisung is not befangen. Standard deviations are population standard deviations
(STDDEV_POP, divisor n), both for the spread of a Steckbrief and for the normalisation.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    JSONField,
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
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    JSONObject,
    Lead,
    Least,
    Mod,
    NullIf,
    Rank,
    RowNumber,
)
from django.db.models.lookups import GreaterThan, IsNull

from handlungsfelder.models import STANDARD_AUFRUF
from kern.eingaben import zahl_aus
from steckbriefe.models import Steckbrief, Vorhabenart

from .models import (
    SKALA_MAX,
    Bewertung,
    Bewertungsergebnis,
    Einzelbewertung,
    Kriterienkatalog,
    Kriterium,
    Kriteriumsergebnis,
    Prueferstatistik,
    Zuweisung,
)

# Rank groups: scored and not K.O. first, then K.O., then Steckbriefe without any score.
GRUPPE_NORMAL, GRUPPE_KO, GRUPPE_OHNE = 0, 1, 2

# The Steckbrief columns a ranking shows (page, download, dossier front matter). The ranking
# of all Steckbriefe loads only these by default: the long texts of 20,000 Steckbriefe alone
# take longer to fetch than the whole ranking (other fields load on access).
RANGLISTE_FELDER = (
    "titel",
    "kurztitel",
    "organisation",
    "handlungsfeld",
    "status",
    "entscheidung",
    "entscheidung_mitgeteilt_am",
    "vorhabenart",
    "gesamtvolumen",
    "foerdermittel",
    "gesamte_region",
)


def streuung_schwelle() -> float:
    """Spread (max − min of the weighted scores, 0–100) above which reviewers disagree."""
    return float(settings.BEWERTUNG_STREUUNG_SCHWELLE)


def veranstaltung_max_foerderung() -> int:
    """One-off events are only prioritised up to this requested funding (EUR)."""
    return int(settings.BEWERTUNG_VERANSTALTUNG_MAX_FOERDERMITTEL)


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


def punkte(bewertung_ref: str = "pk", einzeln=Einzelbewertung) -> Subquery:
    """Weighted score 0–100 of the Bewertung `OuterRef(bewertung_ref)` over its scored
    criteria: sum(weight × score) / (5 × sum(weight)) × 100. NULL without any score.
    `einzeln`: the model of the per-criterion scores (also JuryEinzelbewertung)."""
    zeilen = (
        einzeln.objects.filter(
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
    """Store the weighted score of these Bewertungen (one UPDATE with the subquery above)
    and refresh the stored results they take part in. Called by every code path that
    writes Einzelbewertungen (also by bulk imports and test set-ups after their inserts).
    A draft's score counts nowhere, so only counted Bewertungen refresh results."""
    with transaction.atomic():
        anzahl = bewertungen.order_by().update(punkte=punkte())
        ergebnisse_aktualisieren(
            bewertungen.filter(
                status=Bewertung.Status.ABGESCHLOSSEN, zuweisung__befangen_am__isnull=True
            )
        )
    return anzahl


def _pruefer_q(
    gebietskoerperschaft_id: int | None, pruefer_id: int | None, zuweisung: str = "zuweisung__"
) -> Q:
    """The Bewertungen of one reviewer: a Wirtschaftsförderung or one named person
    (`zuweisung`: the path from the queried model to the Zuweisung)."""
    if gebietskoerperschaft_id is not None:
        return Q(
            **{
                f"{zuweisung}gebietskoerperschaft_id": gebietskoerperschaft_id,
                f"{zuweisung}pruefer__isnull": True,
            }
        )
    return Q(
        **{f"{zuweisung}pruefer_id": pruefer_id, f"{zuweisung}gebietskoerperschaft__isnull": True}
    )


def normiert_ausdruck(bewertung: str = "", zuweisung: str = "zuweisung__"):
    """Per Bewertung: the z-score of its weighted score within its reviewer's counted
    Bewertungen of its catalogue (the stored Prueferstatistik), rescaled to 50 + 10·z and
    clipped to 0–100. A reviewer without spread gets 50; a Bewertung without a score None.
    `bewertung` and `zuweisung` are the paths from the queried model to the Bewertung and
    its Zuweisung (defaults: a Bewertung queryset)."""
    statistik = Prueferstatistik.objects.filter(
        Q(gebietskoerperschaft=OuterRef(f"{zuweisung}gebietskoerperschaft"))
        | Q(pruefer=OuterRef(f"{zuweisung}pruefer")),
        katalog=OuterRef(f"{bewertung}katalog"),
    )
    mu, sd = (
        Subquery(statistik.values(feld)[:1], output_field=FloatField())
        for feld in ("mittelwert", "standardabweichung")
    )
    punkte = F(f"{bewertung}punkte")
    z_wert = Value(50.0) + Value(10.0) * (punkte - mu) / sd
    return Case(
        When(IsNull(punkte, True), then=Value(None)),
        When(GreaterThan(sd, Value(0.0)), then=Greatest(Value(0.0), Least(Value(100.0), z_wert))),
        When(IsNull(sd, False), then=Value(50.0)),
        default=Value(None),
        output_field=FloatField(),
    )


def _normiert_wenn_gezaehlt(katalog: Kriterienkatalog | None, bewertung: str, zuweisung: str):
    if katalog is None:
        return Value(None, output_field=FloatField())
    return Case(
        When(
            Q(
                **{
                    f"{bewertung}status": Bewertung.Status.ABGESCHLOSSEN,
                    f"{zuweisung}befangen_am__isnull": True,
                    f"{bewertung}katalog": katalog,
                }
            ),
            then=normiert_ausdruck(bewertung, zuweisung),
        ),
        default=Value(None),
        output_field=FloatField(),
    )


def bewertungen_mit_punkten(
    queryset: QuerySet[Bewertung], katalog: Kriterienkatalog | None = None
) -> QuerySet[Bewertung]:
    """Bewertungen (with their stored `punkte`, weighted score 0–100, also for drafts)
    annotated with `normiert` (50 + 10·z within the reviewer; counted Bewertungen of
    `katalog` only, else None)."""
    katalog = katalog or aktiver_katalog()
    return queryset.annotate(normiert=_normiert_wenn_gezaehlt(katalog, "", "zuweisung__"))


def zuweisungen_mit_normiert(queryset: QuerySet[Zuweisung]) -> QuerySet[Zuweisung]:
    """Zuweisungen annotated with `normiert`: the normalised score of their Bewertung
    within its own catalogue if it counts, else None (callers showing one catalogue
    compare the Bewertung's catalogue)."""
    gezaehlt = Q(bewertung__status=Bewertung.Status.ABGESCHLOSSEN, befangen_am__isnull=True)
    return queryset.annotate(
        normiert=Case(
            When(gezaehlt, then=normiert_ausdruck("bewertung__", "")),
            default=Value(None),
            output_field=FloatField(),
        )
    )


# --- Stored results per Steckbrief -----------------------------------------------------------


def _je_steckbrief(katalog: Kriterienkatalog, aggregat, steckbrief_ref: str) -> Subquery:
    zeilen = (
        gezaehlte_bewertungen(katalog)
        .filter(zuweisung__steckbrief=OuterRef(steckbrief_ref), punkte__isnull=False)
        .order_by()
        .values("zuweisung__steckbrief")
        .annotate(x=aggregat)
        .values("x")
    )
    return Subquery(zeilen, output_field=FloatField())


def _median(katalog: Kriterienkatalog, steckbrief_ref: str) -> Subquery:
    """Median of the weighted scores of the Steckbrief OuterRef(steckbrief_ref): number the
    scores in order (ROW_NUMBER), count them (COUNT OVER), keep the row at position
    (n+1)/2 and average it with its successor (LEAD) when n is even."""
    reihenfolge = [F("punkte").asc(), F("pk").asc()]
    zeilen = (
        gezaehlte_bewertungen(katalog)
        .filter(zuweisung__steckbrief=OuterRef(steckbrief_ref), punkte__isnull=False)
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


def _einfuegen(model, spalten: list[str], zeilen: QuerySet) -> None:
    """INSERT INTO <model> (<spalten>) SELECT …: the rows of the values_list queryset
    `zeilen` (its select list in the order of `spalten`) go into the table without a
    round trip through Python. The SELECT is the one the ORM compiles for `zeilen`."""
    sql, params = zeilen.query.sql_with_params()
    quote = connection.ops.quote_name
    tabelle = quote(model._meta.db_table)
    ziel = ", ".join(quote(model._meta.get_field(s).column) for s in spalten)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {tabelle} ({ziel}) {sql}", params)  # noqa: S608


def _katalog_aktualisieren(
    katalog: Kriterienkatalog,
    steckbriefe: QuerySet | None,
    pruefer: set[tuple[int | None, int | None]],
) -> None:
    """Recompute the stored results of `katalog` for the Steckbriefe whose ids the values
    queryset `steckbriefe` yields (None: all), and the normalised score of every other
    Steckbrief scored by one of `pruefer` (their mean and spread have changed)."""
    # Every reviewer's mean and spread in the catalogue (a few rows; recomputed whole).
    Prueferstatistik.objects.filter(katalog=katalog).delete()
    _einfuegen(
        Prueferstatistik,
        [
            "katalog",
            "gebietskoerperschaft",
            "pruefer",
            "anzahl",
            "mittelwert",
            "standardabweichung",
        ],
        # NULLs filtered explicitly: Django's STDDEV_POP for SQLite does not skip them.
        gezaehlte_bewertungen(katalog)
        .filter(punkte__isnull=False)
        .order_by()
        .values(gk=F("zuweisung__gebietskoerperschaft"), p=F("zuweisung__pruefer"))
        .annotate(
            kat=Value(katalog.pk),
            n=Count("pk"),
            mu=Avg("punkte"),
            sd=StdDev("punkte", sample=False),
        )
        .values_list("kat", "gk", "p", "n", "mu", "sd"),
    )

    if steckbriefe is None:
        ergebnisse = Bewertungsergebnis.objects.filter(katalog=katalog)
        kriterien = Kriteriumsergebnis.objects.filter(kriterium__katalog=katalog)
        bewertungen = gezaehlte_bewertungen(katalog)
        einzeln = Einzelbewertung.objects.filter(kriterium__katalog=katalog)
    else:
        ergebnisse = Bewertungsergebnis.objects.filter(katalog=katalog, steckbrief__in=steckbriefe)
        kriterien = Kriteriumsergebnis.objects.filter(
            kriterium__katalog=katalog, steckbrief__in=steckbriefe
        )
        bewertungen = gezaehlte_bewertungen(katalog).filter(zuweisung__steckbrief__in=steckbriefe)
        einzeln = Einzelbewertung.objects.filter(
            kriterium__katalog=katalog, bewertung__zuweisung__steckbrief__in=steckbriefe
        )

    # Per criterion: the mean score over the counted Bewertungen that scored it.
    kriterien.delete()
    _einfuegen(
        Kriteriumsergebnis,
        ["steckbrief", "kriterium", "anzahl", "mittelwert"],
        einzeln.filter(
            wert__isnull=False,
            bewertung__status=Bewertung.Status.ABGESCHLOSSEN,
            bewertung__zuweisung__befangen_am__isnull=True,
        )
        .order_by()
        .values(s=F("bewertung__zuweisung__steckbrief"), k=F("kriterium"))
        .annotate(anzahl=Count("pk"), m=Avg(Cast("wert", FloatField())))
        .values_list("s", "k", "anzahl", "m"),
    )

    # Per Steckbrief: one grouped pass over its counted, scored Bewertungen …
    ergebnisse.delete()
    _einfuegen(
        Bewertungsergebnis,
        [
            "steckbrief",
            "katalog",
            "anzahl",
            "mittelwert",
            "minimum",
            "maximum",
            "standardabweichung",
            "normiert",
            "ko",
        ],
        bewertungen.filter(punkte__isnull=False)
        .order_by()
        .values(s=F("zuweisung__steckbrief"))
        .annotate(
            kat=Value(katalog.pk),
            anzahl=Count("pk"),
            mittelwert=Avg("punkte"),
            minimum=Min("punkte"),
            maximum=Max("punkte"),
            sd=StdDev("punkte", sample=False),
            normiert=Avg(normiert_ausdruck()),
            ko=Value(False),
        )
        .values_list(
            "s", "kat", "anzahl", "mittelwert", "minimum", "maximum", "sd", "normiert", "ko"
        ),
    )
    # … then the median (window functions) and the K.O. flag (a K.O. criterion whose
    # mean is below its threshold) of the rows just written.
    ko_kriterien = Kriteriumsergebnis.objects.filter(
        steckbrief=OuterRef("steckbrief"),
        kriterium__katalog=katalog,
        kriterium__aktiv=True,
        kriterium__ko_schwelle__isnull=False,
        mittelwert__lt=Cast(F("kriterium__ko_schwelle"), FloatField()),
    )
    mittel = {
        kriterium_schluessel(k): Subquery(
            Kriteriumsergebnis.objects.filter(
                steckbrief=OuterRef("steckbrief"), kriterium=k
            ).values("mittelwert")[:1],
            output_field=FloatField(),
        )
        for k in katalog.kriterien.all()
    }
    ergebnisse.update(
        median=_median(katalog, "steckbrief"),
        ko=Exists(ko_kriterien),
        kriterien=JSONObject(**mittel) if mittel else Value({}, output_field=JSONField()),
    )

    # The normalised score of the reviewers' other Steckbriefe.
    if steckbriefe is not None and pruefer:
        wer = Q(pk__in=[])
        for gk, person in pruefer:
            wer |= _pruefer_q(gk, person)
        Bewertungsergebnis.objects.filter(
            katalog=katalog,
            steckbrief__in=gezaehlte_bewertungen(katalog)
            .filter(wer)
            .values("zuweisung__steckbrief"),
        ).exclude(steckbrief__in=steckbriefe).update(
            normiert=_je_steckbrief(katalog, Avg(normiert_ausdruck()), "steckbrief")
        )


def ergebnisse_aktualisieren(bewertungen: QuerySet[Bewertung] | None = None) -> None:
    """Recompute the stored results (Bewertungsergebnis, Kriteriumsergebnis,
    Prueferstatistik) of the Steckbriefe of `bewertungen` in their catalogues, and the
    normalised score of every Steckbrief scored by one of their reviewers (it depends on
    all of a reviewer's scores). None: everything (`manage.py bewertung_neu_berechnen`).

    Call it after every write that changes which Bewertungen count or their scores
    (finalise, reopen, Befangenheit, criteria changed, bulk imports), inside the same
    transaction; pass the Bewertungen concerned whatever their status now. Refreshes of one
    catalogue are serialised by a lock on its row, so concurrent writes cannot interleave
    their recomputations (each statement then sees the other's committed rows)."""
    with transaction.atomic():
        if bewertungen is None:
            for katalog in Kriterienkatalog.objects.select_for_update(no_key=True).order_by("pk"):
                _katalog_aktualisieren(katalog, None, set())
            return
        betroffen = set(
            bewertungen.order_by()
            .values_list(
                "katalog_id", "zuweisung__gebietskoerperschaft_id", "zuweisung__pruefer_id"
            )
            .distinct()
        )
        if not betroffen:
            return
        kataloge = (
            Kriterienkatalog.objects.select_for_update(no_key=True)
            .filter(pk__in={k for k, _, _ in betroffen})
            .order_by("pk")
        )
        for katalog in kataloge:
            steckbriefe = Zuweisung.objects.filter(
                bewertung__in=bewertungen.filter(katalog=katalog).values("pk")
            ).values("steckbrief_id")
            pruefer = {(gk, person) for k, gk, person in betroffen if k == katalog.pk}
            _katalog_aktualisieren(katalog, steckbriefe, pruefer)


def katalog_neu_berechnen(katalog: Kriterienkatalog) -> None:
    """The weighted score of every Bewertung of `katalog` and all its stored results (after
    its criteria changed: weights, K.O. thresholds, active)."""
    with transaction.atomic():
        Bewertung.objects.filter(katalog=katalog).order_by().update(punkte=punkte())
        katalog = Kriterienkatalog.objects.select_for_update(no_key=True).get(pk=katalog.pk)
        _katalog_aktualisieren(katalog, None, set())


def alles_neu_berechnen() -> int:
    """Recompute the weighted score of every Bewertung and rebuild all stored results
    (`manage.py bewertung_neu_berechnen`; the data step of migration 0005). Returns the
    number of Bewertungen."""
    with transaction.atomic():
        anzahl = Bewertung.objects.order_by().update(punkte=punkte())
        ergebnisse_aktualisieren()
    return anzahl


def kriterien_spalten(katalog: Kriterienkatalog | None) -> list[tuple[Kriterium, str]]:
    """(Kriterium, annotation name) of the active criteria, in order: `kriterium_<pk>`."""
    if katalog is None:
        return []
    return [(k, f"kriterium_{k.pk}") for k in katalog.kriterien.filter(aktiv=True)]


def katalog_mit_kriterien(
    katalog: Kriterienkatalog | None = None,
) -> tuple[Kriterienkatalog | None, list[Kriterium]]:
    """`katalog` (default: the active one) and its active criteria in order, in one query
    (a second one only if it has no active criterion)."""
    kriterien = Kriterium.objects.filter(aktiv=True).select_related("katalog")
    if katalog is None:
        # The Steckbrief call's active catalogue (Kriterienkatalog.objects), not a jury's.
        kriterien = list(kriterien.filter(katalog__aktiv=True, katalog__aufruf_id=STANDARD_AUFRUF))
    else:
        kriterien = list(kriterien.filter(katalog=katalog))
    if kriterien:
        return kriterien[0].katalog, kriterien
    return (katalog if katalog is not None else aktiver_katalog()), []


def kriterium_schluessel(kriterium: Kriterium) -> str:
    """Key of the criterion in Bewertungsergebnis.kriterien (not a bare number: that would
    be read as an array index)."""
    return f"k{kriterium.pk}"


def _zuweisungen(gezaehlt) -> QuerySet:
    """The non-befangen Zuweisungen of the Steckbrief OuterRef("pk"), grouped into one row
    annotated with `gezaehlt`."""
    return (
        Zuweisung.objects.filter(steckbrief=OuterRef("pk"), befangen_am__isnull=True)
        .order_by()
        .values("steckbrief")
        .annotate(c=gezaehlt)
    )


def fortschritt(queryset: QuerySet[Steckbrief]) -> QuerySet[Steckbrief]:
    """Annotate `zuweisungen_gesamt` (non-befangen Zuweisungen), `zuweisungen_abgeschlossen`
    (of those with a finalised Bewertung) and `bewertung_vollstaendig` (all done, ≥ 1).
    Three independent subqueries: an annotation built on another one would repeat its
    subquery in the SQL."""
    abgeschlossen = Count("pk", filter=Q(bewertung__status=Bewertung.Status.ABGESCHLOSSEN))
    vollstaendig = _zuweisungen(Count("pk")).annotate(v=_ja_nein(Q(c=abgeschlossen))).values("v")
    return queryset.annotate(
        zuweisungen_gesamt=Coalesce(
            Subquery(_zuweisungen(Count("pk")).values("c"), output_field=IntegerField()),
            Value(0),
        ),
        zuweisungen_abgeschlossen=Coalesce(
            Subquery(_zuweisungen(abgeschlossen).values("c"), output_field=IntegerField()),
            Value(0),
        ),
        bewertung_vollstaendig=Coalesce(
            Subquery(vollstaendig, output_field=BooleanField()), Value(False)
        ),
    )


def _ja_nein(bedingung: Q) -> Case:
    return Case(
        When(bedingung, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def rangliste(
    queryset: QuerySet[Steckbrief] | None = None,
    katalog: Kriterienkatalog | None = None,
    *,
    spalten: list[tuple[Kriterium, str]] | None = None,
) -> QuerySet[Steckbrief]:
    """The Steckbriefe of `queryset` (default: all, with the RANGLISTE_FELDER loaded)
    annotated for the ranking against `katalog` (default: the active catalogue), ordered by
    rank. Runs one small query now (the criteria, unless the caller passes `spalten` from
    kriterien_spalten(katalog)); the returned queryset is lazy. The
    numbers are the stored results (one LEFT JOIN to Bewertungsergebnis, see
    ergebnisse_aktualisieren); only the rank is computed when the queryset runs.

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
    if queryset is None:
        queryset = Steckbrief.objects.only(*RANGLISTE_FELDER)
    katalog = katalog or aktiver_katalog()
    qs = fortschritt(queryset)
    nicht_priorisierbar = _ja_nein(nicht_priorisierbar_q())
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
            nicht_priorisierbar=nicht_priorisierbar,
            gruppe=Value(GRUPPE_OHNE),
            rang=Value(None, output_field=IntegerField()),
        ).order_by("titel", "pk")

    qs = (
        qs.annotate(
            ergebnis=FilteredRelation(
                "bewertungsergebnisse", condition=Q(bewertungsergebnisse__katalog=katalog)
            )
        )
        .alias(
            # Resolved once for all criteria columns below (each would resolve the join again).
            _kriterien=F("ergebnis__kriterien")
        )
        .annotate(
            anzahl_bewertungen=Coalesce(F("ergebnis__anzahl"), Value(0)),
            mittelwert=F("ergebnis__mittelwert"),
            median=F("ergebnis__median"),
            minimum=F("ergebnis__minimum"),
            maximum=F("ergebnis__maximum"),
            standardabweichung=F("ergebnis__standardabweichung"),
            spannweite=F("ergebnis__maximum") - F("ergebnis__minimum"),
            normiert=F("ergebnis__normiert"),
            ko=_ja_nein(Q(ergebnis__ko=True)),
            uneinig=_ja_nein(Q(spannweite__gt=streuung_schwelle())),
            nicht_priorisierbar=nicht_priorisierbar,
            gruppe=Case(
                When(ergebnis__anzahl__isnull=True, then=Value(GRUPPE_OHNE)),
                When(ergebnis__ko=True, then=Value(GRUPPE_KO)),
                default=Value(GRUPPE_NORMAL),
                output_field=IntegerField(),
            ),
            **{
                name: Cast(KeyTextTransform(kriterium_schluessel(k), "_kriterien"), FloatField())
                for k, name in (kriterien_spalten(katalog) if spalten is None else spalten)
            },
        )
    )
    # Within a ranked group every mittelwert is set (so NULLS LAST changes no rank); with
    # the same direction as the final ORDER BY the database sorts once and only orders
    # the ties further (incremental sort), instead of sorting the selection twice.
    rang_ordnung = [F("gruppe").asc(), F("mittelwert").desc(nulls_last=True)]
    qs = qs.annotate(
        rang=Case(
            When(gruppe=GRUPPE_OHNE, then=Value(None)),
            default=Window(Rank(), order_by=rang_ordnung),
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


def rangliste_seite(rangfolge: QuerySet[Steckbrief], nummer, pro_seite: int = 50) -> Page:
    """One page of a ranking (`rangfolge`: rangliste() filtered and ordered), like
    Paginator.get_page. Order, ranks and the number of rows come from one narrow query over
    the whole selection (only the keys, the rank and COUNT() OVER () go through the sort
    and the windows), the page's Steckbriefe with every number from a second query limited
    to them; their `rang` is the one within the whole selection."""
    # Any page number from the query string: beyond the last page means the last page (below).
    nummer = zahl_aus(nummer, mindestens=1) or 1
    schmal = rangfolge.prefetch_related(None).values_list("pk", "rang")
    schmal = schmal.annotate(gesamt=Window(Count("pk")))
    zeilen = list(schmal[(nummer - 1) * pro_seite : nummer * pro_seite])
    paginator = Paginator(schmal, pro_seite)
    if zeilen:
        paginator.count = zeilen[0][2]  # cached_property: no COUNT query
    elif nummer > 1:  # past the end: the last page, as get_page does
        return rangliste_seite(rangfolge, paginator.num_pages, pro_seite)
    else:
        paginator.count = 0
    raenge = {pk: rang for pk, rang, _ in zeilen}
    # Unordered: the rows are put in the order of the narrow query below.
    steckbriefe = {sb.pk: sb for sb in rangfolge.filter(pk__in=list(raenge)).order_by()}
    for pk, rang in raenge.items():
        steckbriefe[pk].rang = rang
    return Page([steckbriefe[pk] for pk in raenge], nummer, paginator)


def hat_bewertungen(katalog: Kriterienkatalog) -> Exists:
    """Exists-expression: a Steckbrief OuterRef("pk") has a counted Bewertung."""
    return Exists(gezaehlte_bewertungen(katalog).filter(zuweisung__steckbrief=OuterRef("pk")))
