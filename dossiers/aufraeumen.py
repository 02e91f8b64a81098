"""Expiry of exports (hourly, beat): delete expired files, fail jobs that have been running
for hours, remove the folders of failed runs and of deleted jobs."""

from __future__ import annotations

import datetime
import shutil

from django.conf import settings
from django.utils import timezone

from .ablage import ordner_loeschen, pfad
from .models import ExportJob, ExportStatus
from .schritte import ZEIT_FEHLER, fehlschlagen


def aufraeumen(jetzt: datetime.datetime | None = None) -> dict[str, int]:
    """Periodic: delete expired files, fail jobs that have been running for hours, remove
    folders of failed runs and of deleted jobs."""
    jetzt = jetzt or timezone.now()
    ergebnis = {"abgelaufen": 0, "haengend": 0, "verwaist": 0}
    for job in ExportJob.objects.filter(status=ExportStatus.FERTIG, laeuft_ab__lt=jetzt).exclude(
        datei=""
    ):
        ordner_loeschen(job.ordner)
        ExportJob.objects.filter(pk=job.pk, lauf=job.lauf).update(datei="")
        ergebnis["abgelaufen"] += 1
    grenze = jetzt - datetime.timedelta(hours=settings.EXPORT_MAX_STUNDEN)
    for job in ExportJob.objects.filter(status=ExportStatus.LAEUFT, gestartet__lt=grenze):
        fehlschlagen(job.pk, job.lauf, ZEIT_FEHLER)
        ergebnis["haengend"] += 1
    wurzel = pfad("exporte")
    if wurzel.is_dir():
        ids = {str(pk) for pk in ExportJob.objects.values_list("pk", flat=True)}
        for ordner in wurzel.iterdir():
            if ordner.is_dir() and ordner.name not in ids:
                shutil.rmtree(ordner, ignore_errors=True)
                ergebnis["verwaist"] += 1
    return ergebnis
