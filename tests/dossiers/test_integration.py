"""End to end with the real services: a Celery worker consuming from Redis renders a dossier
in chunks and merges it, coordinated through PostgreSQL (runs in CI and with INTEGRATION=1)."""

import time

import pytest
from django.conf import settings
from pypdf import PdfReader

from dossiers import services
from dossiers.models import DossierTeil, ExportJob, ExportStatus
from masterplan.celery import app

from .hilfen import bewerten, eingereicht, pdf_text


@pytest.mark.integration
def test_real_worker_renders_a_chunked_dossier_end_to_end(celery_worker_real, gs):
    assert settings.REDIS_URL and app.conf.broker_url.startswith("redis://")
    steckbriefe = []
    for i in range(5):
        sb = eingereicht(f"Integrationsprojekt Ölsnitz {i}")
        bewerten(sb, [i + 1, 4])
        steckbriefe.append(sb)

    # Autocommit: on_commit runs at once and hands the job to Redis.
    job = services.export_anlegen(gs, "dossier", {"alle": True, "mit_kommentaren": True})
    frist = time.monotonic() + 240
    while time.monotonic() < frist:
        job.refresh_from_db()
        if job.status in (ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN):
            break
        time.sleep(0.5)
    assert job.status == ExportStatus.FERTIG, (job.status, job.fehler)
    teile = DossierTeil.objects.filter(job=job)
    assert teile.count() == 8 and all(t.status == DossierTeil.Status.FERTIG for t in teile)
    # The final slices of ranking and contents were rendered by the worker's piece tasks.
    assert all(t.seiten for t in teile.filter(art__in=["rangliste_final", "inhalt_final"]))
    reader = PdfReader(job.datei.path, strict=True)
    assert len(reader.pages) == job.seiten
    texte = pdf_text(job.datei.path)
    assert texte[-1].rstrip().endswith(f"Seite {job.seiten} von {job.seiten}")
    alles = "\n".join(texte)
    for sb in steckbriefe:
        assert sb.titel in alles
    assert ExportJob.objects.get(pk=job.pk).fortschritt == 100


@pytest.mark.integration
def test_a_small_dossier_is_not_queued_behind_a_large_one(celery_worker_real, gs, settings):
    """Issue 15, defect 7: the pieces of a large dossier have their own queue, and the
    worker (started without -Q, as in production) takes turns between the queues, so a small
    dossier requested just after a large one is done first."""
    from dossiers.models import GROSSE_WARTESCHLANGE

    assert set(app.amqp.queues) == {"celery", GROSSE_WARTESCHLANGE}
    assert {q.name for q in celery_worker_real.consumer.task_consumer.queues} == set(
        app.amqp.queues
    )
    settings.DOSSIER_GROSS_AB = 5
    settings.DOSSIER_TEIL_GROESSE = 1
    gross = [eingereicht(f"Großes Dossier {i}") for i in range(5)]
    klein = eingereicht("Kleines Dossier")
    job_gross = services.export_anlegen(gs, "dossier", {"ids": [sb.pk for sb in gross]})
    job_klein = services.export_anlegen(gs, "dossier", {"ids": [klein.pk]})
    frist = time.monotonic() + 240
    while time.monotonic() < frist:
        job_gross.refresh_from_db()
        job_klein.refresh_from_db()
        if job_gross.status in (ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN):
            break
        time.sleep(0.3)
    assert job_gross.status == job_klein.status == ExportStatus.FERTIG
    assert job_klein.abgeschlossen < job_gross.abgeschlossen
