"""EXPLAIN ANALYZE of every SQL query of the measured pages (issue 18). Not part of the tests.

Uses the data set of `make bench-last` (database masterplan_bench, var/bench-last/ids.json;
run `make bench-last` or `make bench-profil` first), requests each page once with Django's
test Client in this process, captures its queries and runs each again with
EXPLAIN (ANALYZE, BUFFERS). Prints per page and query the execution time, the rows and every
sequential scan of a table with more than --min-zeilen rows (the scans that grow with the
data); with --plan the whole plans.

    .venv/bin/python bench/abfragen.py                       # all pages
    .venv/bin/python bench/abfragen.py --seite bewerten --plan
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import string
import sys
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(WURZEL))

from bench import last  # noqa: E402

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def erklaeren(cursor, sql: str, params) -> dict:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]


def _knoten(plan: dict):
    yield plan
    for kind in plan.get("Plans", []):
        yield from _knoten(kind)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--seite", help="comma-separated page keys (default: all)")
    p.add_argument("--min-zeilen", type=int, default=1000, help="flag seq scans above")
    p.add_argument("--plan", action="store_true", help="print the whole plans")
    p.add_argument(
        "--datenbank", default=os.environ.get("BENCH_DATABASE_URL", last.DB_URL_STANDARD)
    )
    args = p.parse_args()

    os.environ.update(last.umgebung(args.datenbank))
    ids_datei = last.VAR / "ids.json"
    if not ids_datei.exists():
        raise SystemExit("No bench data: run `make bench-last` or `make bench-profil` first.")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    ids = json.loads(ids_datei.read_text())
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    sitzungen = {wer: last.sitzung(ids[wer]) for wer in ("einreichend", "wf", "gs")}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > %s",
            [args.min_zeilen],
        )
        gross = dict(cur.fetchall())
    gewaehlt = set(args.seite.split(",")) if args.seite else None
    for seite in last.seiten(ids):
        if seite["key"] == "ceiling" or (gewaehlt and seite["key"] not in gewaehlt):
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if seite["wer"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = sitzungen[seite["wer"]]
        client.cookies[settings.CSRF_COOKIE_NAME] = csrf
        last._abrufen(client, seite, csrf)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            last._abrufen(client, seite, csrf)
        # The SQL as Django logs it (parameters inlined by psycopg), read at once: the next
        # request resets the query log.
        abfragen = list(ctx.captured_queries)
        print(f"\n== {seite['name']} ({seite['pfad']}): {len(abfragen)} queries")
        summe = 0.0
        with connection.cursor() as cur:
            for nr, q in enumerate(abfragen, 1):
                sql = q["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    print(f"{nr:3d}  (not a SELECT) {sql[:90]}")
                    continue
                try:
                    plan = erklaeren(cur, sql, None)
                except Exception as fehler:  # noqa: BLE001 - report and go on
                    print(f"{nr:3d}  EXPLAIN failed: {fehler.__class__.__name__}: {sql[:90]}")
                    continue
                zeit = plan["Execution Time"]
                summe += zeit
                scans = sorted(
                    {
                        k["Relation Name"]
                        for k in _knoten(plan["Plan"])
                        if k["Node Type"] == "Seq Scan" and k.get("Relation Name") in gross
                    }
                )
                warnung = f"  SEQ SCAN {', '.join(scans)}" if scans else ""
                tabelle = re.search(r'FROM "(\w+)"', sql)
                print(
                    f"{nr:3d} {zeit:8.2f} ms {plan['Plan'].get('Actual Rows', 0):7.0f} rows  "
                    f"{tabelle.group(1) if tabelle else sql[:40]}{warnung}"
                )
                if args.plan:
                    cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    print("\n".join("        " + z for (z,) in cur.fetchall()))
        print(f"     {summe:8.2f} ms in PostgreSQL")


if __name__ == "__main__":
    main()
