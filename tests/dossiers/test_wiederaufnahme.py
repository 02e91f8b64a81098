"""Steps of a worker that died (kill -9, out of memory): running steps carry the worker's
node name and a sign of life; lebenszeichen.verlassene_schritte_fortsetzen enqueues abandoned
ones again when a worker starts and every minute, instead of waiting an hour for Redis'
visibility timeout. The end-to-end run with real worker processes is in
tests/stoerungen/test_worker_absturz.py."""

import datetime
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFehler
from pypdf import PdfReader

from dossiers import lebenszeichen, services, tasks
from dossiers.models import DossierTeil, ExportJob, ExportStatus
from masterplan.celery import app

from .hilfen import dossier_erstellen

JETZT = timezone.now()


@pytest.fixture(autouse=True)
def _intervall(settings):
    settings.EXPORT_LEBENSZEICHEN_SEKUNDEN = 30


def _geplant(gs):
    """A planned dossier whose eight pieces (three chunks, summary, ranking and contents
    probe, final ranking and contents) have not run."""
    with mock.patch("dossiers.tasks.dossier_teil.apply_async"):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.LAEUFT and job.teile.count() == 8
    return job


def _markieren(zeilen, bearbeiter: str, vor_sekunden: float) -> None:
    zeilen.update(
        bearbeiter=bearbeiter, lebenszeichen=JETZT - datetime.timedelta(seconds=vor_sekunden)
    )


def _teil(job, index):
    return DossierTeil.objects.filter(job=job, index=index)


@pytest.mark.django_db
def test_steps_of_a_restarted_worker_are_enqueued_again_at_once(gs, fuenf):
    job = _geplant(gs)
    _markieren(_teil(job, 0), "celery@a", 1)
    _markieren(_teil(job, 1), "celery@b", 1)  # another worker, alive
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        ergebnis = services.verlassene_schritte_fortsetzen(neu_gestartet="celery@a", jetzt=JETZT)
    einreihen.assert_called_once_with((job.pk, job.lauf, 0), queue=None)
    assert ergebnis == {"teile": 1, "jobs": 0}
    assert _teil(job, 0).values_list("bearbeiter", "lebenszeichen").get() == ("", None)
    assert _teil(job, 1).get().bearbeiter == "celery@b"


@pytest.mark.django_db
def test_steps_without_sign_of_life_for_three_intervals_are_enqueued_again(gs, fuenf):
    job = _geplant(gs)
    _markieren(_teil(job, 0), "celery@a", 91)
    _markieren(_teil(job, 1), "celery@b", 89)
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        services.verlassene_schritte_fortsetzen(jetzt=JETZT)
    einreihen.assert_called_once_with((job.pk, job.lauf, 0), queue=None)
    # Pieces that wait in the queue (no mark) are the broker's business.
    assert _teil(job, 2).get().status == DossierTeil.Status.OFFEN


@pytest.mark.django_db
def test_recovered_chunk_completes_the_dossier_with_one_file(gs, fuenf, settings):
    job = _geplant(gs)
    for index in range(1, 6):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, index)).get()
    _markieren(_teil(job, 0), "celery@a", 600)  # killed while rendering
    job.refresh_from_db()
    assert job.status == ExportStatus.LAEUFT

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.verlassene_schritte_fortsetzen(jetzt=JETZT)
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    dateien = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert dateien == [Path(job.datei.path)]
    assert len(PdfReader(job.datei.path, strict=True).pages) == job.seiten


@pytest.mark.django_db
def test_abandoned_job_steps_restart_with_the_right_task(gs, fuenf):
    dossier_job = _geplant(gs)
    DossierTeil.objects.filter(job=dossier_job).update(status=DossierTeil.Status.FERTIG)
    _markieren(ExportJob.objects.filter(pk=dossier_job.pk), "celery@a", 600)  # was merging
    planung = ExportJob.objects.create(
        erstellt_von=gs, art="dossier", parameter={"alle": True}, status=ExportStatus.LAEUFT
    )
    _markieren(ExportJob.objects.filter(pk=planung.pk), "celery@a", 600)  # was planning
    pdf = ExportJob.objects.create(
        erstellt_von=gs,
        art="steckbrief_pdf",
        parameter={"steckbrief": fuenf[0].pk},
        status=ExportStatus.LAEUFT,
    )
    _markieren(ExportJob.objects.filter(pk=pdf.pk), "celery@a", 600)
    with (
        mock.patch("dossiers.tasks.dossier_zusammenfuehren.apply_async") as merge,
        mock.patch("dossiers.tasks.export_ausfuehren.apply_async") as erster_schritt,
    ):
        ergebnis = services.verlassene_schritte_fortsetzen(jetzt=JETZT)
    merge.assert_called_once_with((dossier_job.pk, dossier_job.lauf), queue=None)
    assert sorted(c.args[0] for c in erster_schritt.call_args_list) == [
        (planung.pk, 1),
        (pdf.pk, 1),
    ]
    assert ergebnis == {"teile": 0, "jobs": 3}
    assert not ExportJob.objects.exclude(lebenszeichen=None).exists()


@pytest.mark.django_db
def test_a_job_at_a_standstill_gets_its_open_pieces_again(gs, fuenf):
    """A message lost before its step marked the row (the worker died right after taking
    it): nothing runs, nothing happens, one piece stays open."""
    job = _geplant(gs)
    for index in range(1, 6):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, index)).get()
    stille = datetime.timedelta(seconds=30 * services.STILLSTAND_INTERVALLE)
    jetzt = timezone.now()
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        services.verlassene_schritte_fortsetzen(jetzt=jetzt + stille / 2)
        einreihen.assert_not_called()  # not quiet for long enough
        spaeter = jetzt + stille + datetime.timedelta(seconds=1)
        assert services.verlassene_schritte_fortsetzen(jetzt=spaeter)["jobs"] == 1
        einreihen.assert_called_once_with((job.pk, job.lauf, 0), queue=None)
        # Once per standstill, not every minute while the duplicate waits in the queue.
        services.verlassene_schritte_fortsetzen(jetzt=spaeter + stille / 2)
        assert einreihen.call_count == 1
        services.verlassene_schritte_fortsetzen(jetzt=spaeter + stille * 1.1)
        assert einreihen.call_count == 2


