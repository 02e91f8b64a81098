"""Celery tasks of the exports: thin wrappers around the steps (dossiers.schritte), the
recovery of abandoned steps (dossiers.lebenszeichen) and the clean-up (dossiers.aufraeumen).
Task names are the wire names of queued messages and of the beat schedule: they must not
change (hence the explicit name=).

All tasks: acks_late (a worker that dies mid-task leaves the message for another worker;
settings also reject on worker loss), soft and hard time limits, automatic retries with
backoff for transient errors (database connection, broker, file system), and on final
failure the job is marked failed with a German message. Steps of a worker that was killed
are enqueued again when a worker starts and every minute, instead of waiting for Redis'
visibility timeout (lebenszeichen.verlassene_schritte_fortsetzen)."""

import logging

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError, connections
from kombu.exceptions import OperationalError as BrokerFehler

from . import aufraeumen, lebenszeichen, schritte

logger = logging.getLogger(__name__)

VORUEBERGEHEND = (OperationalError, InterfaceError, BrokerFehler, OSError)


class ExportTask(Task):
    acks_late = True
    autoretry_for = VORUEBERGEHEND
    retry_backoff = 10
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 3

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id, lauf = args[0], args[1]
        schritte.fehlgeschlagen(job_id, lauf, exc)

    @property
    def bearbeiter(self) -> str | None:
        """Node name of the worker running the task (None in-process)."""
        return None if self.request.is_eager else self.request.hostname


@shared_task(
    name="dossiers.tasks.export_ausfuehren",
    base=ExportTask,
    bind=True,
    soft_time_limit=600,
    time_limit=660,
)
def export_ausfuehren(self, job_id: int, lauf: int) -> None:
    schritte.ausfuehren(job_id, lauf, self.bearbeiter)


@shared_task(
    name="dossiers.tasks.dossier_teil",
    base=ExportTask,
    bind=True,
    soft_time_limit=600,
    time_limit=660,
)
def dossier_teil(self, job_id: int, lauf: int, index: int) -> None:
    schritte.teil_ausfuehren(job_id, lauf, index, self.bearbeiter)


@shared_task(
    name="dossiers.tasks.dossier_zusammenfuehren",
    base=ExportTask,
    bind=True,
    soft_time_limit=1500,
    time_limit=1560,
)
def dossier_zusammenfuehren(self, job_id: int, lauf: int) -> None:
    schritte.zusammenfuehren(job_id, lauf, self.bearbeiter)


@shared_task(
    name="dossiers.tasks.exporte_aufraeumen", acks_late=True, soft_time_limit=300, time_limit=360
)
def exporte_aufraeumen() -> dict:
    return aufraeumen.aufraeumen()


@shared_task(
    name="dossiers.tasks.exporte_fortsetzen", acks_late=True, soft_time_limit=50, time_limit=60
)
def exporte_fortsetzen() -> dict:
    return lebenszeichen.verlassene_schritte_fortsetzen()


@worker_ready.connect
def _nach_dem_start(sender, **kwargs) -> None:
    """Runs in the worker's main process before it takes the first message."""
    try:
        lebenszeichen.verlassene_schritte_fortsetzen(neu_gestartet=sender.hostname)
    except Exception:  # noqa: BLE001 - never keep the worker from starting
        logger.exception("Abgebrochene Export-Schritte nicht geprüft")
    finally:
        connections.close_all()  # the pool processes open their own
