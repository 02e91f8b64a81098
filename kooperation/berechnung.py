"""The stored similarity: Steckbriefe → kooperation.aehnlichkeit → Textprofil, Schlagwort,
Stammhaeufigkeit and Aehnlichkeit rows.

- `alle_neu_berechnen()` rebuilds everything from the submitted Steckbriefe in memory and
  writes it in one transaction (`manage.py aehnlichkeit_neu_berechnen`, `make bench`).
- `aktualisieren(pk)` brings one Steckbrief up to date (the Celery task after a
  submission): its profile and the document frequencies of its stems, its neighbours
  (candidates from the stored inverted index, scored exactly), and its place in its
  neighbours' lists. A Steckbrief whose inputs did not change is not touched (fingerprint),
  so a redelivered task is a no-op; one that is no longer submitted (withdrawn) leaves.

Idf drifts a little between full runs: a profile's vector keeps the document frequencies
of its last computation; the full run (nightly or after a phase) refreshes all.

Pairs the Geschäftsstelle judged „kein Zusammenhang“ are never stored as neighbours.

Submitted, not withdrawn ideas (ideen.Idee) take part the same way: `idee_aktualisieren(pk)`
after a submission or withdrawal, and the full run. In the method (kooperation.aehnlichkeit)
an idea is the Dokument with the key -pk (Steckbriefe keep +pk); its rows are Ideenprofil,
IdeenSchlagwort and Ideenaehnlichkeit (every pair with an idea), the Steckbrief pairs stay
in Aehnlichkeit as before. One document frequency over both."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ideen.models import Idee, TeamMitglied
from ideen.models import Status as IdeeStatus
from steckbriefe.models import Partner, Status, Steckbrief

from . import aehnlichkeit as ae
from .models import (
    Aehnlichkeit,
    Ideenaehnlichkeit,
    Ideenprofil,
    IdeenSchlagwort,
    Kooperationsprofil,
    Schlagwort,
    Stammhaeufigkeit,
    Textprofil,
    Urteil,
    Zusammenhang,
)

# Statuses whose Steckbriefe take part (submitted at least vorläufig, not withdrawn).
EINBEZOGEN = frozenset(Status) - {Status.ENTWURF, Status.ZURUECKGEZOGEN}
TEXTFELDER = tuple(ae.FELDGEWICHTE)
IDEE_TEXTFELDER = tuple(ae.IDEE_FELDGEWICHTE)


def ideen_einbezogen() -> Q:
    """The ideas that take part: submitted (a withdrawn idea is no longer submitted)."""
    return Q(status=IdeeStatus.EINGEREICHT)


def idee_schluessel(idee_pk: int) -> int:
    """An idea's key in kooperation.aehnlichkeit (apart from the Steckbriefe' ids)."""
    return -idee_pk


def ist_idee(schluessel: int) -> bool:
    return schluessel < 0


def einbezogen() -> Q:
    return Q(status__in=EINBEZOGEN)


def dokumente(filter_: Q | None = None) -> list[ae.Dokument]:
    """The Dokumente of the submitted Steckbriefe (matching `filter_`), in 6 queries."""
    bedingung = einbezogen() & (filter_ or Q())
    zeilen = Steckbrief.objects.filter(bedingung).values(
        "pk", "organisation__name", "gesamte_region", "gesuchte_partner", *TEXTFELDER
    )
    pks = Steckbrief.objects.filter(bedingung).values("pk")
    mengen: dict[str, dict[int, set]] = {
        "zd": defaultdict(set),
        "tz": defaultdict(set),
        "ags": defaultdict(set),
        "partner": defaultdict(set),
    }
    for name, modell, feld in [
        ("zd", Steckbrief.zieldimensionen.through, "zieldimension__code"),
        ("tz", Steckbrief.teilziele.through, "teilziel_id"),
        ("ags", Steckbrief.gebietskoerperschaften.through, "gebietskoerperschaft__ags"),
        ("partner", Partner, "name"),
    ]:
        for sb, wert in modell.objects.filter(steckbrief_id__in=pks).values_list(
            "steckbrief_id", feld
        ):
            mengen[name][sb].add(ae.name_normalisieren(wert) if name == "partner" else wert)
    angebote = dict(
        Kooperationsprofil.objects.filter(steckbrief_id__in=pks)
        .exclude(angebot="")
        .values_list("steckbrief_id", "angebot")
    )
    return [
        ae.Dokument(
            pk=z["pk"],
            texte={f: z[f] for f in TEXTFELDER if z[f]},
            zieldimensionen=frozenset(mengen["zd"][z["pk"]]),
            teilziele=frozenset(mengen["tz"][z["pk"]]),
            gebiete=frozenset(mengen["ags"][z["pk"]]),
            gesamte_region=z["gesamte_region"],
            organisation=ae.name_normalisieren(z["organisation__name"]),
            partner=frozenset(mengen["partner"][z["pk"]]),
            gesucht=z["gesuchte_partner"],
            angebot=angebote.get(z["pk"], ""),
        )
        for z in zeilen
    ]


def ideen_dokumente(filter_: Q | None = None) -> list[ae.Dokument]:
    """The Dokumente of the submitted ideas (matching `filter_`), in 2 queries: the texts,
    the Gebietskörperschaft, the team's names (as partners: a person in two teams is
    shared) and the support needed (as what the idea seeks, matched with offers)."""
    bedingung = ideen_einbezogen() & (filter_ or Q())
    zeilen = Idee.objects.filter(bedingung).values(
        "pk", "gebietskoerperschaft__ags", *IDEE_TEXTFELDER
    )
    team: dict[int, set[str]] = defaultdict(set)
    for idee_id, name in TeamMitglied.objects.filter(
        idee__in=Idee.objects.filter(bedingung).values("pk")
    ).values_list("idee_id", "name"):
        team[idee_id].add(ae.name_normalisieren(name))
    return [
        ae.Dokument(
            pk=idee_schluessel(z["pk"]),
            texte={f: z[f] for f in IDEE_TEXTFELDER if z[f]},
            gebiete=frozenset(
                [z["gebietskoerperschaft__ags"]] if z["gebietskoerperschaft__ags"] else []
            ),
            partner=frozenset(team[z["pk"]]),
            gesucht=z["unterstuetzung"],
            art=ae.IDEE,
        )
        for z in zeilen
    ]


def fingerabdruck(dok: ae.Dokument) -> str:
    daten = {
        "texte": dok.texte,
        "zd": sorted(dok.zieldimensionen),
        "tz": sorted(dok.teilziele),
        "ags": sorted(dok.gebiete),
        "gesamt": dok.gesamte_region,
        "org": dok.organisation,
        "partner": sorted(dok.partner),
        "gesucht": dok.gesucht,
        "angebot": dok.angebot,
    }
    return hashlib.sha256(json.dumps(daten, sort_keys=True).encode()).hexdigest()


def _ausgeschlossen(pks: set[int] | None = None) -> set[tuple[int, int]]:
    """Pairs judged „kein Zusammenhang“ (both orders), optionally only those touching pks."""
    qs = Zusammenhang.objects.filter(urteil=Urteil.KEIN_ZUSAMMENHANG)
    if pks is not None:
        qs = qs.filter(Q(erster_id__in=pks) | Q(zweiter_id__in=pks))
    paare = set()
    for a, b in qs.values_list("erster_id", "zweiter_id"):
        paare |= {(a, b), (b, a)}
    return paare


def _zeile(paar: ae.Paar, von: int | None = None, zu: int | None = None) -> Aehnlichkeit:
    g = paar.gruende
    return Aehnlichkeit(
        steckbrief_id=paar.von if von is None else von,
        anderer_id=paar.zu if zu is None else zu,
        wert=paar.wert,
        wert_text=paar.teile["text"],
        wert_ziele=paar.teile["ziele"],
        wert_region=paar.teile["region"],
        wert_partner=paar.teile["partner"],
        wert_gesucht=paar.teile["gesucht"],
        begriffe=", ".join(g.begriffe)[:500],
        zieldimensionen=", ".join(g.zieldimensionen)[:200],
        teilziele=g.teilziele,
        region=g.region,
        gebiete=",".join(g.gebiete)[:100],
        partner=", ".join(g.partner)[:500],
        gesucht_begriffe=", ".join(g.gesucht_begriffe)[:300],
    )


AEHNLICHKEIT_SPALTEN = [
    "steckbrief_id",
    "anderer_id",
    "wert",
    "wert_text",
    "wert_ziele",
    "wert_region",
    "wert_partner",
    "wert_gesucht",
    "begriffe",
    "zieldimensionen",
    "teilziele",
    "region",
    "gebiete",
    "partner",
    "gesucht_begriffe",
    "berechnet",
]


def _werte(paar: ae.Paar, berechnet) -> tuple:
    """The row of `paar` in AEHNLICHKEIT_SPALTEN order (as _zeile, for _einfuegen)."""
    z = _zeile(paar)
    z.berechnet = berechnet
    return tuple(getattr(z, spalte) for spalte in AEHNLICHKEIT_SPALTEN)


def _einfuegen(modell, spalten: list[str], zeilen, stapel: int = 5000) -> None:
    """INSERT many rows with executemany: the full recompute writes some 600,000 rows, and
    building a model instance for each (bulk_create) takes several times longer."""
    ops = connection.ops
    spalte = {f.attname: f.column for f in modell._meta.concrete_fields}
    namen = ", ".join(ops.quote_name(spalte[s]) for s in spalten)
    platz = ", ".join(["%s"] * len(spalten))
    sql = f"INSERT INTO {ops.quote_name(modell._meta.db_table)} ({namen}) VALUES ({platz})"  # noqa: S608 - names from _meta, values as parameters
    zeilen = iter(zeilen)
    with connection.cursor() as cursor:
        while teil := list(itertools.islice(zeilen, stapel)):
            cursor.executemany(sql, teil)


def _ideenzeile(paar: ae.Paar, von: int | None = None, zu: int | None = None):
    """An Ideenaehnlichkeit row of `paar` (keys: + Steckbrief, - idea), from `von` to `zu`
    when given (the reverse direction)."""
    von = paar.von if von is None else von
    zu = paar.zu if zu is None else zu
    z = _zeile(paar, von=0, zu=0)
    werte = {f.attname: getattr(z, f.attname) for f in Aehnlichkeit._meta.concrete_fields}
    for feld in ("id", "steckbrief_id", "anderer_id"):
        werte.pop(feld)
    return Ideenaehnlichkeit(
        idee_id=-von if ist_idee(von) else None,
        steckbrief_id=None if ist_idee(von) else von,
        andere_idee_id=-zu if ist_idee(zu) else None,
        anderer_id=None if ist_idee(zu) else zu,
        **werte,
    )


def _zeilen(paare, rueckwaerts: bool = False) -> tuple[list[Aehnlichkeit], list]:
    """The rows of `paare` (reversed: from .zu to .von): Steckbrief pairs as Aehnlichkeit,
    pairs with an idea as Ideenaehnlichkeit."""
    steckbriefe, ideen = [], []
    for p in paare:
        von, zu = (p.zu, p.von) if rueckwaerts else (p.von, p.zu)
        if ist_idee(von) or ist_idee(zu):
            ideen.append(_ideenzeile(p, von, zu))
        else:
            steckbriefe.append(_zeile(p, von, zu))
    return steckbriefe, ideen


def _profilzeile(p: ae.Profil, abdruck: str):
    if ist_idee(p.pk):
        return Ideenprofil(idee_id=-p.pk, **_profilwerte(p, abdruck))
    return Textprofil(steckbrief_id=p.pk, **_profilwerte(p, abdruck))


def _profilwerte(p: ae.Profil, abdruck: str) -> dict:
    return dict(
        fingerabdruck=abdruck,
        anzahl=dict(p.anzahl),
        vektor=p.vektor,
        gesucht=p.gesucht,
        angebot=p.angebot,
        woerter=p.woerter,
    )


# --- all -------------------------------------------------------------------------------------


def alle_neu_berechnen(stapel: int = 2000) -> int:
    """Rebuild every profile and neighbour list of the Steckbriefe and ideas; returns their
    number. Those changed while it computed are brought up to date one by one afterwards
    (their tasks' rows were replaced)."""
    beginn = timezone.now()
    doks = dokumente() + ideen_dokumente()
    index = ae.Index(doks)
    ohne = _ausgeschlossen()
    ergebnisse = index.alle_nachbarn(ohne, prozesse=settings.KOOPERATION_PROZESSE)
    jetzt = connection.ops.adapt_datetimefield_value(timezone.now())
    steckbriefe = [d for d in doks if not ist_idee(d.pk)]
    ideen = [d for d in doks if ist_idee(d.pk)]
    with transaction.atomic():
        Aehnlichkeit.objects.all().delete()
        Ideenaehnlichkeit.objects.all().delete()
        Schlagwort.objects.all().delete()
        IdeenSchlagwort.objects.all().delete()
        Textprofil.objects.all().delete()
        Ideenprofil.objects.all().delete()
        Stammhaeufigkeit.objects.all().delete()
        Stammhaeufigkeit.objects.bulk_create(
            [Stammhaeufigkeit(stamm=st, anzahl=n) for st, n in index.df.items()],
            batch_size=stapel,
        )
        for teil, modell in [(steckbriefe, Textprofil), (ideen, Ideenprofil)]:
            modell.objects.bulk_create(
                [_profilzeile(index.profile[d.pk], fingerabdruck(d)) for d in teil],
                batch_size=stapel,
            )
        _einfuegen(
            Schlagwort,
            ["steckbrief_id", "stamm", "gewicht"],
            (
                (d.pk, st, w)
                for d in steckbriefe
                for st, w in ae.schlagworte(index.profile[d.pk].vektor)
            ),
        )
        _einfuegen(
            IdeenSchlagwort,
            ["idee_id", "stamm", "gewicht"],
            ((-d.pk, st, w) for d in ideen for st, w in ae.schlagworte(index.profile[d.pk].vektor)),
        )
        _einfuegen(
            Aehnlichkeit,
            AEHNLICHKEIT_SPALTEN,
            (
                _werte(paar, jetzt)
                for paare in ergebnisse.values()
                for paar in paare
                if not ist_idee(paar.von) and not ist_idee(paar.zu)
            ),
        )
        Ideenaehnlichkeit.objects.bulk_create(
            [
                _ideenzeile(paar)
                for paare in ergebnisse.values()
                for paar in paare
                if ist_idee(paar.von) or ist_idee(paar.zu)
            ],
            batch_size=stapel,
        )
    for pk in Steckbrief.objects.filter(geaendert__gte=beginn).values_list("pk", flat=True):
        aktualisieren(pk)
    for pk in Idee.objects.filter(geaendert__gte=beginn).values_list("pk", flat=True):
        idee_aktualisieren(pk)
    return len(doks)


# --- one -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Art:
    """Where a kind of Dokument keeps its rows."""

    profil: type
    schlagwort: type
    fk: str  # the column of the Steckbrief or idea in both
    vorzeichen: int  # key = vorzeichen * pk

    def dokumente(self, pks) -> list[ae.Dokument]:
        if self.vorzeichen < 0:
            return ideen_dokumente(Q(pk__in=pks))
        return dokumente(Q(pk__in=pks))

    def von(self, pk: int) -> dict:
        return {self.fk: pk}


ARTEN = {
    ae.STECKBRIEF: _Art(Textprofil, Schlagwort, "steckbrief_id", 1),
    ae.IDEE: _Art(Ideenprofil, IdeenSchlagwort, "idee_id", -1),
}


def _art(schluessel: int) -> _Art:
    return ARTEN[ae.IDEE if ist_idee(schluessel) else ae.STECKBRIEF]


def _profil_aus(zeile, schluessel: int) -> ae.Profil:
    return ae.Profil(
        schluessel,
        Counter(zeile.anzahl),
        zeile.woerter,
        vektor=zeile.vektor,
        gesucht=zeile.gesucht,
        angebot=zeile.angebot,
    )


def _haeufigkeiten_anpassen(alt: set[str], neu: set[str]) -> None:
    dazu, weg = neu - alt, alt - neu
    if dazu:
        Stammhaeufigkeit.objects.bulk_create(
            [Stammhaeufigkeit(stamm=st, anzahl=0) for st in dazu], ignore_conflicts=True
        )
        Stammhaeufigkeit.objects.filter(stamm__in=dazu).update(anzahl=F("anzahl") + 1)
    if weg:
        Stammhaeufigkeit.objects.filter(stamm__in=weg).update(anzahl=F("anzahl") - 1)


def _paare_loeschen(schluessel: int) -> None:
    """Every stored pair from or to the Dokument `schluessel`."""
    pk = abs(schluessel)
    if ist_idee(schluessel):
        Ideenaehnlichkeit.objects.filter(Q(idee_id=pk) | Q(andere_idee_id=pk)).delete()
    else:
        Aehnlichkeit.objects.filter(Q(steckbrief_id=pk) | Q(anderer_id=pk)).delete()
        Ideenaehnlichkeit.objects.filter(Q(steckbrief_id=pk) | Q(anderer_id=pk)).delete()


def _entfernen(schluessel: int) -> None:
    art, pk = _art(schluessel), abs(schluessel)
    profil = art.profil.objects.filter(**art.von(pk)).first()
    if profil is not None:
        _haeufigkeiten_anpassen(set(profil.anzahl), set())
        profil.delete()
    art.schlagwort.objects.filter(**art.von(pk)).delete()
    _paare_loeschen(schluessel)


@transaction.atomic
def aktualisieren(pk: int) -> bool:
    """Bring the Steckbrief `pk` up to date; False if nothing had to change."""
    return _aktualisieren(pk)


@transaction.atomic
def idee_aktualisieren(pk: int) -> bool:
    """Bring the idea `pk` up to date (submitted: profiled and paired; otherwise its rows
    leave); False if nothing had to change."""
    return _aktualisieren(idee_schluessel(pk))


def _kandidaten_paare(dok: ae.Dokument, profil: ae.Profil, art: _Art) -> list[ae.Paar]:
    """The pairs of `dok` with the Dokumente of `art` worth scoring (candidates from the
    stored inverted index of that art), scored exactly."""
    postings: dict[str, list] = defaultdict(list)
    for anderer, st, w in (
        art.schlagwort.objects.filter(stamm__in=[st for st, _ in ae.schlagworte(profil.vektor)])
        .exclude(**art.von(abs(dok.pk)) if _art(dok.pk) is art else {})
        .values_list(art.fk, "stamm", "gewicht")
    ):
        postings[st].append((art.vorzeichen * anderer, w))
    postings = {st: ae.postings_kuerzen(liste) for st, liste in postings.items()}
    angebote: dict[str, list] = defaultdict(list)
    if profil.gesucht:
        for anderer, vek in art.profil.objects.exclude(angebot={}).values_list(art.fk, "angebot"):
            if art.vorzeichen * anderer != dok.pk:
                for st, w in ae.schlagworte(vek):
                    angebote[st].append((art.vorzeichen * anderer, w))
    kandidaten = ae.kandidaten(profil, postings, angebote)
    if art.vorzeichen > 0 and not ist_idee(dok.pk):
        ohne = _ausgeschlossen({dok.pk})
        kandidaten = [k for k in kandidaten if (dok.pk, k) not in ohne]
    if not kandidaten:
        return []
    ids = [abs(k) for k in kandidaten]
    andere = {d.pk: d for d in art.dokumente(ids)}
    profile = {
        art.vorzeichen * getattr(z, art.fk): _profil_aus(z, art.vorzeichen * getattr(z, art.fk))
        for z in art.profil.objects.filter(**{f"{art.fk}__in": ids})
    }
    return [
        ae.paar_bewerten(dok, profil, andere[k], profile[k])
        for k in kandidaten
        if k in andere and k in profile
    ]


def _aktualisieren(schluessel: int) -> bool:
    art, pk = _art(schluessel), abs(schluessel)
    doks = art.dokumente([pk])
    if not doks:
        existierte = art.profil.objects.filter(**art.von(pk)).exists()
        _entfernen(schluessel)
        return existierte
    dok = doks[0]
    abdruck = fingerabdruck(dok)
    alt = art.profil.objects.select_for_update().filter(**art.von(pk)).first()
    if alt is not None and alt.fingerabdruck == abdruck:
        return False

    # The profile with the current document frequencies (this Dokument counted once).
    profil = ae.profil_zaehlen(dok)
    _haeufigkeiten_anpassen(set(alt.anzahl) if alt else set(), set(profil.anzahl))
    n = sum(a.profil.objects.count() for a in ARTEN.values()) - (1 if alt is not None else 0) + 1
    stämme = set(profil.anzahl) | set(profil.gesucht_anzahl) | set(profil.angebot_anzahl)
    df = dict(Stammhaeufigkeit.objects.filter(stamm__in=stämme).values_list("stamm", "anzahl"))
    profil.vektor = ae.vektor(profil.anzahl, df, n)
    profil.gesucht = ae.vektor(profil.gesucht_anzahl, df, n)
    profil.angebot = ae.vektor(profil.angebot_anzahl, df, n)
    art.profil.objects.filter(**art.von(pk)).delete()
    art.schlagwort.objects.filter(**art.von(pk)).delete()
    _profilzeile(profil, abdruck).save(force_insert=True)
    art.schlagwort.objects.bulk_create(
        [
            art.schlagwort(**art.von(pk), stamm=st, gewicht=w)
            for st, w in ae.schlagworte(profil.vektor)
        ]
    )

    # Its own lists (the best of each art), and its place in the others' lists.
    paare = {name: _kandidaten_paare(dok, profil, a) for name, a in ARTEN.items()}
    _paare_loeschen(schluessel)
    eigene = [p for liste in paare.values() for p in ae.beste(liste)]
    zurueck = [p for liste in paare.values() for p in liste if p.wert >= ae.MIN_WERT]
    sb_zeilen, ideen_zeilen = _zeilen(eigene)
    sb_rueck, ideen_rueck = _zeilen(zurueck, rueckwaerts=True)
    Aehnlichkeit.objects.bulk_create(sb_zeilen + sb_rueck)
    Ideenaehnlichkeit.objects.bulk_create(ideen_zeilen + ideen_rueck)
    _kuerzen({z.steckbrief_id for z in sb_rueck})
    _ideen_kuerzen(ideen_rueck)
    return True


def _kuerzen(pks: set[int]) -> None:
    """Keep only the NACHBARN best rows of each Steckbrief in `pks`."""
    zu_viel = []
    gezaehlt: Counter = Counter()
    for zeile_pk, sb in (
        Aehnlichkeit.objects.filter(steckbrief_id__in=pks)
        .order_by("steckbrief_id", "-wert", "anderer_id")
        .values_list("pk", "steckbrief_id")
    ):
        gezaehlt[sb] += 1
        if gezaehlt[sb] > ae.NACHBARN:
            zu_viel.append(zeile_pk)
    if zu_viel:
        Aehnlichkeit.objects.filter(pk__in=zu_viel).delete()


def _ideen_kuerzen(zeilen: list[Ideenaehnlichkeit]) -> None:
    """Keep only the NACHBARN best Ideenaehnlichkeit rows of each (from, art of the other)
    that `zeilen` added to."""
    ideen = {z.idee_id for z in zeilen if z.idee_id}
    steckbriefe = {z.steckbrief_id for z in zeilen if z.steckbrief_id}
    if not ideen and not steckbriefe:
        return
    zu_viel = []
    gezaehlt: Counter = Counter()
    for zeile_pk, idee, sb, andere_idee in (
        Ideenaehnlichkeit.objects.filter(Q(idee_id__in=ideen) | Q(steckbrief_id__in=steckbriefe))
        .order_by("-wert", "pk")
        .values_list("pk", "idee_id", "steckbrief_id", "andere_idee_id")
    ):
        gruppe = (idee, sb, andere_idee is not None)
        gezaehlt[gruppe] += 1
        if gezaehlt[gruppe] > ae.NACHBARN:
            zu_viel.append(zeile_pk)
    if zu_viel:
        Ideenaehnlichkeit.objects.filter(pk__in=zu_viel).delete()
