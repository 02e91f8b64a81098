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
    assert teile.count() == 6 and all(t.status == DossierTeil.Status.FERTIG for t in teile)
    reader = PdfReader(job.datei.path, strict=True)
    assert len(reader.pages) == job.seiten
    texte = pdf_text(job.datei.path)
    assert texte[-1].rstrip().endswith(f"Seite {job.seiten} von {job.seiten}")
    alles = "\n".join(texte)
    for sb in steckbriefe:
        assert sb.titel in alles
    assert ExportJob.objects.get(pk=job.pk).fortschritt == 100
