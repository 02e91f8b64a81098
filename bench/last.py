"""Load benchmark of the portal (`make bench-last`, issue 6 item 1). Not part of the tests.

1. Seeds a large data set into its own PostgreSQL database (default
   postgres://postgres@127.0.0.1:5432/masterplan_bench, dropped and re-created) with bulk
   inserts: Organisationen with members, Steckbriefe across all Handlungsfelder and
   Gebietskörperschaften, Wirtschaftsförderung reviewers, Zuweisungen, Bewertungen and
   about 7.5 criterion scores per Steckbrief (150,000 for 20,000 Steckbriefe).
2. Counts the SQL queries of every measured page once (Django test Client +
   CaptureQueriesContext on the same database) and times the ranking computation
   (bewertung.aggregation.rangliste over all Steckbriefe, fully evaluated).
3. Serves the portal with gunicorn (DEBUG off) on 127.0.0.1 and measures every page with wrk
   over loopback (throughput, p50/p95/p99), sessions created directly in the session store.
   A trivial bench-only view (bench/last_urls.py) gives the ceiling of the stack.

Results: a table on stdout and bench/results/last-<timestamp>.json.

    .venv/bin/python bench/last.py                     # 20,000 Steckbriefe, 10 s, c=8
    .venv/bin/python bench/last.py --steckbriefe 2000 --dauer 5
    .venv/bin/python bench/last.py --ohne-seed         # reuse the seeded database
    .venv/bin/python bench/last.py --redis redis://127.0.0.1:6379/8   # cache as in production
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
ERGEBNISSE = WURZEL / "bench" / "results"
VAR = WURZEL / "var" / "bench-last"
DB_URL_STANDARD = "postgres://postgres@127.0.0.1:5432/masterplan_bench"

CPU_WIEDERHOLUNGEN = 15  # requests per page for the CPU time (queries_zaehlen)
ZIELE = {
    "max_queries": 20,
    "min_anteil_listen": 0.05,
    "max_p95_ms": 250,
    "max_rangliste_s": 1.0,
}


def umgebung(db_url: str, redis_url: str = "") -> dict[str, str]:
    """The environment of the measured portal. Without `redis_url` (the default, as the
    earlier measurements) the cache is per process and the rights are read from the
    database on every request; with it (a database of its own, flushed by the run) the
    portal caches as in production: sessions (cached_db), roles and permissions
    (RECHTE_CACHEN), the ranking's filter options (FILTER_AUSWAHL_CACHEN)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.last_einstellungen",
            "DATABASE_URL": db_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            # The load test posts autosaves from one session far faster than a person types.
            "AUTOSAVE_MAX_JE_MINUTE": "100000000",
            "VAR_DIR": str(VAR),
            "STATIC_ROOT": str(VAR / "static"),
            "MEDIA_ROOT": str(VAR / "media"),
            "REDIS_URL": redis_url,
            # Celery stays out of the measurement: with a Redis URL the portal would send
            # tasks to it; the measured pages send none.
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(WURZEL),
        }
    )
    return env


# --- database ---------------------------------------------------------------------------------
def redis_leeren(redis_url: str) -> None:
    """Flush the bench's own Redis database: cached sessions, rights and options of an
    earlier run (its ids are reused by the re-seeded database) must not be read."""
    if not redis_url:
        return
    from urllib.parse import urlparse

    import redis

    if urlparse(redis_url).path.strip("/") in {"", "0"}:
        raise SystemExit(f"--redis {redis_url!r}: give a database of its own, e.g. …/8.")
    redis.Redis.from_url(redis_url).flushdb()


