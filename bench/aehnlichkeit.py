"""Benchmark of the similar Steckbriefe (kooperation, issue 17): quality and speed.

1. Quality on the labelled evaluation set (tests/kooperation/auswertung_daten.py, 49
   Steckbriefe in 14 themes): precision@5 and recall@5 of ours and of the baseline, plain
   trigram similarity of title and body (kooperation.auswertung).
2. Speed: N (default 20,000) synthetic Steckbriefe, generated in memory from the evaluation
   texts (words dropped and mixed within a theme, towns and firm names varied, a share of
   words from the whole set), are seeded into a fresh SQLite database under var/bench/;
   then `aehnlichkeit_neu_berechnen` (read, compute, write: the whole recompute) is timed,
   and the update of single Steckbriefe after a change (kooperation.berechnung.
   aktualisieren, the Celery task's work) is timed for 20 of them (median and maximum).
   N / 20 submitted ideas of the Ideenwettbewerb (from the same texts) take part in the
   recompute, and the update of one idea (idee_aktualisieren) is timed as well.
3. Ideas → Steckbriefe on the labelled ideas (auswertung_daten.IDEEN): precision@3 and
   recall@3 of the Steckbriefe found for an idea, ours and trigram.

    python bench/aehnlichkeit.py            # 20,000
    python bench/aehnlichkeit.py --n 2000

Not part of the test suite: timings depend on the machine. Goals (issue 17): recompute at
20,000 < 5 minutes on 2 cores, one update < 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
BENCH_DIR = WURZEL / "var" / "bench"
sys.path.insert(0, str(WURZEL))

ORTE = (
    "Zwickau Chemnitz Plauen Freiberg Annaberg Aue Glauchau Crimmitschau Werdau Limbach "
    "Hohenstein Meerane Reichenbach Auerbach Oelsnitz Schneeberg Schwarzenberg Marienberg "
    "Olbernhau Stollberg Flöha Mittweida Döbeln Rochlitz Hainichen Frankenberg Burgstädt "
    "Lichtenstein Kirchberg Wilkau Markneukirchen Klingenthal Adorf Treuen Lengenfeld "
    "Zschopau Thalheim Lößnitz Eibenstock Johanngeorgenstadt Brand Geringswalde Penig"
).split()
SILBEN = "ber gen tal stein werk bau tech nova log sax ron ica dia mont lux ver tra".split()


def synthetisch(n: int, seed: int = 2026) -> list[dict]:
    """N entries like those of the evaluation set, generated from its texts."""
    from tests.kooperation.auswertung_daten import STECKBRIEFE

    rnd = random.Random(seed)
    nach_thema: dict[str, list[dict]] = {}
    for e in STECKBRIEFE:
        nach_thema.setdefault(e["thema"], []).append(e)
    alle_woerter = " ".join(e["kurz"] + " " + e["kern"] for e in STECKBRIEFE).split()
    firmen = [
        "".join(rnd.choice(SILBEN) for _ in range(3)).capitalize() + " GmbH" for _ in range(3000)
    ]

    def mischen(text: str, anderer: str) -> str:
        woerter = [w for w in text.split() if rnd.random() > 0.2]
        woerter += rnd.sample(anderer.split(), k=min(6, len(anderer.split())))
        woerter += rnd.sample(alle_woerter, k=4)
        rnd.shuffle(woerter)
        return " ".join(woerter)

    eintraege = []
    for i in range(n):
        basis = rnd.choice(STECKBRIEFE)
        anderer = rnd.choice(nach_thema[basis["thema"]])
        ort = rnd.choice(ORTE)
        firma = rnd.choice(firmen)
        eintraege.append(
            {
                "id": i + 1,
                "thema": basis["thema"],
                "titel": f"{basis['titel']} {ort}",
                "kurz": mischen(basis["kurz"], anderer["kurz"]) + f" Mit {firma} in {ort}.",
                "kern": mischen(basis["kern"], anderer["kern"]),
                "zd": basis["zd"],
                "ags": basis["ags"] if rnd.random() < 0.7 else [rnd.choice(anderer["ags"])],
                "org": f"{ort} {firma}",
                "partner": [rnd.choice(firmen)] if rnd.random() < 0.5 else [],
                "gesucht": basis.get("gesucht", ""),
                "angebot": basis.get("angebot", ""),
            }
        )
    return eintraege


def qualitaet() -> None:
    from kooperation.auswertung import vergleichen
    from tests.kooperation.auswertung_daten import STECKBRIEFE

    ergebnis = vergleichen(STECKBRIEFE, k=5)
    themen = len({e["thema"] for e in STECKBRIEFE})
    print(f"Auswertungsmenge: {len(STECKBRIEFE)} Steckbriefe in {themen} Themen")
    print(f"{'Verfahren':<34}{'Precision@5':>12}{'Recall@5':>10}")
    for name, schluessel in [
        ("unsere (TF-IDF + Struktur)", "unsere"),
        ("Trigramm (Titel + Text)", "trigramm"),
    ]:
        g = ergebnis[schluessel]
        print(f"{name:<34}{g.praezision:>12.3f}{g.trefferquote:>10.3f}")

    from kooperation.auswertung import ideen_vergleichen
    from tests.kooperation.auswertung_daten import IDEEN

    ergebnis = ideen_vergleichen(STECKBRIEFE, IDEEN, k=3)
    print(f"\nIdeen → Steckbriefe: {len(IDEEN)} Ideen in {len({e['thema'] for e in IDEEN})} Themen")
    print(f"{'Verfahren':<34}{'Precision@3':>12}{'Recall@3':>10}")
    for name, schluessel in [
        ("unsere (TF-IDF + Struktur)", "unsere"),
        ("Trigramm (Titel + Text)", "trigramm"),
    ]:
        g = ergebnis[schluessel]
        print(f"{name:<34}{g.praezision:>12.3f}{g.trefferquote:>10.3f}")


def django_einrichten() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / "aehnlichkeit.sqlite3"
    if db.exists():
        db.unlink()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masterplan.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["VAR_DIR"] = str(BENCH_DIR)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def saeen(eintraege: list[dict]) -> list[int]:
    """The entries as submitted Steckbriefe (bulk, without signals); returns their pks."""
    from django.db import transaction

    from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
    from konten.models import Organisation
    from steckbriefe.models import Partner, Status, Steckbrief

    hf = Handlungsfeld.objects.first()
    zd = dict(Zieldimension.objects.values_list("code", "pk"))
    gk = dict(Gebietskoerperschaft.objects.values_list("ags", "pk"))
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=e["org"], typ="unternehmen") for e in eintraege], batch_size=2000
        )
        sbs = Steckbrief.objects.bulk_create(
            [
                Steckbrief(
                    organisation=org,
                    status=Status.FINAL_EINGEREICHT,
                    titel=e["titel"][:300],
                    kurzbeschreibung=e["kurz"][:1000],
                    kernansatz=e["kern"],
                    handlungsfeld=hf,
                    gesuchte_partner=e["gesucht"],
                )
                for e, org in zip(eintraege, orgs, strict=True)
            ],
            batch_size=2000,
        )
        durch_zd = Steckbrief.zieldimensionen.through
        durch_gk = Steckbrief.gebietskoerperschaften.through
        durch_zd.objects.bulk_create(
            [
                durch_zd(steckbrief_id=sb.pk, zieldimension_id=zd[c])
                for sb, e in zip(sbs, eintraege, strict=True)
                for c in e["zd"]
            ],
            batch_size=5000,
        )
        durch_gk.objects.bulk_create(
            [
                durch_gk(steckbrief_id=sb.pk, gebietskoerperschaft_id=gk[a])
                for sb, e in zip(sbs, eintraege, strict=True)
                for a in e["ags"]
            ],
            batch_size=5000,
        )
        Partner.objects.bulk_create(
            [
                Partner(steckbrief_id=sb.pk, name=p)
                for sb, e in zip(sbs, eintraege, strict=True)
                for p in e["partner"]
            ],
            batch_size=5000,
        )
    return [sb.pk for sb in sbs]


def ideen_saeen(eintraege: list[dict]) -> list[int]:
    """The entries as submitted ideas of one open Ideenwettbewerb (bulk, without signals)."""
    from django.utils import timezone

    from handlungsfelder.models import Gebietskoerperschaft
    from ideen.models import Idee, Status
    from konten.models import User
    from tests.factories import ideenaufruf

    aufruf = ideenaufruf(slug="bench-ideen")
    person = User.objects.create(email="bench-ideen@example.org")
    gk = dict(Gebietskoerperschaft.objects.values_list("ags", "pk"))
    ideen = Idee.objects.bulk_create(
        [
            Idee(
                aufruf=aufruf,
                eigentuemer=person,
                status=Status.EINGEREICHT,
                eingereicht_am=timezone.now(),
                titel=e["titel"][:200],
                kernsatz=e["kurz"][:300],
                loesung=e["kern"][:3000],
                gebietskoerperschaft_id=gk[e["ags"][0]] if e["ags"] else None,
            )
            for e in eintraege
        ],
        batch_size=2000,
    )
    return [i.pk for i in ideen]


def geschwindigkeit(n: int) -> None:
    django_einrichten()
    from django.core.management import call_command

    from kooperation import berechnung
    from kooperation.models import Aehnlichkeit
    from steckbriefe.models import Steckbrief

    beginn = time.perf_counter()
    pks = saeen(synthetisch(n))
    ideen_pks = ideen_saeen(synthetisch(n // 20, seed=17))
    print(
        f"\n{n} synthetische Steckbriefe und {len(ideen_pks)} Ideen angelegt "
        f"({time.perf_counter() - beginn:.1f} s)"
    )

    beginn = time.perf_counter()
    call_command("aehnlichkeit_neu_berechnen", verbosity=0)
    gesamt = time.perf_counter() - beginn
    print(
        f"Neuberechnung aller Nachbarn: {gesamt:.1f} s "
        f"({Aehnlichkeit.objects.count()} Ähnlichkeiten; Ziel < 300 s)"
    )

    rnd = random.Random(7)
    dauern = []
    for pk in rnd.sample(pks, 20):
        sb = Steckbrief.objects.get(pk=pk)
        sb.kurzbeschreibung += " Zusätzlich entsteht ein Wasserstoff-Labor mit Speicher."
        sb.save(update_fields=["kurzbeschreibung"])
        beginn = time.perf_counter()
        assert berechnung.aktualisieren(pk)
        dauern.append(time.perf_counter() - beginn)
    print(
        f"Aktualisierung eines Steckbriefs (20 Stichproben): Median "
        f"{statistics.median(dauern) * 1000:.0f} ms, höchstens {max(dauern) * 1000:.0f} ms "
        f"(Ziel < 1000 ms)"
    )

    from ideen.models import Idee

    dauern = []
    for pk in rnd.sample(ideen_pks, min(20, len(ideen_pks))):
        idee = Idee.objects.get(pk=pk)
        idee.kernsatz = (idee.kernsatz + " Mit Wasserstoff-Speicher.")[:300]
        idee.save(update_fields=["kernsatz"])
        beginn = time.perf_counter()
        assert berechnung.idee_aktualisieren(pk)
        dauern.append(time.perf_counter() - beginn)
    print(
        f"Aktualisierung einer Idee ({len(dauern)} Stichproben): Median "
        f"{statistics.median(dauern) * 1000:.0f} ms, höchstens {max(dauern) * 1000:.0f} ms "
        f"(Ziel < 1000 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--nur-qualitaet", action="store_true")
    args = parser.parse_args()
    qualitaet()
    if not args.nur_qualitaet:
        geschwindigkeit(args.n)


if __name__ == "__main__":
    main()
