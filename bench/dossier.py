"""Benchmark of the dossier rendering (`make bench`, `make bench N=1000`).

Seeds N submitted Steckbriefe with finalised Bewertungen into a fresh SQLite database under
var/bench/, then renders the Geschäftsstelle's dossier of all of them

1. with one Celery worker process (a real `celery worker --concurrency=1` on the embedded
   filesystem broker, or on Redis with --redis),
2. with two worker processes (`--concurrency=2`),
3. naively: the same content in one single WeasyPrint call, in a separate process,

and prints pages, seconds, pages per second (in all and per worker process) and the peak
memory (VmHWM from /proc, i.e. the peak resident set size) of every worker process, resp. of
the naive process (resource.getrusage), the speed-up of two worker processes over one, and
the load average before and after each run (a loaded machine skews the figures). The page
figures are those of the PDFs produced.

Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
BENCH_DIR = WURZEL / "var" / "bench"


def umgebung(redis: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.einstellungen",
            "VAR_DIR": str(BENCH_DIR),
            "DATABASE_URL": f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(BENCH_DIR / "media"),
            "REDIS_URL": redis or "",
            "DEBUG": "true",
            "PYTHONPATH": str(WURZEL),
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
    )
    return env


# --- seeding ----------------------------------------------------------------------------------
def seed(n: int, seed_wert: int = 2026):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from bench.daten import WOERTER, steckbrief_inhalt, text
    from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
    from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
    from konten.models import Organisation, Rolle, User
    from steckbriefe.models import Meilenstein, Partner, Status, Steckbrief

    rnd = random.Random(seed_wert)
    gs = User.objects.create_user("geschaeftsstelle@bench.example", "bench", is_staff=True)
    gs.first_name, gs.last_name = "Greta", "Geschäftsstelle"
    gs.save()
    gs.groups.add(Group.objects.get(name=Rolle.GESCHAEFTSSTELLE.value))
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Musterträger {i} GmbH & Co. KG",
            typ="unternehmen",
            strasse="Markt 1",
            plz="09111",
            ort="Chemnitz",
        )
        for i in range(max(1, n // 4))
    )
    hfs = list(Handlungsfeld.objects.all())
    gks = list(Gebietskoerperschaft.objects.all())
    zds = {hf.pk: list(Zieldimension.objects.filter(handlungsfeld=hf)) for hf in hfs}
    jetzt = timezone.now()
    steckbriefe = Steckbrief.objects.bulk_create(
        Steckbrief(
            organisation=rnd.choice(orgs),
            status=Status.IN_BEWERTUNG,
            final_eingereicht_am=jetzt,
            vorhabenart=rnd.choice(["investition", "netzwerk", "fue", "qualifizierung"]),
            handlungsfeld=rnd.choice(hfs),
            gesamte_region=rnd.random() < 0.1,
            **steckbrief_inhalt(rnd, i, laenge=2, je_absatz=4),
        )
        for i in range(n)
    )
    durch = Steckbrief.gebietskoerperschaften.through
    durch.objects.bulk_create(
        durch(steckbrief_id=sb.pk, gebietskoerperschaft_id=gk.pk)
        for sb in steckbriefe
        for gk in rnd.sample(gks, rnd.choice([1, 1, 2]))
    )
    zd_durch = Steckbrief.zieldimensionen.through
    zd_durch.objects.bulk_create(
        zd_durch(steckbrief_id=sb.pk, zieldimension_id=zd.pk)
        for sb in steckbriefe
        for zd in rnd.sample(zds[sb.handlungsfeld_id], min(2, len(zds[sb.handlungsfeld_id])))
    )
    Partner.objects.bulk_create(
        Partner(
            steckbrief=sb,
            name=f"Partner {j} {rnd.choice(WOERTER)}",
            rolle="Umsetzung",
            zusage="zugesagt",
            reihenfolge=j,
        )
        for sb in steckbriefe
        for j in range(3)
    )
    Meilenstein.objects.bulk_create(
        Meilenstein(
            steckbrief=sb,
            bezeichnung=f"Meilenstein {j}: {rnd.choice(WOERTER)}",
            termin=datetime.date(2027 + j, 6, 1),
        )
        for sb in steckbriefe
        for j in range(4)
    )
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    zuweisungen = Zuweisung.objects.bulk_create(
        Zuweisung(steckbrief=sb, gebietskoerperschaft=gk)
        for sb in steckbriefe
        for gk in rnd.sample(gks, 2)
    )
    bewertungen = Bewertung.objects.bulk_create(
        Bewertung(
            zuweisung=z,
            katalog=katalog,
            status=Bewertung.Status.ABGESCHLOSSEN,
            empfehlung="priorisieren",
            kommentar=text(rnd, 3),
            abgeschlossen_am=jetzt,
        )
        for z in zuweisungen
    )
    Einzelbewertung.objects.bulk_create(
        Einzelbewertung(bewertung=b, kriterium=k, wert=rnd.randint(1, 5), begruendung="")
        for b in bewertungen
        for k in kriterien
    )
    from bewertung.aggregation import punkte_aktualisieren

    punkte_aktualisieren(Bewertung.objects.all())
    return gs


# --- running the workers ------------------------------------------------------------------------
def _kinder(pid: int) -> list[int]:
    kinder = []
    for eintrag in Path("/proc").iterdir():
        if not eintrag.name.isdigit():
            continue
        try:
            stat = (eintrag / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            kinder.append(int(eintrag.name))
    return kinder


def _spitze_mib(pid: int) -> float:
    for zeile in Path(f"/proc/{pid}/status").read_text().splitlines():
        if zeile.startswith("VmHWM:"):
            return int(zeile.split()[1]) / 1024
    return 0.0


def mit_workern(anzahl: int, gs, parameter: dict, env: dict) -> dict:
    from dossiers import services
    from dossiers.models import ExportJob, ExportStatus

    log = BENCH_DIR / f"worker-{anzahl}.log"
    befehl = [
        str(WURZEL / ".venv" / "bin" / "celery"), "-A", "masterplan", "worker",
        f"--concurrency={anzahl}", "--pool=prefork", "--loglevel=INFO",
        f"--logfile={log}", f"--hostname=bench{anzahl}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    fehlerlog = open(BENCH_DIR / f"worker-{anzahl}.stderr", "w")  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603 - fixed command
        befehl, cwd=WURZEL, env=env, stdout=subprocess.DEVNULL, stderr=fehlerlog
    )
    try:
        frist = time.monotonic() + 60
        while time.monotonic() < frist:
            if log.exists() and " ready." in log.read_text(errors="replace"):
                break
            if worker.poll() is not None:
                raise RuntimeError(f"Worker beendet, siehe {log}")
            time.sleep(0.2)
        else:
            raise RuntimeError(f"Worker nicht bereit, siehe {log}")
        prozesse = _kinder(worker.pid)
        last_vorher = os.getloadavg()[0]
        start = time.perf_counter()
        job = services.export_anlegen(gs, "dossier", parameter)  # autocommit: enqueued now
        while True:
            job = ExportJob.objects.get(pk=job.pk)
            if job.status in (ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN):
                break
            time.sleep(0.2)
        sekunden = time.perf_counter() - start
        last_nachher = os.getloadavg()[0]
        if job.status != ExportStatus.FERTIG:
            raise RuntimeError(f"Export fehlgeschlagen: {job.fehler} (siehe {log})")
        spitzen = [_spitze_mib(p) for p in prozesse if Path(f"/proc/{p}").exists()]
        teile = list(job.teile.order_by("abgeschlossen"))
        merge = (job.abgeschlossen - teile[-1].abgeschlossen).total_seconds()
        # The tail after the last chunk or probe: the final slices with page numbers (in
        # parallel) and the merge.
        erste = [t for t in teile if not t.art.endswith("_final")]
        schluss = (job.abgeschlossen - erste[-1].abgeschlossen).total_seconds()
        chunks = sum(1 for t in teile if t.art == "steckbriefe")
        return {
            "seiten": job.seiten,
            "sekunden": sekunden,
            "prozesse": anzahl,
            "spitzen": spitzen,
            "teile": chunks,
            "vorspann": len(erste) - chunks,
            "finale": len(teile) - len(erste),
            "merge": merge,
            "schluss": schluss,
            "last": (last_vorher, last_nachher),
            "datei": job.datei.path,
            "job": job,
        }
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
        fehlerlog.close()


# --- naive: one WeasyPrint call ----------------------------------------------------------------
def naiv_intern(job_id: int, ziel: str) -> None:
    """Child process: the same dossier as one HTML document in one WeasyPrint call."""
    import re
    import resource

    import django

    django.setup()
    from dossiers import diagramme, inhalte, rendering
    from dossiers.dossier import meta
    from dossiers.models import ExportJob

    job = ExportJob.objects.select_related("erstellt_von").get(pk=job_id)
    plan = job.plan
    m = meta(job, plan)
    statistik = inhalte.statistik(plan)
    basis = {"meta": m, "plan": plan, "statistik": statistik, "stand": m["erstellt"]}

    def koerper(vorlage, kontext):
        html = rendering.html(vorlage, {**basis, **kontext})
        return html[html.index("<body>") + 6 : html.rindex("</body>")]

    eintraege = plan["eintraege"]
    zeilen = [
        {"titel": "Zusammenfassung", "anker": "zusammenfassung", "seite": ""},
        {"titel": "Rangliste", "anker": "rangliste", "seite": ""},
    ] + [
        {
            "titel": e["titel"],
            "organisation": e["organisation"],
            "rang": (e.get("bewertung") or {}).get("rang"),
            "anker": f"sb-{e['id']}",
            "seite": "",
        }
        for e in eintraege
    ]
    bewertung = {e["id"]: e.get("bewertung") for e in eintraege}
    kommentare = inhalte.kommentare([e["id"] for e in eintraege]) if plan["mit_kommentaren"] else {}
    abschnitte = []
    for e in inhalte.mit_details([e["id"] for e in eintraege]):
        eintrag = inhalte.darstellung(e)
        eintrag["bewertung"] = bewertung[e.pk]
        eintrag["kommentare"] = kommentare.get(e.pk, [])
        abschnitte.append(eintrag)
    teile = [
        koerper(
            "dossiers/pdf/deckblatt.html", {"beschreibung": job.beschreibung, "gesamtseiten": None}
        ),
        koerper("dossiers/pdf/inhalt.html", {"zeilen": zeilen, "erster": True}),
        koerper(
            "dossiers/pdf/zusammenfassung.html",
            {
                "diagramme": diagramme.aufschluesselungen(statistik),
                "diagramm_volumen": diagramme.volumen_balken(statistik),
                "diagramm_verteilung": diagramme.verteilung(statistik),
            },
        ),
        koerper("dossiers/pdf/rangliste.html", {"eintraege": eintraege, "erster": True}),
        koerper(
            "dossiers/pdf/teil.html",
            {
                "eintraege": abschnitte,
                "kriterien": plan["kriterien"],
                "mit_kommentaren": plan["mit_kommentaren"],
            },
        ),
    ]
    kopf = rendering.html("dossiers/pdf/basis.html", {"meta": m})
    kopf = kopf[: kopf.index("</head>")]
    stil = (
        "<style>@page { @bottom-right { content: 'Seite ' counter(page) ' von ' counter(pages); } }"
        " .inhalt a::after { content: ' … ' target-counter(attr(href), page); }</style>"
    )
    html = kopf + stil + "</head><body>" + "".join(teile) + "</body></html>"
    html = re.sub(r'href="dossier:', 'href="#', html)
    start = time.perf_counter()
    dokument = rendering.layout(html)
    rendering.pdf_schreiben(dokument, Path(ziel))
    sekunden = time.perf_counter() - start
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ERGEBNIS {len(dokument.pages)} {sekunden:.3f} {spitze:.1f}")


def naiv(job, env: dict) -> dict:
    ziel = BENCH_DIR / "naiv.pdf"
    ausgabe = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--naiv-intern", str(job.pk), str(ziel)],
        cwd=WURZEL, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    zeile = next(z for z in ausgabe.stdout.splitlines() if z.startswith("ERGEBNIS "))
    _, seiten, sekunden, spitze = zeile.split()
    return {
        "seiten": int(seiten),
        "sekunden": float(sekunden),
        "prozesse": 1,
        "spitzen": [float(spitze)],
    }


# --- main ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="Anzahl der Steckbriefe (Standard 100)")
    parser.add_argument("--teil", type=int, default=25, help="Steckbriefe je Teil (Standard 25)")
    parser.add_argument("--worker", default="1,2", help="Worker-Prozesse je Lauf (Standard 1,2)")
    parser.add_argument("--ohne-naiv", action="store_true", help="keinen naiven Vergleich rendern")
    parser.add_argument("--redis", default="", help="Redis-URL statt des eingebetteten Brokers")
    parser.add_argument("--naiv-intern", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()

    env = umgebung(args.redis)
    env["DOSSIER_TEIL_GROESSE"] = str(args.teil)
    os.environ.update(env)
    sys.path.insert(0, str(WURZEL))
    if args.naiv_intern:
        naiv_intern(int(args.naiv_intern[0]), args.naiv_intern[1])
        return

    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DOSSIER_TEIL_GROESSE = args.teil
    print(f"Datenbank unter {BENCH_DIR} anlegen …", flush=True)
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    gs = seed(args.n)
    print(
        f"{args.n} Steckbriefe mit je 2 abgeschlossenen Bewertungen angelegt ({time.perf_counter() - t:.1f} s)."
    )
    parameter = {"alle": True, "mit_kommentaren": True}

    ergebnisse = []
    job = None
    for anzahl in [int(x) for x in args.worker.split(",") if x]:
        print(f"Dossier mit {anzahl} Worker-Prozess(en) …", flush=True)
        r = mit_workern(anzahl, gs, parameter, env)
        job = r["job"]
        name = f"{anzahl} Worker-Prozess" + ("e" if anzahl > 1 else "")
        ergebnisse.append(
            (
                name,
                r,
                f"{r['teile']} Teile à ≤ {args.teil} + {r['vorspann']} Vorspann-Teile + "
                f"{r['finale']} mit Seitenzahlen; nach dem letzten Teil ohne Seitenzahlen "
                f"{r['schluss']:.1f} s, davon Zusammenführen {r['merge']:.1f} s; "
                f"Last {r['last'][0]:.1f} → {r['last'][1]:.1f}",
            )
        )
    if not args.ohne_naiv and job is not None:
        print("Naiv in einem WeasyPrint-Aufruf …", flush=True)
        r = naiv(job, env)
        ergebnisse.append(("naiv, 1 Aufruf", r, "ein Prozess"))

    print()
    print(
        f"Dossier über {args.n} Steckbriefe (Broker: {'Redis' if args.redis else 'Dateisystem'}, {os.cpu_count()} CPU)"
    )
    print(
        f"{'Variante':<20} {'Seiten':>7} {'Sekunden':>9} {'Seiten/s':>9} {'je Proz.':>9}  Spitzenspeicher je Prozess (MiB)  Bemerkung"
    )
    for name, r, bemerkung in ergebnisse:
        spitzen = ", ".join(f"{s:.0f}" for s in r["spitzen"])
        tempo = r["seiten"] / r["sekunden"]
        print(
            f"{name:<20} {r['seiten']:>7} {r['sekunden']:>9.1f} {tempo:>9.1f} {tempo / r['prozesse']:>9.1f}  {spitzen:<33} {bemerkung}"
        )
    sekunden = {r["prozesse"]: r["sekunden"] for name, r, _ in ergebnisse if "Worker" in name}
    if 1 in sekunden and 2 in sekunden:
        print(f"2 Worker-Prozesse gegenüber einem: {sekunden[1] / sekunden[2]:.2f}-mal so schnell")
    print(f"Last (1/5/15 min) am Ende: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