def datenbank_neu(db_url: str) -> None:
    """Drop and re-create the bench database (only a database whose name contains 'bench')."""
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    server = db_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(n: int, n_org: int, n_wf: int, seed_wert: int = 2026) -> dict:
    """Bulk-insert the data set; returns the ids the measurements need."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from bench.daten import WOERTER, steckbrief_inhalt, text
    from bewertung.aggregation import punkte_aktualisieren
    from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
    from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
    from konten.models import Mitgliedschaft, Organisation, Organisationstyp, Rolle, User
    from steckbriefe.models import Meilenstein, Partner, Status, Steckbrief, Vorhabenart

    rnd = random.Random(seed_wert)
    jetzt = timezone.now()
    heute = timezone.localdate()
    passwort = make_password("bench-" + secrets.token_urlsafe(16))  # nobody logs in by form
    gruppen = {r: Group.objects.get(name=r.value) for r in Rolle}
    hfs = list(Handlungsfeld.objects.all())
    gks = list(Gebietskoerperschaft.objects.all())
    zds = {hf.pk: list(Zieldimension.objects.filter(handlungsfeld=hf)) for hf in hfs}
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    B = 2000  # batch size

    with transaction.atomic():
        gs = User.objects.create_user(
            "geschaeftsstelle@bench.example", None, is_staff=True, first_name="Greta"
        )
        gs.groups.add(gruppen[Rolle.GESCHAEFTSSTELLE])
        wfs = User.objects.bulk_create(
            User(
                email=f"wf{i:03d}@bench.example",
                password=passwort,
                is_staff=True,
                first_name="Wirtschaftsförderung",
                last_name=str(i),
                gebietskoerperschaft=gks[i % len(gks)],
            )
            for i in range(n_wf)
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"{rnd.choice(WOERTER)} Träger {i} GmbH",
                typ=rnd.choice(Organisationstyp.values),
                strasse="Markt 1",
                plz="09111",
                ort=rnd.choice(["Chemnitz", "Zwickau", "Plauen", "Freiberg", "Annaberg"]),
            )
            for i in range(n_org)
        )
        mitglieder_je_org = [rnd.randint(1, 3) for _ in orgs]
        einreichende = User.objects.bulk_create(
            (
                User(email=f"m{i}-{j}@org{i}.bench.example", password=passwort, first_name="M")
                for i, anzahl in enumerate(mitglieder_je_org)
                for j in range(anzahl)
            ),
            batch_size=B,
        )
        org_der_person = [
            org for org, a in zip(orgs, mitglieder_je_org, strict=True) for _ in range(a)
        ]
        Mitgliedschaft.objects.bulk_create(
            Mitgliedschaft(user=u, organisation=o)
            for u, o in zip(einreichende, org_der_person, strict=True)
        )
        UG = User.groups.through
        UG.objects.bulk_create(
            [UG(user_id=u.pk, group_id=gruppen[Rolle.EINREICHENDE].pk) for u in einreichende]
            + [UG(user_id=u.pk, group_id=gruppen[Rolle.WIRTSCHAFTSFOERDERUNG].pk) for u in wfs],
            batch_size=B,
        )
        mitglieder = {}
        for u, o in zip(einreichende, org_der_person, strict=True):
            mitglieder.setdefault(o.pk, []).append(u)

        # Status mix of a round in the scoring phase: most are submitted and being scored.
        status_mix = (
            [Status.ENTWURF] * 12
            + [Status.VORLAEUFIG_EINGEREICHT] * 10
            + [Status.FINALISIERUNG] * 5
            + [Status.ZURUECKGEZOGEN] * 3
            + [Status.FINAL_EINGEREICHT] * 5
            + [Status.IN_BEWERTUNG] * 45
            + [Status.BEWERTET] * 20
        )
        arten = [v for v in Vorhabenart.values]
        objekte = []
        for i in range(n):
            org = orgs[i % len(orgs)]
            status = rnd.choice(status_mix)
            eingereicht = status not in (Status.ENTWURF,)
            final = status in (Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.BEWERTET)
            objekte.append(
                Steckbrief(
                    organisation=org,
                    status=status,
                    erstellt_von=mitglieder[org.pk][0],
                    zuletzt_bearbeitet_von=rnd.choice(mitglieder[org.pk]),
                    vorlaeufig_eingereicht_am=jetzt if eingereicht else None,
                    final_eingereicht_am=jetzt if final else None,
                    vorhabenart=rnd.choice(arten),
                    handlungsfeld=hfs[i % len(hfs)],
                    gesamte_region=rnd.random() < 0.05,
                    **steckbrief_inhalt(rnd, i),
                    # Drafts get an extension so that they are editable in the scoring phase.
                    verlaengert_bis=heute + datetime.timedelta(days=30)
                    if status in (Status.ENTWURF, Status.FINALISIERUNG)
                    else None,
                )
            )
        steckbriefe = Steckbrief.objects.bulk_create(objekte, batch_size=B)

        standorte = {}
        GK = Steckbrief.gebietskoerperschaften.through
        zeilen = []
        for sb in steckbriefe:
            auswahl = gks if sb.gesamte_region else rnd.sample(gks, rnd.choice([1, 1, 1, 2]))
            standorte[sb.pk] = auswahl
            zeilen += [GK(steckbrief_id=sb.pk, gebietskoerperschaft_id=g.pk) for g in auswahl]
        GK.objects.bulk_create(zeilen, batch_size=B)
        ZD = Steckbrief.zieldimensionen.through
        ZD.objects.bulk_create(
            (
                ZD(steckbrief_id=sb.pk, zieldimension_id=zd.pk)
                for sb in steckbriefe
                for zd in rnd.sample(
                    zds[sb.handlungsfeld_id], min(2, len(zds[sb.handlungsfeld_id]))
                )
            ),
            batch_size=B,
        )
        Partner.objects.bulk_create(
            (
                Partner(steckbrief=sb, name=f"Partner {j}", rolle="Umsetzung", reihenfolge=j)
                for sb in steckbriefe
                for j in range(2)
            ),
            batch_size=B,
        )
        Meilenstein.objects.bulk_create(
            (
                Meilenstein(
                    steckbrief=sb,
                    bezeichnung=f"Meilenstein {j}",
                    termin=datetime.date(2027 + j, 6, 1),
                )
                for sb in steckbriefe
                for j in range(3)
            ),
            batch_size=B,
        )

        zuweisbar = {Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.BEWERTET}
        zuweisungen = Zuweisung.objects.bulk_create(
            (
                Zuweisung(
                    steckbrief=sb,
                    gebietskoerperschaft=g,
                    befangen_am=jetzt if rnd.random() < 0.02 else None,
                    befangen_grund="Beteiligung am Vorhaben",
                )
                for sb in steckbriefe
                if sb.status in zuweisbar
                for g in standorte[sb.pk]
            ),
            batch_size=B,
        )
        # ~7.5 criterion scores per Steckbrief (150,000 for 20,000) → this many Bewertungen.
        ziel_bewertungen = round(7.5 * n / len(kriterien))
        offen = [z for z in zuweisungen if z.befangen_am is None]
        rnd.shuffle(offen)
        bewertet = offen[:ziel_bewertungen]
        wf_je_gk = {}
        for u in wfs:
            wf_je_gk.setdefault(u.gebietskoerperschaft_id, []).append(u)
        bewertungen = []
        strenge = {u.pk: rnd.uniform(-0.8, 0.8) for u in wfs}  # reviewers differ
        for z in bewertet:
            wer = rnd.choice(wf_je_gk[z.gebietskoerperschaft_id])
            fertig = rnd.random() < 0.9
            bewertungen.append(
                Bewertung(
                    zuweisung=z,
                    katalog=katalog,
                    status=Bewertung.Status.ABGESCHLOSSEN if fertig else Bewertung.Status.ENTWURF,
                    empfehlung=rnd.choice(Bewertung.Empfehlung.values),
                    kommentar=text(rnd, 2),
                    geaendert_von=wer,
                    abgeschlossen_am=jetzt if fertig else None,
                    abgeschlossen_von=wer if fertig else None,
                )
            )
        bewertungen = Bewertung.objects.bulk_create(bewertungen, batch_size=B)
        einzel = []
        for b in bewertungen:
            basis = rnd.uniform(1.0, 4.5) + strenge[b.geaendert_von_id]
            for k in kriterien:
                wert = max(0, min(5, round(rnd.gauss(basis, 0.9))))
                einzel.append(
                    Einzelbewertung(
                        bewertung=b,
                        kriterium=k,
                        wert=wert,
                        begruendung="Begründung der Bewertung." if wert in (0, 1, 5) else "",
                    )
                )
        Einzelbewertung.objects.bulk_create(einzel, batch_size=5000)
        punkte_aktualisieren(Bewertung.objects.all())

    # The pages measured: the submitter is a member of the first Organisation.
    einreichend = mitglieder[orgs[0].pk][0]
    eigene_entwuerfe = [
        sb for sb in steckbriefe if sb.organisation_id == orgs[0].pk and sb.status == Status.ENTWURF
    ]
    if len(eigene_entwuerfe) < 2:  # guarantee two editable drafts for form and autosave
        for sb in [sb for sb in steckbriefe if sb.organisation_id == orgs[0].pk][:2]:
            sb.status, sb.verlaengert_bis = Status.ENTWURF, heute + datetime.timedelta(days=30)
            sb.save(update_fields=["status", "verlaengert_bis"])
        eigene_entwuerfe = [sb for sb in steckbriefe if sb.organisation_id == orgs[0].pk][:2]
    # The reviewer: a finalised Bewertung of theirs on a Steckbrief scored by two or more.
    zahl = {}
    for z in bewertet:
        zahl[z.steckbrief_id] = zahl.get(z.steckbrief_id, 0) + 1
    eigene_bewertung = next(
        b
        for b, z in zip(bewertungen, bewertet, strict=True)
        if b.status == Bewertung.Status.ABGESCHLOSSEN and zahl[z.steckbrief_id] >= 2
    )
    z = eigene_bewertung.zuweisung
    # The same reviewer's own draft: the scoring form with its radio groups (issue 18).
    entwurf = next(
        (
            b
            for b in bewertungen
            if b.status == Bewertung.Status.ENTWURF
            and b.geaendert_von_id == eigene_bewertung.geaendert_von_id
            and b.zuweisung.befangen_am is None
        ),
        None,
    )
    return {
        "gs": gs.pk,
        "wf": eigene_bewertung.geaendert_von_id,
        "einreichend": einreichend.pk,
        "formular_sb": eigene_entwuerfe[0].pk,
        "autosave_sb": eigene_entwuerfe[1].pk,
        "bewerten_sb": z.steckbrief_id,
        "bewerten_entwurf_sb": entwurf.zuweisung.steckbrief_id if entwurf else None,
        "hf": hfs[0].pk,
        "gk": z.gebietskoerperschaft_id,
    }


def zaehlen() -> dict:
    from django.db.models import Count

    from bewertung.models import Bewertung, Einzelbewertung, Zuweisung
    from konten.models import Organisation, User
    from steckbriefe.models import Steckbrief

    return {
        "steckbriefe": Steckbrief.objects.count(),
        "organisationen": Organisation.objects.count(),
        "nutzer": User.objects.count(),
        "wirtschaftsfoerderung": User.objects.filter(gebietskoerperschaft__isnull=False).count(),
        "zuweisungen": Zuweisung.objects.count(),
        "bewertungen": Bewertung.objects.count(),
        "bewertungen_abgeschlossen": Bewertung.objects.filter(status="abgeschlossen").count(),
        "einzelbewertungen": Einzelbewertung.objects.count(),
        "handlungsfelder": Steckbrief.objects.values("handlungsfeld")
        .annotate(c=Count("pk"))
        .count(),
    }


# --- sessions and pages ---------------------------------------------------------------------
def sitzung(user_pk: int) -> str:
    """A logged-in session in the session store (no login form, no password hashing)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from konten.models import User

    user = User.objects.get(pk=user_pk)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key


