"""Celery tasks of the exports: thin wrappers around dossiers.services.

All tasks: acks_late (a worker that dies mid-task leaves the message for another worker;
settings also reject on worker loss), soft and hard time limits, automatic retries with
backoff for transient errors (database connection, broker, file system), and on final
failure the job is marked failed with a German message."""

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerFehler

from . import services

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
        services.fehlgeschlagen(job_id, lauf, exc)


@shared_task(base=ExportTask, soft_time_limit=600, time_limit=660)
def export_ausfuehren(job_id: int, lauf: int) -> None:
    services.ausfuehren(job_id, lauf)


@shared_task(base=ExportTask, soft_time_limit=600, time_limit=660)
def dossier_teil(job_id: int, lauf: int, index: int) -> None:
    services.teil_ausfuehren(job_id, lauf, index)


@shared_task(base=ExportTask, soft_time_limit=1500, time_limit=1560)
def dossier_zusammenfuehren(job_id: int, lauf: int) -> None:
    services.zusammenfuehren(job_id, lauf)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def exporte_aufraeumen() -> dict:
    return services.aufraeumen()
