"""Fault: the Celery worker dies (kill -9 of the whole worker, as when its container or
machine dies) in the middle of a dossier. With Redis the messages it had taken stay
unacknowledged in the broker, which hands them out again only after the visibility timeout
(an hour). The dossier must nevertheless be finished by the restarted worker within
minutes (dossiers.services.verlassene_schritte_fortsetzen, at the worker's start and
periodically), with exactly one file and no duplicate pages."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from kombu import Connection
from pypdf import PdfReader

from dossiers import services
from dossiers.models import DossierTeil, ExportJob, ExportStatus
from tests.dossiers.hilfen import bewerten, eingereicht
from tests.factories import geschaeftsstelle

from .dienste import warten

pytestmark = pytest.mark.integration

ANZAHL = 60
TEIL_GROESSE = 6  # ten chunks of Steckbriefe, plus summary, ranking and contents probes
LEBENSZEICHEN = 1  # seconds between signs of life of a running step (production: 30)


def _dateien(ordner) -> list:
    return sorted(p for p in ordner.rglob("*") if p.is_file())


def _gliederung(eintraege) -> list[str]:
    titel = []
    for eintrag in eintraege:
        if isinstance(eintrag, list):
            titel += _gliederung(eintrag)
        else:
            titel.append(eintrag.title)
    return titel


def _pdf_pruefen(job, titel: str, anzahl: int) -> None:
    """A valid PDF with the page count recorded, numbered to the end, every Steckbrief
    exactly once in the bookmarks."""
    reader = PdfReader(job.datei.path, strict=True)
    assert len(reader.pages) == job.seiten
    letzte = reader.pages[-1].extract_text().rstrip()
    assert letzte.endswith(f"Seite {job.seiten} von {job.seiten}")
    eintraege = [t for t in _gliederung(reader.outline) if titel in t]
    assert sorted(t.split(f"{titel} ")[1] for t in eintraege) == [f"{i:02d}" for i in range(anzahl)]


def _unbestaetigt(redis) -> int:
    return int(redis.befehl("HLEN", "unacked"))


def _wie_nach_der_sichtbarkeitsfrist(url: str) -> int:
    """What Redis does after the visibility timeout: give the messages of the dead worker
    out again (kombu's own restore, with the timeout at 0). Returns how many."""
    with Connection(url, transport_options={"visibility_timeout": 0}) as verbindung:
        kanal = verbindung.default_channel
        anzahl = len(kanal.client.hkeys(kanal.unacked_key))
        kanal.qos.restore_visible(num=1000)
        return anzahl


@pytest.mark.parametrize(
    "neuer_name", [False, True], ids=["neustart-gleicher-knoten", "anderer-worker"]
)
def test_dossier_wird_nach_kill_des_workers_fertig(
    neuer_name, redis_privat, worker_starten, settings
):
    gs = geschaeftsstelle()
    for i in range(ANZAHL):
        sb = eingereicht(f"Absturzprojekt {i:02d}")
        if i % 4 == 0:
            bewerten(sb, [i % 5 + 1, 3])
    umgebung = {
        "DOSSIER_TEIL_GROESSE": TEIL_GROESSE,
        "EXPORT_LEBENSZEICHEN_SEKUNDEN": LEBENSZEICHEN,
        "EXPORT_FORTSETZEN_SEKUNDEN": 2,  # the periodic check (production: every minute)
    }
    erster = worker_starten("stoerung-a@%h", beat=True, **umgebung)

    # Autocommit: the job is handed to the private Redis at once.
    job = services.export_anlegen(gs, "dossier", {"alle": True})
    teile = DossierTeil.objects.filter(job=job, art=DossierTeil.Art.STECKBRIEFE)

    gesehen: dict[int, float] = {}

    def mitten_drin():
        """A piece is done and another one has been rendering for a moment."""
        jetzt = time.monotonic()
        laufend = set(
            teile.filter(status=DossierTeil.Status.OFFEN, bearbeiter__gt="").values_list(
                "index", flat=True
            )
        )
        for index in laufend:
            gesehen.setdefault(index, jetzt)
        return (
            teile.filter(status=DossierTeil.Status.FERTIG).exists()
            and any(jetzt - gesehen[index] > 0.3 for index in laufend)
            and _unbestaetigt(redis_privat) > 0
        )

    warten(mitten_drin, 180, "ein Teil fertig, ein anderer in Arbeit", 0.05, [erster])
    erster.toeten()
    getoetet = timezone.now()

    job.refresh_from_db()
    assert job.status == ExportStatus.LAEUFT
    alle_teile = DossierTeil.objects.filter(job=job)
    offen = set(alle_teile.filter(status=DossierTeil.Status.OFFEN).values_list("pk", flat=True))
    markiert = dict(alle_teile.exclude(bearbeiter="").values_list("pk", "bearbeiter"))
    assert offen and set(markiert) <= offen
    assert set(markiert.values()) <= {erster.knoten}
    # The messages the dead worker had taken: without further help Redis would hand them
    # out again only after an hour.
    assert _unbestaetigt(redis_privat) > 0
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600

    if neuer_name:
        # Another worker (a new container): the dead worker's steps count as abandoned once
        # they have shown no sign of life for three intervals.
        grenze = datetime.timedelta(seconds=3 * LEBENSZEICHEN)
        warten(
            lambda: not alle_teile.filter(lebenszeichen__gt=timezone.now() - grenze).exists(),
            30,
            "Lebenszeichen der abgebrochenen Teile veraltet",
        )
        zweiter = worker_starten("stoerung-b@%h", beat=True, **umgebung)
    else:
        zweiter = worker_starten("stoerung-a@%h", beat=True, **umgebung)

    beginn = time.monotonic()
    warten(
        lambda: ExportJob.objects.filter(
            pk=job.pk, status__in=[ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN]
        ).exists(),
        240,
        "Dossier nach dem Neustart fertig",
        0.5,
        [erster, zweiter],
    )
    dauer = time.monotonic() - beginn
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    print(f"Dossier {ANZAHL} Steckbriefe: {dauer:.1f} s nach dem Neustart fertig")
    assert "Abgebrochene Export-Schritte wieder eingereiht" in zweiter.log_text()
    assert not alle_teile.exclude(status=DossierTeil.Status.FERTIG)
    for teil in alle_teile.filter(pk__in=offen):
        assert teil.abgeschlossen > getoetet  # rendered after the kill

    # Exactly one file in the whole storage: no second result, no pieces, no temporary files.
    ablage = Path(settings.MEDIA_ROOT)
    assert _dateien(ablage) == [Path(job.datei.path)]

    _pdf_pruefen(job, "Absturzprojekt", ANZAHL)
    stand = ExportJob.objects.values("datei", "seiten", "groesse", "abgeschlossen").get(pk=job.pk)

    # An hour later Redis hands out the dead worker's messages again: they change nothing.
    assert _wie_nach_der_sichtbarkeitsfrist(redis_privat.url) > 0
    warten(
        lambda: (
            _unbestaetigt(redis_privat) == 0 and int(redis_privat.befehl("LLEN", "celery")) == 0
        ),
        60,
        "wiederausgelieferte Nachrichten verarbeitet",
        0.5,
        [zweiter],
    )
    assert (
        ExportJob.objects.values("datei", "seiten", "groesse", "abgeschlossen").get(pk=job.pk)
        == stand
    )
    assert _dateien(ablage) == [Path(job.datei.path)]
    _pdf_pruefen(job, "Absturzprojekt", ANZAHL)


DIEB = """
import sys, time
from kombu import Connection

with Connection(sys.argv[1]) as verbindung:
    nachricht = verbindung.SimpleQueue("celery").get(block=True, timeout=30)
    print("genommen", nachricht.headers["task"], nachricht.headers["argsrepr"], flush=True)
    time.sleep(600)
"""


def test_nachricht_verloren_bevor_der_schritt_begann(
    redis_privat, worker_starten, tmp_path, settings
):
    """The narrowest window: a worker takes a piece's message and dies before the step has
    marked its row. Nothing points at the piece; the job comes to a standstill and the
    periodic check hands the open piece out again."""
    gs = geschaeftsstelle()
    for i in range(12):
        eingereicht(f"Verlustprojekt {i:02d}")
    job = ExportJob.objects.create(
        erstellt_von=gs, art="dossier", parameter={"alle": True}, beschreibung="Alle"
    )
    with override_settings(DOSSIER_TEIL_GROESSE=TEIL_GROESSE):
        services.ausfuehren(job.pk, job.lauf)  # plans and enqueues the pieces
    # 2 chunks of Steckbriefe, summary, ranking and contents probes, and the final ranking
    # and contents slices (queued only once the others are done).
    assert DossierTeil.objects.filter(job=job).count() == 7

    # A "worker" takes the first piece (unacknowledged) and dies.
    log = tmp_path / "dieb.log"
    with open(log, "w") as ausgabe:
        dieb = subprocess.Popen(
            [sys.executable, "-c", DIEB, redis_privat.url],
            stdout=ausgabe,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        warten(lambda: "genommen" in log.read_text(), 30, "Nachricht genommen")
    finally:
        os.killpg(dieb.pid, signal.SIGKILL)
        dieb.wait(10)
    assert f"dossiers.tasks.dossier_teil ({job.pk}, 1, 0)" in log.read_text()
    assert _unbestaetigt(redis_privat) == 1

    worker = worker_starten(
        beat=True,
        DOSSIER_TEIL_GROESSE=TEIL_GROESSE,
        EXPORT_LEBENSZEICHEN_SEKUNDEN=LEBENSZEICHEN,
        EXPORT_FORTSETZEN_SEKUNDEN=2,
    )
    warten(
        lambda: ExportJob.objects.filter(
            pk=job.pk, status__in=[ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN]
        ).exists(),
        120,
        "Dossier fertig",
        0.5,
        [worker],
    )
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.nachgeschoben is not None
    assert "Abgebrochene Export-Schritte wieder eingereiht: 0 Teile, 1 Jobs" in worker.log_text()
    assert _dateien(Path(settings.MEDIA_ROOT)) == [Path(job.datei.path)]
    _pdf_pruefen(job, "Verlustprojekt", 12)
