"""Before/after comparison of the load benchmark (`make bench-vergleich REF=<commit>`).
Not part of the tests.

Checks out REF into a temporary git worktree next to this one (sharing this .venv), seeds
the benchmark database once with this tree's bench/last.py, then measures the chosen pages
with both trees alternately (REF, this tree, REF, this tree, …) on the same data, and prints
per page the median requests/s, p95 and SQL queries of both and their ratio. Alternating
rounds (before/after, then after/before, …) cancel the machine's drift; the spread of the
rounds shows the noise.
The CPU time per request (best of the rounds, measured in-process by bench/last.py) is the
figure to trust on a busy machine; throughput needs a quiet one.

    .venv/bin/python bench/vergleich.py --ref a8b6eaf
    .venv/bin/python bench/vergleich.py --ref HEAD~3 --runden 3 --dauer 5 --steckbriefe 5000
    .venv/bin/python bench/vergleich.py --ref 3315fdd --worker 2 -c 8 --redis redis://127.0.0.1:6379/8
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
SEITEN = "dashboard,formular,changelist_gs,changelist_wf,rangliste_filter,bewerten,bewerten_entwurf"
ERGEBNIS = re.compile(r"^Results: (\S+)$", re.MULTILINE)


def _lauf(baum: Path, argumente: list[str]) -> dict:
    """One run of bench/last.py in `baum`; returns its JSON result."""
    befehl = [str(WURZEL / ".venv" / "bin" / "python"), "bench/last.py", *argumente]
    lauf = subprocess.run(  # noqa: S603
        befehl, cwd=baum, capture_output=True, text=True, check=False
    )
    if lauf.returncode != 0:
        sys.stderr.write(lauf.stdout + lauf.stderr)
        raise SystemExit(f"bench/last.py failed in {baum}")
    treffer = ERGEBNIS.search(lauf.stdout)
    if not treffer:
        raise SystemExit(f"no result file in the output of {baum}")
    return json.loads((baum / treffer.group(1)).read_text())


def _werte(ergebnis: dict) -> dict[str, dict]:
    return {
        s["key"]: {
            "rps": s["wrk"]["rps"],
            "p95": s["wrk"]["p95_ms"],
            "q": s["queries"],
            "cpu": s["cpu_ms"]["min"],
        }
        for s in ergebnis["seiten"]
        if "wrk" in s
    }


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--ref", required=True, help="the commit to compare with (the 'before')")
    p.add_argument("--runden", type=int, default=2, help="rounds per side")
    p.add_argument("--dauer", type=int, default=5, help="seconds per page and round")
    p.add_argument("--steckbriefe", type=int, default=5000)
    p.add_argument("--nur", default=SEITEN, help="page keys of bench/last.py")
    p.add_argument("--worker", type=int, default=3, help="gunicorn worker processes")
    p.add_argument("--nebenlaeufigkeit", "-c", type=int, default=8, help="wrk connections")
    p.add_argument("--redis", default="", help="as bench/last.py --redis (both sides)")
    args = p.parse_args()

    gemeinsam = ["--dauer", str(args.dauer), "--nur", args.nur, "--worker", str(args.worker)]
    gemeinsam += ["-c", str(args.nebenlaeufigkeit)]
    if args.redis:
        gemeinsam += ["--redis", args.redis]
    ordner = Path(tempfile.mkdtemp(prefix="bench-vorher-"))
    vorher = ordner / "baum"
    subprocess.run(  # noqa: S603
        ["git", "worktree", "add", "--detach", str(vorher), args.ref],  # noqa: S607
        cwd=WURZEL,
        check=True,
        capture_output=True,
    )
    try:
        (vorher / ".venv").symlink_to(WURZEL / ".venv")
        # The same harness on both sides: only the portal's code differs.
        shutil.copytree(WURZEL / "bench", vorher / "bench", dirs_exist_ok=True)
        print(f"Seeding {args.steckbriefe} Steckbriefe (this tree) …", flush=True)
        # The seeding run measures only the ceiling: right after seeding the database is
        # still busy (autovacuum, cold caches), which would weigh on one side only.
        _lauf(WURZEL, ["--steckbriefe", str(args.steckbriefe), "--dauer", "2", "--nur", "ceiling"])
        ids = WURZEL / "var" / "bench-last" / "ids.json"
        (vorher / "var" / "bench-last").mkdir(parents=True, exist_ok=True)
        shutil.copy(ids, vorher / "var" / "bench-last" / "ids.json")
        runden: dict[str, list[dict]] = {"vorher": [], "nachher": []}
        seiten = {"vorher": vorher, "nachher": WURZEL}
        for runde in range(args.runden):
            # Alternate the order (before, after | after, before | …): drift cancels out.
            reihenfolge = ["vorher", "nachher"] if runde % 2 == 0 else ["nachher", "vorher"]
            for seite in reihenfolge:
                name = args.ref if seite == "vorher" else "this tree"
                print(f"Round {runde + 1}: {name} …", flush=True)
                ergebnis = _lauf(seiten[seite], ["--ohne-seed", *gemeinsam])
                runden[seite].append(_werte(ergebnis))
    finally:
        subprocess.run(  # noqa: S603
            ["git", "worktree", "remove", "--force", str(vorher)],  # noqa: S607
            cwd=WURZEL,
            check=False,
        )
        shutil.rmtree(ordner, ignore_errors=True)

    print(
        f"\n{args.steckbriefe} Steckbriefe, {args.runden} rounds per side, {args.dauer} s per "
        f"page, gunicorn {args.worker} workers, c={args.nebenlaeufigkeit}, "
        f"{'Redis' if args.redis else 'no Redis'}, load {os.getloadavg()[0]:.1f}; "
        "req/s as median (min–max of the rounds)\n"
    )
    kopf = f"{'page':<18}{'before req/s':>22}{'after req/s':>22}{'after/before':>14}"
    print(kopf + f"{'p95 ms before→after':>24}{'SQL':>10}{'CPU ms/request (min)':>24}")
    for key in args.nur.split(","):
        v = [r[key] for r in runden["vorher"] if key in r]
        n = [r[key] for r in runden["nachher"] if key in r]
        if not v or not n:
            print(f"{key:<18} not measured on both sides")
            continue

        def spanne(werte):
            rps = [w["rps"] for w in werte]
            return statistics.median(rps), min(rps), max(rps)

        mv, lv, hv = spanne(v)
        mn, ln, hn = spanne(n)
        p95v = statistics.median(w["p95"] for w in v)
        p95n = statistics.median(w["p95"] for w in n)
        spalten = [
            f"{mv:.1f} ({lv:.1f}–{hv:.1f})",
            f"{mn:.1f} ({ln:.1f}–{hn:.1f})",
            f"{mn / mv:.2f}×",
            f"{p95v:.0f}→{p95n:.0f}",
            f"{v[0]['q']}→{n[0]['q']}",
            f"{min(w['cpu'] for w in v):.1f}→{min(w['cpu'] for w in n):.1f}",
        ]
        print(
            f"{key:<18}{spalten[0]:>22}{spalten[1]:>22}{spalten[2]:>14}"
            f"{spalten[3]:>24}{spalten[4]:>10}{spalten[5]:>24}"
        )


if __name__ == "__main__":
    main()
