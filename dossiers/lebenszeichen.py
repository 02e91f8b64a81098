"""Workers that die: signs of life of running steps, and enqueueing again the steps of a
worker that was killed (kill -9, out of memory).

A running step marks its row (job or chunk) with the worker's node name and refreshes a
sign of life (in_arbeit). If the worker dies, its messages stay unacknowledged in Redis
until the visibility timeout (an hour); verlassene_schritte_fortsetzen enqueues such steps
again when a worker starts and every minute (beat)."""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import (
    DOSSIER_ARTEN,
    DossierTeil,
    ExportJob,
    ExportStatus,
    einzureihende_teile,
    warteschlange,
)

logger = logging.getLogger(__name__)

STILLSTAND_INTERVALLE = 10


def lebenszeichen_intervall() -> int:
    """Seconds between two signs of life of a running step."""
    return max(1, settings.EXPORT_LEBENSZEICHEN_SEKUNDEN)


class _Puls(threading.Thread):
    """Refreshes the sign of life of a running step's rows while the step works (a single
    WeasyPrint call can take minutes). Uses its own database connection, only after the
    first interval, so short steps never open one."""

    def __init__(self, zeilen, intervall: int, zusatz=None):
        super().__init__(name="export-lebenszeichen", daemon=True)
        self.zeilen = zeilen
        self.intervall = intervall
        self.zusatz = zusatz or dict
        self.halt = threading.Event()

    def run(self) -> None:
        try:
            while not self.halt.wait(self.intervall):
                try:
                    self.zeilen.update(lebenszeichen=timezone.now(), **self.zusatz())
                except DatabaseError:
                    logger.warning("Lebenszeichen nicht gespeichert", exc_info=True)
                    close_old_connections()
        finally:
            connections.close_all()  # this thread's connections only


@contextlib.contextmanager
def in_arbeit(zeilen, bearbeiter: str | None, zusatz=None):
    """Mark the rows of a running step (the job or a chunk) with the worker's node name
    and keep their sign of life fresh while the block runs; clear both afterwards, also
    on errors (the task's retry takes over). A worker that dies leaves the mark behind
    for verlassene_schritte_fortsetzen. In-process runs (no node name) mark nothing.
    `zusatz`: a callable giving more fields to write with every sign of life (progress)."""
    if not bearbeiter:
        yield
        return
    meine = zeilen.filter(bearbeiter=bearbeiter)
    zeilen.update(bearbeiter=bearbeiter, lebenszeichen=timezone.now())
    puls = _Puls(meine, lebenszeichen_intervall(), zusatz)
    puls.start()
    try:
        yield
    finally:
        puls.halt.set()
        puls.join(timeout=30)
        meine.update(bearbeiter="", lebenszeichen=None)