def seiten(ids: dict) -> list[dict]:
    """The measured pages: name, method, path, who, body, whether it is a 50-row list."""
    autosave_body = (
        "titel=Wasserstoff-Reallabor+Erzgebirge&kurzbeschreibung=Zwischenstand+beim+Tippen"
        "&ziele=Mehr+Wertsch%C3%B6pfung+in+der+Region&revision=1"
    )
    return [
        {"name": "ceiling (trivial view)", "key": "ceiling", "pfad": "/bench/leer/", "wer": None},
        {
            "name": "submitter dashboard",
            "key": "dashboard",
            "pfad": "/steckbriefe/",
            "wer": "einreichend",
        },
        {
            "name": "Steckbrief form",
            "key": "formular",
            "pfad": f"/steckbriefe/{ids['formular_sb']}/bearbeiten/",
            "wer": "einreichend",
        },
        {
            "name": "autosave POST",
            "key": "autosave",
            "pfad": f"/steckbriefe/{ids['autosave_sb']}/zwischenspeichern/",
            "wer": "einreichend",
            "post": autosave_body,
        },
        {
            "name": "admin changelist GS (filtered)",
            "key": "changelist_gs",
            "pfad": f"/admin/steckbriefe/steckbrief/?status__exact=in_bewertung"
            f"&handlungsfeld__id__exact={ids['hf']}",
            "wer": "gs",
            "liste": True,
        },
        {
            "name": "admin changelist WF (filtered)",
            "key": "changelist_wf",
            "pfad": "/admin/steckbriefe/steckbrief/?status__exact=in_bewertung",
            "wer": "wf",
            "liste": True,
        },
        {
            "name": "ranking (filtered)",
            "key": "rangliste_filter",
            "pfad": f"/admin/bewertung/rangliste/?handlungsfeld={ids['hf']}",
            "wer": "gs",
            "liste": True,
        },
        {
            "name": "ranking (all)",
            "key": "rangliste",
            "pfad": "/admin/bewertung/rangliste/",
            "wer": "gs",
            "liste": True,
        },
        {
            "name": "scoring page, finalised (WF)",
            "key": "bewerten",
            "pfad": f"/admin/steckbriefe/steckbrief/{ids['bewerten_sb']}/bewerten/",
            "wer": "wf",
        },
        *(
            [
                {
                    "name": "scoring page, own draft (WF)",
                    "key": "bewerten_entwurf",
                    "pfad": f"/admin/steckbriefe/steckbrief/{entwurf}/bewerten/",
                    "wer": "wf",
                }
            ]
            if (entwurf := ids.get("bewerten_entwurf_sb"))
            else []
        ),
    ]


