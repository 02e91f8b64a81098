"""The portfolio's figures over the submitted Steckbriefe (not drafts, not withdrawn), for the
Geschäftsstelle and the Lenkungskreis: a fixed number of queries, aggregated in Python.

- Matrix Zieldimensionen × Gebietskörperschaften (and „gesamte Region“): per cell the
  number of Vorhaben, the requested Fördermittel and the mean score (Bewertungsergebnis of
  the active catalogue, only scored Vorhaben). A Vorhaben in several Gebietskörperschaften
  counts in each cell; the row total counts it once.
- Lücken: Zieldimensionen, Teilziele and KPIs no Vorhaben (of the filtered set) addresses.
- The prioritised set against the whole, and the distributions by Vorhabenart, Reifegrad
  and Organisationstyp.
Filters: call (Aufruf of the Projektsteckbrief format), federführendes Handlungsfeld, Phase
(the status group), Entscheidung."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from bewertung.models import Bewertungsergebnis
from handlungsfelder.models import KPI, Gebietskoerperschaft, Teilziel, Zieldimension
from konten.models import Organisationstyp
from steckbriefe.models import Entscheidung, Reifegrad, Status, Steckbrief, Vorhabenart

PHASEN = {
    "vorlaeufig": ("Vorläufig eingereicht", [Status.VORLAEUFIG_EINGEREICHT, Status.FINALISIERUNG]),
    "bewertung": (
        "Final eingereicht / in Bewertung",
        [Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.RUECKFRAGE],
    ),
    "bewertet": ("Bewertet", [Status.BEWERTET]),
    "entschieden": ("Entschieden", [Status.ENTSCHIEDEN]),
}
EINGEREICHT = [s for _, liste in PHASEN.values() for s in liste]
GESAMTE_REGION = "gesamt"


@dataclass
class Filter:
    handlungsfeld: str = ""  # code
    phase: str = ""  # key of PHASEN
    entscheidung: str = ""  # Entscheidung value
    aufruf: str = ""  # slug of the call (Steckbrief.aufruf points at the slug)


@dataclass
class Zelle:
    anzahl: int = 0
    priorisiert: int = 0
    foerdermittel: Decimal = Decimal(0)
    punkte: list[float] = field(default_factory=list)

    @property
    def mittelwert(self) -> float | None:
        return sum(self.punkte) / len(self.punkte) if self.punkte else None

    def dazu(self, sb: dict, punkte: float | None) -> None:
        self.anzahl += 1
        self.priorisiert += sb["entscheidung"] == Entscheidung.PRIORISIERT
        self.foerdermittel += sb["foerdermittel"] or 0
        if punkte is not None:
            self.punkte.append(punkte)


@dataclass
class Verteilung:
    titel: str
    zeilen: list[tuple[str, int, int]]  # (label, alle, priorisiert)


@dataclass
class Portfolio:
    spalten: list[tuple[str, str]]  # (key, name)
    zeilen: list[tuple[Zieldimension, list[Zelle], Zelle]]
    summe: Zelle
    priorisiert: Zelle
    luecken_zieldimensionen: list[Zieldimension]
    luecken_teilziele: list[Teilziel]
    luecken_kpis: list[KPI]
    verteilungen: list[Verteilung]

    @property
    def maximum(self) -> int:
        return max((z.anzahl for _, zellen, _ in self.zeilen for z in zellen), default=0)


def steckbriefe(f: Filter) -> QuerySet[Steckbrief]:
    qs = Steckbrief.objects.filter(status__in=EINGEREICHT)
    if f.handlungsfeld:
        qs = qs.filter(handlungsfeld__code=f.handlungsfeld)
    if f.phase in PHASEN:
        qs = qs.filter(status__in=PHASEN[f.phase][1])
    if f.entscheidung in Entscheidung.values:
        qs = qs.filter(entscheidung=f.entscheidung)
    if f.aufruf:
        qs = qs.filter(aufruf_id=f.aufruf)
    return qs


def _verteilung(titel, choices, zeilen: list[dict], schluessel: str) -> Verteilung:
    alle: dict[str, int] = defaultdict(int)
    prio: dict[str, int] = defaultdict(int)
    for sb in zeilen:
        alle[sb[schluessel] or ""] += 1
        prio[sb[schluessel] or ""] += sb["entscheidung"] == Entscheidung.PRIORISIERT
    liste = [(label, alle[wert], prio[wert]) for wert, label in choices]
    if alle[""]:
        liste.append(("keine Angabe", alle[""], prio[""]))
    return Verteilung(titel, liste)


def berechnen(
    f: Filter | None = None,
    *,
    auswahl: QuerySet[Steckbrief] | None = None,
    mit_bewertung: bool = True,
) -> Portfolio:
    """The figures of the Steckbriefe `f` selects, or of `auswahl` (e.g. a dossier's
    selection; the caller decides which Steckbriefe it holds). `mit_bewertung=False`: without
    scores and decisions (nothing counts as prioritised), for readers who may not see
    them."""
    qs = steckbriefe(f or Filter()) if auswahl is None else auswahl
    pks = qs.values("pk")
    zeilen = list(
        qs.values(
            "pk",
            "foerdermittel",
            "gesamte_region",
            "vorhabenart",
            "reifegrad",
            "organisation__typ",
            "entscheidung",
        )
    )
    nach_pk = {z["pk"]: z for z in zeilen}
    punkte = {}
    if mit_bewertung:
        punkte = dict(
            Bewertungsergebnis.objects.filter(
                katalog__aktiv=True, steckbrief_id__in=pks
            ).values_list("steckbrief_id", "mittelwert")
        )
    else:
        for z in zeilen:
            z["entscheidung"] = ""
    orte: dict[int, set[str]] = defaultdict(set)
    for sb, ags in Steckbrief.gebietskoerperschaften.through.objects.filter(
        steckbrief_id__in=pks
    ).values_list("steckbrief_id", "gebietskoerperschaft__ags"):
        orte[sb].add(ags)
    ziele: dict[int, set[int]] = defaultdict(set)
    for sb, zd in Steckbrief.zieldimensionen.through.objects.filter(
        steckbrief_id__in=pks
    ).values_list("steckbrief_id", "zieldimension_id"):
        ziele[zd].add(sb)

    gebiete = list(Gebietskoerperschaft.objects.order_by("name"))
    spalten = [(g.ags, g.name) for g in gebiete] + [(GESAMTE_REGION, "Gesamte Region")]
    matrix_zeilen = []
    for zd in Zieldimension.objects.select_related("handlungsfeld"):
        zellen = {schluessel: Zelle() for schluessel, _ in spalten}
        gesamt = Zelle()
        for sb_pk in sorted(ziele.get(zd.pk, ())):
            sb = nach_pk[sb_pk]
            gesamt.dazu(sb, punkte.get(sb_pk))
            for ags in orte[sb_pk]:
                zellen[ags].dazu(sb, punkte.get(sb_pk))
            if sb["gesamte_region"]:
                zellen[GESAMTE_REGION].dazu(sb, punkte.get(sb_pk))
        matrix_zeilen.append((zd, [zellen[s] for s, _ in spalten], gesamt))

    summe, priorisiert = Zelle(), Zelle()
    for sb in zeilen:
        summe.dazu(sb, punkte.get(sb["pk"]))
        if sb["entscheidung"] == Entscheidung.PRIORISIERT:
            priorisiert.dazu(sb, punkte.get(sb["pk"]))

    tz_durch = Steckbrief.teilziele.through.objects.filter(steckbrief_id__in=pks)
    kpi_durch = Steckbrief.kpis.through.objects.filter(steckbrief_id__in=pks)
    return Portfolio(
        spalten=spalten,
        zeilen=matrix_zeilen,
        summe=summe,
        priorisiert=priorisiert,
        luecken_zieldimensionen=[zd for zd, _, gesamt in matrix_zeilen if not gesamt.anzahl],
        luecken_teilziele=list(
            Teilziel.objects.exclude(pk__in=tz_durch.values("teilziel_id")).select_related(
                "zieldimension"
            )
        ),
        luecken_kpis=list(
            KPI.objects.exclude(pk__in=kpi_durch.values("kpi_id")).select_related("zieldimension")
        ),
        verteilungen=[
            _verteilung("Vorhabenart", Vorhabenart.choices, zeilen, "vorhabenart"),
            _verteilung("Reifegrad", Reifegrad.choices, zeilen, "reifegrad"),
            _verteilung("Organisationstyp", Organisationstyp.choices, zeilen, "organisation__typ"),
        ],
    )
