"""A dead worker does not look like a slow one (issue 15, defect 7): progress per
Steckbrief, an estimated time, "hängt seit …" after missed signs of life, and a queue of
their own for large dossiers so that small ones get a fair share."""

import datetime
import threading
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import TestCase
from django.utils import timezone
from weasyprint import HTML

from dossiers import fortschritt, lebenszeichen
from dossiers.models import GROSSE_WARTESCHLANGE, DossierTeil, ExportJob, ExportStatus
from masterplan.celery import app

from .hilfen import dossier_erstellen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _intervall(settings):
    settings.EXPORT_LEBENSZEICHEN_SEKUNDEN = 30


def _geplant(gs, parameter=None):
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as teil:
        job = dossier_erstellen(gs, parameter or {"alle": True})
    assert job.status == ExportStatus.LAEUFT
    return job, teil


def test_pages_laid_out_are_counted_in_the_rendering_thread_only():
    html = "".join(f"<p style='break-before: page'>Seite {i}</p>" for i in range(4))
    anderer = {}

    def nebenher():
        with fortschritt.seiten_zaehlen() as zaehler:
            anderer["seiten"] = zaehler.seiten

    with fortschritt.seiten_zaehlen() as zaehler:
        HTML(string=html).render()
        faden = threading.Thread(target=nebenher)
        faden.start()
        faden.join()
    assert zaehler.seiten == 4
    assert anderer == {"seiten": 0}


def test_progress_counts_steckbriefe_and_estimates_the_time_left(gs, fuenf, client):
    job, _ = _geplant(gs)
    chunks = DossierTeil.objects.filter(job=job, art="steckbriefe").order_by("index")
    # The first chunk (2 Steckbriefe) is done with 4 pages; the second has laid out 3 pages.
    chunks.filter(index=0).update(status="fertig", seiten=4, abgeschlossen=timezone.now())
    chunks.filter(index=1).update(seiten_gesetzt=3, lebenszeichen=timezone.now())
    ExportJob.objects.filter(pk=job.pk).update(
        gestartet=timezone.now() - datetime.timedelta(minutes=6)
    )
    client.force_login(gs)
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    # 2 done + 1 (3 pages at 2 pages per Steckbrief, at most all but the last of the chunk)
    assert daten["steckbriefe_text"] == "3 von 5 Steckbriefen gesetzt"
    # 6 minutes for 3 → 4 for the other 2, plus a tenth for contents and merge.
    assert daten["rest"] == "Noch etwa 5 Minuten"
    assert daten["zustand"] == "laeuft" and daten["status_text"] == "Wird erstellt"
    assert daten["fortschritt"] == 5 + 85 * 3 // 5
    seite = client.get(job.get_absolute_url()).content.decode()
    assert "3 von 5 Steckbriefen gesetzt" in seite and "Noch etwa 5 Minuten" in seite


def test_a_job_without_signs_of_life_hangs_one_behind_busy_workers_waits(gs, fuenf, client):
    job, _ = _geplant(gs)
    vorher = timezone.now() - datetime.timedelta(minutes=10)
    ExportJob.objects.filter(pk=job.pk).update(gestartet=vorher)
    DossierTeil.objects.filter(job=job).update(lebenszeichen=None, abgeschlossen=None)
    client.force_login(gs)
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten["zustand"] == "haengt"
    assert daten["status_text"].startswith("Hängt seit ")
    assert daten["haengt_seit"] == fortschritt.datum_zeit(vorher)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "kommt von diesem Export kein Lebenszeichen" in html
    assert 'data-bereich="haengt" hidden' not in html
    # Another export's step is alive: the workers are busy, this one waits its turn.
    anderer = ExportJob.objects.create(
        erstellt_von=gs, art="dossier", status=ExportStatus.LAEUFT, lebenszeichen=timezone.now()
    )
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten["zustand"] == "wartet" and daten["haengt_seit"] == ""
    assert daten["status_text"] == "Wartet auf einen freien Hintergrundprozess"
    # A fresh sign of life of its own: running.
    anderer.delete()
    DossierTeil.objects.filter(job=job, index=0).update(lebenszeichen=timezone.now())
    assert client.get(f"/exporte/{job.pk}/status/").json()["zustand"] == "laeuft"


def test_a_queued_job_that_no_worker_takes_hangs(gs, fuenf, client):
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        job = dossier_erstellen(gs, {"alle": True})
    client.force_login(gs)
    assert client.get(f"/exporte/{job.pk}/status/").json()["zustand"] == "wartend"
    ExportJob.objects.filter(pk=job.pk).update(
        erstellt=timezone.now() - datetime.timedelta(minutes=3)
    )
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten["zustand"] == "haengt" and daten["status_text"].startswith("Hängt seit")


def test_the_finished_job_shows_its_page_count_without_a_reload(gs, fuenf, client):
    """The page count is part of the status the page polls, and its place is on the page
    (hidden) before the job is done."""
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        job = dossier_erstellen(gs, {"alle": True})
    client.force_login(gs)
    html = client.get(job.get_absolute_url()).content.decode()
    assert '<span data-bereich="seiten" hidden>' in html and 'data-feld="seiten_text"' in html
    job = dossier_erstellen(gs, {"ids": [fuenf[0].pk]})
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten["fertig"] and daten["seiten_text"] == f"{job.seiten} Seiten"


# --- a fair share for small dossiers ---------------------------------------------------------
def test_large_dossiers_render_in_their_own_queue(gs, fuenf, settings):
    settings.DOSSIER_GROSS_AB = 5
    job, teil = _geplant(gs)
    assert {c.kwargs["queue"] for c in teil.call_args_list} == {GROSSE_WARTESCHLANGE}
    with mock.patch("dossiers.tasks.dossier_zusammenfuehren.apply_async") as merge:
        with TestCase.captureOnCommitCallbacks(execute=True):
            for index in range(6):
                from dossiers import tasks

                tasks.dossier_teil.apply(args=(job.pk, job.lauf, index)).get()
    merge.assert_called_once_with((job.pk, job.lauf), queue=GROSSE_WARTESCHLANGE)
    # A dead worker's piece goes back to the same queue.
    neu, _ = _geplant(gs, {"ids": [s.pk for s in fuenf]})
    DossierTeil.objects.filter(job=neu, index=0).update(
        bearbeiter="celery@weg", lebenszeichen=timezone.now() - datetime.timedelta(hours=1)
    )
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        lebenszeichen.verlassene_schritte_fortsetzen()
    einreihen.assert_called_once_with((neu.pk, neu.lauf, 0), queue=GROSSE_WARTESCHLANGE)
    # Small ones stay in the default queue.
    settings.DOSSIER_GROSS_AB = 6
    _, teil = _geplant(gs, {"ids": [fuenf[0].pk]})
    assert {c.kwargs["queue"] for c in teil.call_args_list} == {None}


def test_workers_consume_both_queues_and_each_message_reaches_one():
    """A worker started without -Q (make run, the bench, CI's test worker) consumes every
    queue of CELERY_TASK_QUEUES; distinct routing keys keep a message in its own queue."""
    namen = [q.name for q in django_settings.CELERY_TASK_QUEUES]
    assert namen == ["celery", GROSSE_WARTESCHLANGE]
    schluessel = [q.routing_key for q in app.amqp.queues.values()]
    assert len(set(schluessel)) == len(schluessel) == 2
    route = app.amqp.router.route({"queue": GROSSE_WARTESCHLANGE}, "dossiers.tasks.dossier_teil")
    assert route["queue"].routing_key == GROSSE_WARTESCHLANGE
