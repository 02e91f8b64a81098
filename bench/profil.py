"""Profile of the portal's pages (`make bench-profil`, issue 18). Not part of the tests.

Uses the data set of `make bench-last` (its PostgreSQL database masterplan_bench; seeded
here first when it is missing or when --steckbriefe is given), requests every measured page
with Django's test Client in this process (DEBUG off, as under gunicorn), times the CPU per
request and prints pyinstrument's call tree of the slowest page (or of the page named with
--seite). Where the time goes, not how fast the machine is: read it next to the throughput
figures of `make bench-last`.

    .venv/bin/python bench/profil.py                          # slowest page, existing data
    .venv/bin/python bench/profil.py --seite bewerten -n 50
    .venv/bin/python bench/profil.py --steckbriefe 5000       # seed anew first
    .venv/bin/python bench/profil.py --redis redis://127.0.0.1:6379/8  # production caching
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import string
import subprocess
import sys
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(WURZEL))

from bench import last  # noqa: E402


def _client(seite: dict, sitzungen: dict, csrf: str):
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if seite["wer"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = sitzungen[seite["wer"]]
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf
    return client


def cpu_ms(client, seite: dict, csrf: str, n: int) -> list[float]:
    zeiten = []
    for _ in range(n):
        start = time.process_time()
        antwort = last._abrufen(client, seite, csrf)
        zeiten.append((time.process_time() - start) * 1000)
        if antwort.status_code != 200:
            raise SystemExit(f"{seite['name']}: HTTP {antwort.status_code}")
    return zeiten


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--steckbriefe", type=int, help="seed this many Steckbriefe first")
    p.add_argument("--seite", help="page key to profile (default: the slowest)")
    p.add_argument("-n", type=int, default=30, help="requests per page")
    p.add_argument(
        "--datenbank", default=os.environ.get("BENCH_DATABASE_URL", last.DB_URL_STANDARD)
    )
    p.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="cache in this Redis database as in production (see bench/last.py --redis)",
    )
    args = p.parse_args()

    env = last.umgebung(args.datenbank, args.redis)
    last.redis_leeren(args.redis)
    os.environ.update(env)
    last.VAR.mkdir(parents=True, exist_ok=True)
    (last.VAR / "static").mkdir(exist_ok=True)
    ids_datei = last.VAR / "ids.json"
    neu = args.steckbriefe is not None or not ids_datei.exists()
    if neu:
        n = args.steckbriefe or 5000
        print(f"Database {args.datenbank}: re-creating, migrating, seeding {n} …", flush=True)
        last.datenbank_neu(args.datenbank)
        py = str(WURZEL / ".venv" / "bin" / "python")
        subprocess.run(  # noqa: S603
            [py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=WURZEL, env=env, check=True
        )

    import django

    django.setup()
    if neu:
        ids = last.seed(args.steckbriefe or 5000, 500, 60)
        ids_datei.write_text(json.dumps(ids))
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        ids = json.loads(ids_datei.read_text())

    from pyinstrument import Profiler

    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    sitzungen = {wer: last.sitzung(ids[wer]) for wer in ("einreichend", "wf", "gs")}
    liste = [s for s in last.seiten(ids) if s["key"] != "ceiling"]
    daten = last.zaehlen()
    print(f"{daten['steckbriefe']} Steckbriefe; CPU per request in this process, n={args.n}")
    print(f"{'page':34} {'median ms':>10} {'min ms':>8}")
    for seite in liste:
        client = _client(seite, sitzungen, csrf)
        last._abrufen(client, seite, csrf)  # warm-up
        zeiten = cpu_ms(client, seite, csrf, args.n)
        seite["median"] = statistics.median(zeiten)
        print(f"{seite['name']:34} {seite['median']:10.1f} {min(zeiten):8.1f}", flush=True)

    if args.seite:
        ziel = next((s for s in liste if s["key"] == args.seite), None)
        if ziel is None:
            raise SystemExit(f"unknown page {args.seite}: {', '.join(s['key'] for s in liste)}")
    else:
        ziel = max(liste, key=lambda s: s["median"])
    client = _client(ziel, sitzungen, csrf)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.n):
        last._abrufen(client, ziel, csrf)
    profiler.stop()
    print(f"\nProfile of {ziel['name']} ({ziel['pfad']}), {args.n} requests:\n")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