def _abrufen(client, seite: dict, csrf: str):
    if "post" in seite:
        return client.post(
            seite["pfad"],
            seite["post"],
            content_type="application/x-www-form-urlencoded",
            HTTP_X_CSRFTOKEN=csrf,
        )
    return client.get(seite["pfad"])


def queries_zaehlen(liste: list[dict], sitzungen: dict, csrf: str) -> None:
    """SQL queries per page, measured once (after a warm-up request) with the test Client."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for seite in liste:
        client = Client(HTTP_HOST="127.0.0.1")
        if seite["wer"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = sitzungen[seite["wer"]]
        client.cookies[settings.CSRF_COOKIE_NAME] = csrf
        _abrufen(client, seite, csrf)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            antwort = _abrufen(client, seite, csrf)
        seite["status"] = antwort.status_code
        seite["queries"] = len(ctx.captured_queries)
        if antwort.status_code != 200:
            print(f"  {seite['name']}: HTTP {antwort.status_code} in the test Client", flush=True)
        # CPU time of this process per request (Python and the database client, not the
        # PostgreSQL server): unlike throughput, it hardly moves when other processes load
        # the machine, so two versions of the code can be compared on a busy machine.
        cpu = []
        for _ in range(CPU_WIEDERHOLUNGEN):
            start = time.process_time()
            _abrufen(client, seite, csrf)
            cpu.append((time.process_time() - start) * 1000)
        seite["cpu_ms"] = {"min": round(min(cpu), 1), "median": round(statistics.median(cpu), 1)}


def rangliste_timen(wiederholungen: int = 3) -> dict:
    """Full ranking of all Steckbriefe (rangliste() evaluated completely), best of n."""
    from bewertung.aggregation import rangliste

    zeiten = []
    zeilen = 0
    for _ in range(wiederholungen):
        start = time.perf_counter()
        ergebnis = list(rangliste())
        zeiten.append(time.perf_counter() - start)
        zeilen = len(ergebnis)
    return {"zeilen": zeilen, "beste_s": min(zeiten), "median_s": statistics.median(zeiten)}


# --- gunicorn and wrk ---------------------------------------------------------------------
LUA = """
bad = 0  -- global: read per thread with thread:get() in done()
local threads = {}
wrk.method = "%(method)s"
wrk.headers["Cookie"] = "%(cookie)s"
wrk.headers["X-CSRFToken"] = "%(csrf)s"
%(body)s
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
  io.write(string.format(
    "JSON{\\"requests\\": %%d, \\"seconds\\": %%f, \\"bad\\": %%d, \\"socket_errors\\": %%d,"
    .. " \\"p50_ms\\": %%f, \\"p95_ms\\": %%f, \\"p99_ms\\": %%f, \\"mean_ms\\": %%f}\\n",
    summary.requests, summary.duration / 1e6, b,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk_messen(
    port: int, seite: dict, cookie: str, csrf: str, dauer: int, c: int, ordner: Path
) -> dict:
    body = ""
    if "post" in seite:
        body = (
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.body = "{seite["post"]}"'
        )
    skript = ordner / f"{seite['key']}.lua"
    skript.write_text(
        LUA
        % {
            "method": "POST" if "post" in seite else "GET",
            "cookie": cookie,
            "csrf": csrf,
            "body": body,
        }
    )
    befehl = [
        "wrk", f"-t{min(2, c)}", f"-c{c}", f"-d{dauer}s", "--timeout", "10s", "--latency",
        "-s", str(skript), f"http://127.0.0.1:{port}{seite['pfad']}",
    ]  # fmt: skip
    aus = subprocess.run(befehl, capture_output=True, text=True, check=True).stdout  # noqa: S603
    zeile = next(z for z in aus.splitlines() if z.startswith("JSON"))
    werte = json.loads(zeile[4:])
    werte["rps"] = werte["requests"] / werte["seconds"]
    return werte


def pruefen(port: int, seite: dict, cookie: str, csrf: str) -> int:
    """One request without following redirects: a login redirect must not count as success."""

    class KeinRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    daten = seite["post"].encode() if "post" in seite else None
    anfrage = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}{seite['pfad']}",
        data=daten,
        headers={"Cookie": cookie, "X-CSRFToken": csrf}
        | ({"Content-Type": "application/x-www-form-urlencoded"} if daten else {}),
    )
    try:
        with urllib.request.build_opener(KeinRedirect).open(anfrage, timeout=60) as antwort:
            status = antwort.status
    except urllib.error.HTTPError as fehler:
        status = fehler.code
    return status