def verlassene_schritte_fortsetzen(
    neu_gestartet: str | None = None, jetzt: datetime.datetime | None = None
) -> dict[str, int]:
    """Enqueue again the work of running jobs whose worker died. Runs when a worker starts
    (dossiers.tasks, with its node name) and every minute (beat).

    1. Steps marked by `neu_gestartet` (a worker that has just started under this node name
       cannot still be running them) and steps without a sign of life for three intervals.
    2. Jobs at a standstill: nothing marked, nothing done or enqueued again for ten
       intervals, but work left. A message was lost between the broker and the step (the
       worker died right after taking it, before marking the row). A job that merely waits
       in a long queue gets duplicates, which find their work done and do nothing.

    Redis would hand out a dead worker's messages again only after the visibility timeout
    (an hour; it must be longer than the longest task); they too find their work done. If
    the broker is down, nothing is marked as enqueued and the next round tries again."""
    from .tasks import dossier_teil

    jetzt = jetzt or timezone.now()
    intervall = datetime.timedelta(seconds=lebenszeichen_intervall())
    verlassen = Q(lebenszeichen__lt=jetzt - 3 * intervall)
    if neu_gestartet:
        verlassen |= Q(bearbeiter=neu_gestartet)
    ruhig_seit = jetzt - STILLSTAND_INTERVALLE * intervall
    laufend = ExportJob.objects.filter(status=ExportStatus.LAEUFT)
    frei = {"bearbeiter": "", "lebenszeichen": None}
    ergebnis = {"teile": 0, "jobs": 0}
    try:
        teile = DossierTeil.objects.filter(
            verlassen,
            bearbeiter__gt="",
            status=DossierTeil.Status.OFFEN,
            job__in=laufend,
            lauf=F("job__lauf"),
        ).values_list("pk", "job_id", "lauf", "index", "lebenszeichen", "job__anzahl")
        for pk, job_id, lauf, index, zeichen, anzahl in teile:
            zeilen = DossierTeil.objects.filter(pk=pk, lebenszeichen=zeichen)
            schritte = [(dossier_teil, (job_id, lauf, index), warteschlange(anzahl))]
            if _neu_einreihen(zeilen, frei, job_id, jetzt, schritte):
                ergebnis["teile"] += 1
        jobs = laufend.filter(verlassen, bearbeiter__gt="")
        for job_id, lauf, art, zeichen, anzahl in jobs.values_list(
            "pk", "lauf", "art", "lebenszeichen", "anzahl"
        ):
            zeilen = ExportJob.objects.filter(pk=job_id, lauf=lauf, lebenszeichen=zeichen)
            schritte = [_naechster_schritt(job_id, lauf, art, anzahl)]
            if _neu_einreihen(zeilen, frei, job_id, jetzt, schritte):
                ergebnis["jobs"] += 1

        still = laufend.filter(bearbeiter="", gestartet__lt=ruhig_seit).exclude(
            nachgeschoben__gte=ruhig_seit
        )
        for job_id, lauf, art, zuletzt, anzahl in still.values_list(
            "pk", "lauf", "art", "nachgeschoben", "anzahl"
        ):
            teile = DossierTeil.objects.filter(job_id=job_id, lauf=lauf)
            if teile.filter(Q(bearbeiter__gt="") | Q(abgeschlossen__gte=ruhig_seit)).exists():
                continue  # something runs or has just been done
            offen = einzureihende_teile(teile)
            schlange = warteschlange(anzahl)
            schritte = [(dossier_teil, (job_id, lauf, index), schlange) for index in offen] or [
                _naechster_schritt(job_id, lauf, art, anzahl)
            ]
            zeilen = ExportJob.objects.filter(
                pk=job_id, lauf=lauf, bearbeiter="", nachgeschoben=zuletzt
            )
            if _neu_einreihen(zeilen, {"nachgeschoben": jetzt}, job_id, jetzt, schritte):
                ergebnis["jobs"] += 1
    except Exception:  # noqa: BLE001 - e.g. broker down: the next round tries again
        logger.warning("Abgebrochene Export-Schritte nicht alle eingereiht", exc_info=True)
    if ergebnis["teile"] or ergebnis["jobs"]:
        logger.warning(
            "Abgebrochene Export-Schritte wieder eingereiht: %s Teile, %s Jobs",
            ergebnis["teile"],
            ergebnis["jobs"],
        )
    return ergebnis


def _naechster_schritt(job_id: int, lauf: int, art: str, anzahl: int | None = None) -> tuple:
    """The step that continues a job: the merge of a planned dossier whose pieces are all
    done; otherwise the first step (it plans a dossier, or enqueues its open pieces, or
    produces a Steckbrief PDF or table)."""
    from .tasks import dossier_zusammenfuehren, export_ausfuehren

    if (
        art in DOSSIER_ARTEN
        and ExportJob.objects.filter(pk=job_id, plan__isnull=False).exists()
        and not DossierTeil.objects.filter(job_id=job_id, lauf=lauf)
        .exclude(status=DossierTeil.Status.FERTIG)
        .exists()
    ):
        return dossier_zusammenfuehren, (job_id, lauf), warteschlange(anzahl)
    return export_ausfuehren, (job_id, lauf), None


def _neu_einreihen(zeilen, aenderung: dict, job_id: int, jetzt, schritte: list) -> bool:
    """Claim the work by changing `zeilen` (nothing happens if another round or the step
    itself changed them meanwhile), note it on the job and enqueue the steps; a failed
    publish rolls the claim back. A worker that picks a message up before the commit
    waits for the row lock."""
    with transaction.atomic():
        if not zeilen.update(**aenderung):
            return False
        ExportJob.objects.filter(pk=job_id).update(nachgeschoben=jetzt)
        for task, args, schlange in schritte:
            task.apply_async(args, queue=schlange)
    return True
