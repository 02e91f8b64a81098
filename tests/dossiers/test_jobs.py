"""The job mechanism: nothing renders in the request, broker outages, killed and redelivered
tasks, restarts, failures with German messages, e-mails, expiry by the periodic task."""

import datetime
import os
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings as django_settings
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFehler
from pypdf import PdfReader

from dossiers import dossier, services, tasks
from dossiers.models import DossierTeil, ExportJob, ExportStatus
from masterplan.celery import app

from .hilfen import dossier_erstellen

pytestmark = pytest.mark.django_db


@pytest.fixture
def fehler_nicht_weitergeben():
    """Like a worker: a failing task is handled (on_failure), not raised into the caller."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def _dateien(ordner: Path) -> list[str]:
    return sorted(p.name for p in ordner.iterdir()) if ordner.exists() else []


def test_tasks_are_late_acked_limited_and_retried():
    for task in (tasks.export_ausfuehren, tasks.dossier_teil, tasks.dossier_zusammenfuehren):
        assert task.acks_late is True
        assert task.soft_time_limit < task.time_limit
        assert BrokerFehler in task.autoretry_for and task.max_retries == 3
    assert app.conf.task_reject_on_worker_lost is True
    # The visibility timeout (Redis) is longer than any hard limit: no double delivery of
    # a task that is still running.
    limit = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert limit > tasks.dossier_zusammenfuehren.time_limit


def test_creating_a_job_renders_nothing_in_the_request(gs, fuenf):
    with (
        mock.patch("dossiers.tasks.export_ausfuehren.apply_async") as einreihen,
        mock.patch("dossiers.rendering.layout") as layout,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        job = services.export_anlegen(gs, "dossier", {"alle": True})
    einreihen.assert_called_once_with((job.pk, 1))
    layout.assert_not_called()
    job.refresh_from_db()
    assert job.status == ExportStatus.WARTEND and job.anzahl == 5 and not job.datei


def test_broker_down_marks_the_job_and_it_can_be_restarted(gs, fuenf, client):
    with mock.patch(
        "dossiers.tasks.export_ausfuehren.apply_async", side_effect=BrokerFehler("Redis weg")
    ):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FEHLGESCHLAGEN
    assert job.fehler.startswith("Export zurzeit nicht möglich")
    assert job.kann_neu_starten
    client.force_login(gs)
    seite = client.get(job.get_absolute_url()).content.decode()
    assert "Export zurzeit nicht möglich" in seite and "Export neu starten" in seite
    # Broker back: the restart runs the job.
    with TestCase.captureOnCommitCallbacks(execute=True):
        antwort = client.post(f"/exporte/{job.pk}/neu-starten/")
    assert antwort.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG and job.lauf == 2 and job.fehler == ""
    assert PdfReader(job.datei.path).pages


def _geplant(gs):
    """A dossier job that is planned (piece rows exist) but whose pieces have not run: three
    chunks of Steckbriefe (index 0–2), summary, ranking and contents probe (3–5)."""
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as teil:
        job = dossier_erstellen(gs, {"alle": True})
    assert teil.call_count == 6 and job.status == ExportStatus.LAEUFT
    arten = list(DossierTeil.objects.filter(job=job).values_list("art", flat=True))
    assert arten == ["steckbriefe"] * 3 + [
        "zusammenfassung",
        "rangliste",
        "inhalt",
        "rangliste_final",
        "inhalt_final",
    ]
    return job


def test_killed_chunk_task_rerun_leaves_exactly_one_valid_file(gs, fuenf, settings):
    job = _geplant(gs)
    ordner = Path(settings.MEDIA_ROOT) / job.arbeitsordner
    original = dossier.rendering.pdf_schreiben

    def stirbt_beim_schreiben(dokument, ziel, **optionen):
        # Write half a file under the temporary name, then "die".
        def halb(ziel_temp, **optionen):
            Path(ziel_temp).write_bytes(b"%PDF-1.7\n% halb geschrieben")
            raise SystemExit("Worker beendet (SIGTERM)")

        dokument.write_pdf = halb
        return original(dokument, ziel, **optionen)

    with (
        mock.patch("dossiers.rendering.pdf_schreiben", stirbt_beim_schreiben),
        pytest.raises(SystemExit),
    ):
        services.teil_ausfuehren(job.pk, job.lauf, 0)  # the task body: no failure handler runs
    assert _dateien(ordner) == []  # the broken temporary file did not survive
    teil = DossierTeil.objects.get(job=job, index=0)
    assert teil.status == DossierTeil.Status.OFFEN and teil.versuche == 1

    # A hard kill (SIGKILL) cannot clean up: an old temporary file is left behind.
    (ordner / ".teil-0000.pdf.abcdef.tmp").write_bytes(b"%PDF-1.7 kaputt")
    alt = timezone.now().timestamp() - 3600
    os.utime(ordner / ".teil-0000.pdf.abcdef.tmp", (alt, alt))

    # The broker redelivers the message (acks_late): the task runs again.
    with mock.patch("dossiers.schritte._zusammenfuehrung_einreihen") as merge:
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, 0)).get()
    assert _dateien(ordner) == ["teil-0000.pdf"]
    reader = PdfReader(ordner / "teil-0000.pdf", strict=True)
    teil.refresh_from_db()
    assert teil.status == DossierTeil.Status.FERTIG and teil.seiten == len(reader.pages)
    assert set(teil.anfaenge) == {str(i) for i in teil.steckbrief_ids}
    merge.assert_not_called()  # the other pieces are still open

    # Delivered once more after it finished: nothing is rendered again, still one file.
    vorher = (ordner / "teil-0000.pdf").stat().st_ino
    with mock.patch("dossiers.dossier.teil_rendern") as rendern:
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, 0)).get()
    rendern.assert_not_called()
    assert _dateien(ordner) == ["teil-0000.pdf"]
    assert (ordner / "teil-0000.pdf").stat().st_ino == vorher

    # The other pieces run; the last one triggers the merge, the job is done.
    for index in range(1, 5):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, index)).get()
    # (ranking and contents are layout probes here; their final slices with the page
    # numbers are rendered once all these pieces are done)
    assert _dateien(ordner) == [
        "teil-0000.pdf", "teil-0001.pdf", "teil-0002.pdf", "zusammenfassung-0000.pdf",
    ]  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, 5)).get()
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    ergebnis = Path(job.datei.path)
    assert _dateien(ergebnis.parent) == [ergebnis.name]
    assert len(PdfReader(ergebnis, strict=True).pages) == job.seiten

    # A redelivered merge for the finished job changes nothing.
    inode = ergebnis.stat().st_ino
    tasks.dossier_zusammenfuehren.apply(args=(job.pk, job.lauf)).get()
    assert ergebnis.stat().st_ino == inode and _dateien(ergebnis.parent) == [ergebnis.name]


def test_final_slices_wait_for_the_first_pieces_and_spare_the_merge(gs, fuenf, settings):
    """The final slices of ranking and contents (index 6 and 7) need the page numbers: run
    too early (a recovery round) one does nothing; the task that completes the last first
    piece enqueues both; the last of them enqueues the merge, which renders neither again."""
    job = _geplant(gs)
    ordner = Path(settings.MEDIA_ROOT) / job.arbeitsordner
    tasks.dossier_teil.apply(args=(job.pk, job.lauf, 6)).get()
    frueh = DossierTeil.objects.get(job=job, index=6)
    assert (frueh.art, frueh.status, frueh.versuche) == ("rangliste_final", "offen", 0)
    with mock.patch("dossiers.tasks.dossier_teil.apply_async") as einreihen:
        for index in range(5):
            with TestCase.captureOnCommitCallbacks(execute=True):
                tasks.dossier_teil.apply(args=(job.pk, job.lauf, index)).get()
        einreihen.assert_not_called()
        with TestCase.captureOnCommitCallbacks(execute=True):
            tasks.dossier_teil.apply(args=(job.pk, job.lauf, 5)).get()
    assert sorted(c.args[0] for c in einreihen.call_args_list) == [
        (job.pk, job.lauf, 6),
        (job.pk, job.lauf, 7),
    ]
    with (
        mock.patch("dossiers.schritte._zusammenfuehrung_einreihen") as merge,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, 6)).get()
    merge.assert_not_called()
    assert "rangliste_final-0000.pdf" in _dateien(ordner)
    with (
        mock.patch("dossiers.dossier._vorne_rendern", side_effect=AssertionError("neu")),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        tasks.dossier_teil.apply(args=(job.pk, job.lauf, 7)).get()
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    finale = DossierTeil.objects.filter(job=job, art__in=["rangliste_final", "inhalt_final"])
    assert job.seiten == len(PdfReader(job.datei.path, strict=True).pages)
    assert all(t.seiten and t.status == "fertig" for t in finale)


def test_redelivered_start_task_requeues_only_open_chunks(gs, fuenf):
    job = _geplant(gs)
    tasks.dossier_teil.apply(args=(job.pk, job.lauf, 1)).get()
    with (
        mock.patch("dossiers.tasks.dossier_teil.apply_async") as teil,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        tasks.export_ausfuehren.apply(args=(job.pk, job.lauf)).get()
    assert sorted(c.args[0][2] for c in teil.call_args_list) == [0, 2, 3, 4, 5]
    assert DossierTeil.objects.filter(job=job).count() == 8  # no second plan


def test_stale_tasks_of_an_earlier_run_do_nothing(gs, fuenf):
    job = _geplant(gs)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FEHLGESCHLAGEN, fehler="Test")
    job.refresh_from_db()
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.neu_starten(job, gs)
    job.refresh_from_db()
    assert job.lauf == 2 and job.status == ExportStatus.WARTEND
    assert not DossierTeil.objects.filter(job=job).exists()
    with mock.patch("dossiers.dossier.teil_rendern") as rendern:
        tasks.dossier_teil.apply(args=(job.pk, 1, 0)).get()
        tasks.dossier_zusammenfuehren.apply(args=(job.pk, 1)).get()
    rendern.assert_not_called()
    job.refresh_from_db()
    assert job.status == ExportStatus.WARTEND


def test_failure_shows_a_german_message_and_the_job_can_be_restarted(
    gs, fuenf, client, fehler_nicht_weitergeben
):
    with mock.patch("dossiers.dossier.teil_rendern", side_effect=SoftTimeLimitExceeded()):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FEHLGESCHLAGEN
    assert job.fehler == services.ZEIT_FEHLER
    with mock.patch("dossiers.dossier.zusammenfuehren", side_effect=ValueError("intern")):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.neu_starten(job, gs)
    job.refresh_from_db()
    assert job.status == ExportStatus.FEHLGESCHLAGEN and job.lauf == 2
    assert job.fehler == services.ALLGEMEINER_FEHLER and "intern" not in job.fehler
    client.force_login(gs)
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten["status"] == "fehlgeschlagen" and daten["kann_neu_starten"] is True
    assert daten["fehler"].startswith("Bei der Erstellung ist ein Fehler aufgetreten")
    # The failed run left no files.
    assert not (Path(django_settings.MEDIA_ROOT) / job.ordner / "lauf-2").exists()


def test_transient_errors_are_retried(gs, fuenf, fehler_nicht_weitergeben):
    aufrufe = []
    original = dossier.teil_rendern

    def wackelig(*args, **kwargs):
        aufrufe.append(1)
        if len(aufrufe) == 1:
            raise OSError("NFS kurz weg")
        return original(*args, **kwargs)

    with mock.patch("dossiers.dossier.teil_rendern", wackelig):
        job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG and len(aufrufe) == 9  # 8 pieces + 1 retry


def test_a_chunk_that_keeps_dying_fails_the_job_instead_of_looping(gs, fuenf):
    job = _geplant(gs)
    DossierTeil.objects.filter(job=job, index=0).update(versuche=services.MAX_VERSUCHE)
    tasks.dossier_teil.apply(args=(job.pk, job.lauf, 0)).get()
    job.refresh_from_db()
    assert job.status == ExportStatus.FEHLGESCHLAGEN
    assert job.fehler == services.VERSUCHE_FEHLER


def test_long_jobs_send_an_email(gs, fuenf, settings):
    settings.EXPORT_MAIL_AB_SEKUNDEN = 0
    job = dossier_erstellen(gs, {"alle": True})
    assert job.status == ExportStatus.FERTIG
    [nachricht] = mail.outbox
    assert nachricht.to == [gs.email]
    assert nachricht.subject.startswith("Ihr Export ist fertig: Dossier (PDF)")
    assert f"/exporte/{job.pk}/" in nachricht.body
    assert f"{job.seiten} Seiten" in nachricht.body


def test_short_jobs_send_no_email(gs, fuenf):
    dossier_erstellen(gs, {"alle": True})
    assert mail.outbox == []


def test_periodic_task_deletes_expired_files(gs, fuenf, settings, client):
    abgelaufen = dossier_erstellen(gs, {"ids": [fuenf[0].pk]})
    frisch = dossier_erstellen(gs, {"ids": [fuenf[1].pk]})
    ExportJob.objects.filter(pk=abgelaufen.pk).update(
        laeuft_ab=timezone.now() - datetime.timedelta(minutes=1)
    )
    haengend = ExportJob.objects.create(
        erstellt_von=gs,
        art="dossier",
        status=ExportStatus.LAEUFT,
        gestartet=timezone.now() - datetime.timedelta(hours=5),
    )
    verwaist = Path(settings.MEDIA_ROOT) / "exporte" / "999999" / "lauf-1"
    verwaist.mkdir(parents=True)
    (verwaist / "x.pdf").write_bytes(b"%PDF")
    pfad_abgelaufen = Path(abgelaufen.datei.path)

    ergebnis = tasks.exporte_aufraeumen.apply().get()

    assert ergebnis == {"abgelaufen": 1, "haengend": 1, "verwaist": 1}
    assert not pfad_abgelaufen.exists() and not pfad_abgelaufen.parent.parent.exists()
    assert not verwaist.exists()
    abgelaufen.refresh_from_db()
    frisch.refresh_from_db()
    haengend.refresh_from_db()
    assert abgelaufen.ist_abgelaufen and not abgelaufen.datei and abgelaufen.kann_neu_starten
    assert frisch.ist_fertig and Path(frisch.datei.path).exists()
    assert haengend.status == ExportStatus.FEHLGESCHLAGEN
    assert haengend.fehler == services.ZEIT_FEHLER
    client.force_login(gs)
    assert client.get(f"/exporte/{abgelaufen.pk}/herunterladen/").status_code == 404
    assert "Die Datei ist abgelaufen" in client.get(abgelaufen.get_absolute_url()).content.decode()
    # Scheduled hourly by Celery beat.
    eintrag = django_settings.CELERY_BEAT_SCHEDULE["exporte-aufraeumen"]
    assert eintrag["task"] == tasks.exporte_aufraeumen.name
    assert eintrag["task"] in app.tasks


def test_a_second_click_joins_the_running_steckbrief_pdf_job(einreichend, fuenf):
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        erster = dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
        zweiter = dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    assert erster.pk == zweiter.pk and erster.status == ExportStatus.WARTEND
    ExportJob.objects.filter(pk=erster.pk).update(status=ExportStatus.FERTIG)
    dritter = dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    assert dritter.pk != erster.pk and dritter.ist_fertig