@pytest.mark.django_db
def test_a_dossier_at_a_standstill_with_all_pieces_done_is_merged(gs, fuenf):
    job = _geplant(gs)
    DossierTeil.objects.filter(job=job).update(status=DossierTeil.Status.FERTIG)
    spaeter = timezone.now() + datetime.timedelta(seconds=30 * services.STILLSTAND_INTERVALLE + 1)
    with mock.patch("dossiers.tasks.dossier_zusammenfuehren.apply_async") as merge:
        services.verlassene_schritte_fortsetzen(jetzt=spaeter)
    merge.assert_called_once_with((job.pk, job.lauf), queue=None)


@pytest.mark.django_db
def test_a_running_piece_is_no_standstill(gs, fuenf):
    job = _geplant(gs)
    spaeter = timezone.now() + datetime.timedelta(seconds=30 * services.STILLSTAND_INTERVALLE + 1)
    _teil(job, 0).update(bearbeiter="celery@a", lebenszeichen=spaeter)
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        services.verlassene_schritte_fortsetzen(jetzt=spaeter)
    einreihen.assert_not_called()


@pytest.mark.django_db
def test_failed_and_restarted_jobs_are_left_alone(gs, fuenf):
    job = _geplant(gs)
    _markieren(_teil(job, 0), "celery@a", 600)
    ExportJob.objects.filter(pk=job.pk).update(lauf=2)  # restarted meanwhile
    gescheitert = _geplant(gs)
    ExportJob.objects.filter(pk=gescheitert.pk).update(status=ExportStatus.FEHLGESCHLAGEN)
    _markieren(_teil(gescheitert, 0), "celery@a", 600)
    _markieren(ExportJob.objects.filter(pk=gescheitert.pk), "celery@a", 600)
    with (
        mock.patch("dossiers.tasks.dossier_teil.apply_async") as teil,
        mock.patch("dossiers.tasks.export_ausfuehren.apply_async") as erster_schritt,
    ):
        assert services.verlassene_schritte_fortsetzen("celery@a", JETZT) == {
            "teile": 0,
            "jobs": 0,
        }
    teil.assert_not_called()
    erster_schritt.assert_not_called()


@pytest.mark.django_db
def test_broker_down_during_recovery_keeps_the_mark_for_the_next_round(gs, fuenf):
    job = _geplant(gs)
    _markieren(_teil(job, 0), "celery@a", 600)
    with mock.patch(
        "dossiers.tasks.dossier_teil.apply_async", side_effect=BrokerFehler("Redis weg")
    ):
        assert services.verlassene_schritte_fortsetzen(jetzt=JETZT) == {"teile": 0, "jobs": 0}
    assert _teil(job, 0).get().bearbeiter == "celery@a"
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        services.verlassene_schritte_fortsetzen(jetzt=JETZT)
    einreihen.assert_called_once_with((job.pk, job.lauf, 0), queue=None)


@pytest.mark.django_db
def test_worker_start_enqueues_its_own_abandoned_steps(gs, fuenf):
    job = _geplant(gs)
    _markieren(_teil(job, 2), "celery@neu", 0)
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        tasks._nach_dem_start(sender=SimpleNamespace(hostname="celery@neu"))
    einreihen.assert_called_once_with((job.pk, job.lauf, 2), queue=None)
    # A failing check never keeps the worker from starting.
    with mock.patch.object(
        lebenszeichen, "verlassene_schritte_fortsetzen", side_effect=RuntimeError
    ):
        tasks._nach_dem_start(sender=SimpleNamespace(hostname="celery@neu"))


def test_the_check_runs_every_minute():
    eintrag = app.conf.beat_schedule["exporte-fortsetzen"]
    assert eintrag["task"] == tasks.exporte_fortsetzen.name
    assert eintrag["schedule"] <= 60


@pytest.mark.django_db
def test_steps_in_process_carry_no_mark(gs, fuenf):
    job = _geplant(gs)
    tasks.dossier_teil.apply(args=(job.pk, job.lauf, 0)).get()
    teil = _teil(job, 0).get()
    assert teil.status == DossierTeil.Status.FERTIG and teil.bearbeiter == ""


def test_a_running_step_keeps_its_sign_of_life_fresh(
    django_db_serialized_rollback, transactional_db, gs, settings
):
    """The sign of life comes from a thread with its own database connection, so it goes
    on while the step blocks in one long call (WeasyPrint)."""
    settings.EXPORT_LEBENSZEICHEN_SEKUNDEN = 1
    job = ExportJob.objects.create(erstellt_von=gs, art="dossier", status=ExportStatus.LAEUFT)
    zeile = ExportJob.objects.filter(pk=job.pk)
    with lebenszeichen.in_arbeit(zeile, "celery@a"):
        bearbeiter, anfang = zeile.values_list("bearbeiter", "lebenszeichen").get()
        assert bearbeiter == "celery@a" and anfang is not None
        frist = time.monotonic() + 15
        while zeile.get().lebenszeichen == anfang:
            assert time.monotonic() < frist, "kein neues Lebenszeichen"
            time.sleep(0.1)
    assert zeile.values_list("bearbeiter", "lebenszeichen").get() == ("", None)
