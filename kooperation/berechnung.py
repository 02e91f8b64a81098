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

Pairs the Geschäftsstelle judged „kein Zusammenhang“ are never stored as neighbours."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from steckbriefe.models import Partner, Status, Steckbrief

from . import aehnlichkeit as ae
from .models import (
    Aehnlichkeit,
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


def _profilzeile(p: ae.Profil, abdruck: str) -> Textprofil:
    return Textprofil(
        steckbrief_id=p.pk,
        fingerabdruck=abdruck,
        anzahl=dict(p.anzahl),
        vektor=p.vektor,
        gesucht=p.gesucht,
        angebot=p.angebot,
        woerter=p.woerter,
    )


# --- all -------------------------------------------------------------------------------------


def alle_neu_berechnen(stapel: int = 2000) -> int:
    """Rebuild every profile and neighbour list; returns the number of Steckbriefe.
    Steckbriefe changed while it computed are brought up to date one by one afterwards
    (their tasks' rows were replaced)."""
    beginn = timezone.now()
    doks = dokumente()
    index = ae.Index(doks)
    ohne = _ausgeschlossen()
    ergebnisse = index.alle_nachbarn(ohne, prozesse=settings.KOOPERATION_PROZESSE)
    jetzt = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        Aehnlichkeit.objects.all().delete()
        Schlagwort.objects.all().delete()
        Textprofil.objects.all().delete()
        Stammhaeufigkeit.objects.all().delete()
        Stammhaeufigkeit.objects.bulk_create(
            [Stammhaeufigkeit(stamm=st, anzahl=n) for st, n in index.df.items()],
            batch_size=stapel,
        )
        Textprofil.objects.bulk_create(
            [_profilzeile(index.profile[d.pk], fingerabdruck(d)) for d in doks],
            batch_size=stapel,
        )
        _einfuegen(
            Schlagwort,
            ["steckbrief_id", "stamm", "gewicht"],
            ((pk, st, w) for pk, p in index.profile.items() for st, w in ae.schlagworte(p.vektor)),
        )
        _einfuegen(
            Aehnlichkeit,
            AEHNLICHKEIT_SPALTEN,
            (_werte(paar, jetzt) for paare in ergebnisse.values() for paar in paare),
        )
    for pk in Steckbrief.objects.filter(geaendert__gte=beginn).values_list("pk", flat=True):
        aktualisieren(pk)
    return len(doks)


# --- one -------------------------------------------------------------------------------------


def _profil_aus(zeile: Textprofil) -> ae.Profil:
    return ae.Profil(
        zeile.steckbrief_id,
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


def _entfernen(pk: int) -> None:
    profil = Textprofil.objects.filter(steckbrief_id=pk).first()
    if profil is not None:
        _haeufigkeiten_anpassen(set(profil.anzahl), set())
        profil.delete()
    Schlagwort.objects.filter(steckbrief_id=pk).delete()
    Aehnlichkeit.objects.filter(Q(steckbrief_id=pk) | Q(anderer_id=pk)).delete()


@transaction.atomic
def aktualisieren(pk: int) -> bool:
    """Bring the Steckbrief `pk` up to date; False if nothing had to change."""
    doks = dokumente(Q(pk=pk))
    if not doks:
        existierte = Textprofil.objects.filter(steckbrief_id=pk).exists()
        _entfernen(pk)
        return existierte
    dok = doks[0]
    abdruck = fingerabdruck(dok)
    alt = Textprofil.objects.select_for_update().filter(steckbrief_id=pk).first()
    if alt is not None and alt.fingerabdruck == abdruck:
        return False

    # The profile with the current document frequencies (this Steckbrief counted once).
    profil = ae.profil_zaehlen(dok)
    _haeufigkeiten_anpassen(set(alt.anzahl) if alt else set(), set(profil.anzahl))
    n = Textprofil.objects.exclude(steckbrief_id=pk).count() + 1
    stämme = set(profil.anzahl) | set(profil.gesucht_anzahl) | set(profil.angebot_anzahl)
    df = dict(Stammhaeufigkeit.objects.filter(stamm__in=stämme).values_list("stamm", "anzahl"))
    profil.vektor = ae.vektor(profil.anzahl, df, n)
    profil.gesucht = ae.vektor(profil.gesucht_anzahl, df, n)
    profil.angebot = ae.vektor(profil.angebot_anzahl, df, n)
    Textprofil.objects.filter(steckbrief_id=pk).delete()
    Schlagwort.objects.filter(steckbrief_id=pk).delete()
    _profilzeile(profil, abdruck).save(force_insert=True)
    Schlagwort.objects.bulk_create(
        [
            Schlagwort(steckbrief_id=pk, stamm=st, gewicht=w)
            for st, w in ae.schlagworte(profil.vektor)
        ]
    )

    # Candidates from the stored index, scored exactly.
    postings: dict[str, list] = defaultdict(list)
    for anderer, st, w in (
        Schlagwort.objects.filter(stamm__in=[st for st, _ in ae.schlagworte(profil.vektor)])
        .exclude(steckbrief_id=pk)
        .values_list("steckbrief_id", "stamm", "gewicht")
    ):
        postings[st].append((anderer, w))
    postings = {st: ae.postings_kuerzen(liste) for st, liste in postings.items()}
    angebote: dict[str, list] = defaultdict(list)
    if profil.gesucht:
        for anderer, vek in (
            Textprofil.objects.exclude(angebot={}).exclude(steckbrief_id=pk)
        ).values_list("steckbrief_id", "angebot"):
            for st, w in ae.schlagworte(vek):
                angebote[st].append((anderer, w))
    kandidaten = ae.kandidaten(profil, postings, angebote)
    ohne = _ausgeschlossen({pk})
    kandidaten = [k for k in kandidaten if (pk, k) not in ohne]
    andere = {d.pk: d for d in dokumente(Q(pk__in=kandidaten))}
    profile = {
        z.steckbrief_id: _profil_aus(z) for z in Textprofil.objects.filter(steckbrief_id__in=andere)
    }
    paare = [
        ae.paar_bewerten(dok, profil, andere[k], profile[k])
        for k in kandidaten
        if k in andere and k in profile
    ]

    # Its own list, and its place in the others' lists.
    Aehnlichkeit.objects.filter(Q(steckbrief_id=pk) | Q(anderer_id=pk)).delete()
    eigene = ae.beste(paare)
    zeilen = [_zeile(p) for p in eigene]
    zeilen += [_zeile(p, von=p.zu, zu=pk) for p in paare if p.wert >= ae.MIN_WERT]
    Aehnlichkeit.objects.bulk_create(zeilen)
    _kuerzen({p.zu for p in paare})
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