def gunicorn_starten(env: dict, port: int, worker: int) -> subprocess.Popen:
    log = open(VAR / "gunicorn.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603 - fixed command
        [
            str(WURZEL / ".venv" / "bin" / "gunicorn"),
            "masterplan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(worker),
            "--worker-class",
            "sync",
            "--backlog",
            "256",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=WURZEL,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    frist = time.monotonic() + 60
    while time.monotonic() < frist:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited, see {VAR / 'gunicorn.log'}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


# --- main ---------------------------------------------------------------------------------------
def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--steckbriefe", type=int, default=20_000)
    p.add_argument("--organisationen", type=int, default=500)
    p.add_argument("--wf", type=int, default=60, help="reviewers (Wirtschaftsförderung)")
    p.add_argument("--dauer", type=int, default=10, help="seconds per page")
    p.add_argument("--nebenlaeufigkeit", "-c", type=int, default=8, help="wrk connections")
    p.add_argument("--worker", type=int, default=3, help="gunicorn worker processes")
    p.add_argument("--datenbank", default=os.environ.get("BENCH_DATABASE_URL", DB_URL_STANDARD))
    p.add_argument("--ohne-seed", action="store_true", help="reuse the seeded database")
    p.add_argument("--nur", help="comma-separated page keys to measure (default: all)")
    p.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="cache in this Redis database as in production (e.g. redis://127.0.0.1:6379/8; "
        "flushed by the run); default: no Redis",
    )
    args = p.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: scripts/ensure-debs.sh wrk")

    VAR.mkdir(parents=True, exist_ok=True)
    ERGEBNISSE.mkdir(parents=True, exist_ok=True)
    env = umgebung(args.datenbank, args.redis)
    redis_leeren(args.redis)
    os.environ.update(env)
    sys.path.insert(0, str(WURZEL))
    py = str(WURZEL / ".venv" / "bin" / "python")
    ids_datei = VAR / "ids.json"

    ergebnis: dict = {
        "zeit": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "maschine": {
            "cpus": os.cpu_count(),
            "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
        "parameter": vars(args),
        "ziele": ZIELE,
    }
    ergebnis["last_vorher"] = round(os.getloadavg()[0], 1)
    if not args.ohne_seed:
        print(f"Database {args.datenbank}: re-creating and migrating …", flush=True)
        datenbank_neu(args.datenbank)
        migrate = [py, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(migrate, cwd=WURZEL, env=env, check=True)  # noqa: S603
    (VAR / "static").mkdir(exist_ok=True)  # STATIC_ROOT (plain storage, see settings)

    import django

    django.setup()
    if not args.ohne_seed:
        print(f"Seeding {args.steckbriefe} Steckbriefe …", flush=True)
        start = time.perf_counter()
        ids = seed(args.steckbriefe, args.organisationen, args.wf)
        ergebnis["seed_s"] = round(time.perf_counter() - start, 1)
        ids_datei.write_text(json.dumps(ids))
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        print(f"  seeded in {ergebnis['seed_s']} s", flush=True)
    else:
        ids = json.loads(ids_datei.read_text())
    ergebnis["daten"] = zaehlen()
    print("  " + ", ".join(f"{k}={v}" for k, v in ergebnis["daten"].items()), flush=True)

    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    sitzungen = {wer: sitzung(ids[wer]) for wer in ("einreichend", "wf", "gs")}
    liste = seiten(ids)
    if args.nur:
        gewaehlt = set(args.nur.split(",")) | {"ceiling"}
        liste = [s for s in liste if s["key"] in gewaehlt]

    print("Counting SQL queries per page …", flush=True)
    queries_zaehlen(liste, sitzungen, csrf)
    print("Timing the ranking of all Steckbriefe …", flush=True)
    ergebnis["rangliste"] = rangliste_timen()
    ergebnis["rangliste"]["loadavg_1min"] = os.getloadavg()[0]

    from django.db import connections

    connections.close_all()
    port = freier_port()
    gunicorn = gunicorn_starten(env, port, args.worker)
    try:
        with tempfile.TemporaryDirectory() as ordner:
            for seite in liste:
                cookie = f"csrftoken={csrf}"
                if seite["wer"]:
                    cookie += f"; sessionid={sitzungen[seite['wer']]}"
                status = pruefen(port, seite, cookie, csrf)
                if status != 200:  # e.g. a login redirect: measuring it would be meaningless
                    print(f"  {seite['name']}: HTTP {status}, not measured", flush=True)
                    seite["fehler"] = f"HTTP {status}"
                    continue
                print(f"wrk: {seite['name']} …", flush=True)
                seite["wrk"] = wrk_messen(
                    port, seite, cookie, csrf, args.dauer, args.nebenlaeufigkeit, Path(ordner)
                )
                # Other processes on the machine distort the figures: keep the load with them.
                seite["wrk"]["loadavg_1min"] = os.getloadavg()[0]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    decke = next(s for s in liste if s["key"] == "ceiling")["wrk"]["rps"]
    for seite in liste:
        if "wrk" not in seite:
            continue
        w = seite["wrk"]
        seite["anteil_decke"] = w["rps"] / decke
        seite["ziele_erreicht"] = {
            "queries": seite["queries"] <= ZIELE["max_queries"],
            "p95": w["p95_ms"] < ZIELE["max_p95_ms"],
            "throughput": (seite["anteil_decke"] >= ZIELE["min_anteil_listen"])
            if seite.get("liste")
            else None,
        }
    ergebnis["seiten"] = liste
    ergebnis["rangliste"]["ziel_erreicht"] = (
        ergebnis["rangliste"]["beste_s"] < ZIELE["max_rangliste_s"]
    )

    stempel = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    datei = ERGEBNISSE / f"last-{stempel}.json"
    datei.write_text(json.dumps(ergebnis, indent=2, ensure_ascii=False, default=str))

    print()
    print(
        f"{ergebnis['daten']['steckbriefe']} Steckbriefe, {ergebnis['daten']['einzelbewertungen']} "
        f"scores; gunicorn {args.worker} sync workers, wrk c={args.nebenlaeufigkeit}, {args.dauer} s"
        f"; cache: {'Redis ' + args.redis if args.redis else 'per process, no Redis'}"
    )
    print(f"load average before/after: {ergebnis['last_vorher']} / {os.getloadavg()[0]:.1f}")
    kopf = f"{'page':34} {'req/s':>8} {'ceiling':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'SQL':>4} {'non-200':>8}"
    print(kopf)
    print("-" * len(kopf))
    for s in liste:
        if "wrk" not in s:
            print(f"{s['name']:34} not measured: {s['fehler']}")
            continue
        w = s["wrk"]
        print(
            f"{s['name']:34} {w['rps']:8.1f} {s['anteil_decke']:8.1%} {w['p50_ms']:8.1f} "
            f"{w['p95_ms']:8.1f} {w['p99_ms']:8.1f} {s['queries']:4d} {w['bad'] + w['socket_errors']:8d}"
        )
    r = ergebnis["rangliste"]
    print(
        f"\nranking of all {r['zeilen']} Steckbriefe (rangliste() evaluated): best {r['beste_s']:.3f} s, "
        f"median {r['median_s']:.3f} s of 3"
    )
    print(f"\nResults: {datei.relative_to(WURZEL)}")


if __name__ == "__main__":
    main()
