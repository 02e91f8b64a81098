"""Fault: PostgreSQL drops the connection (server restart, failover, idle timeout of a
proxy) while the portal keeps it for reuse. The next web request and the worker's next
task must not fail because of the dead connection."""

import io
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.urls import reverse
from pypdf import PdfReader

from dossiers import services
from dossiers.models import DossierTeil, ExportJob, ExportStatus
from masterplan.wsgi import application
from tests.dossiers.hilfen import eingereicht
from tests.factories import SteckbriefFactory, geschaeftsstelle, mitglied

from .dienste import warten

pytestmark = pytest.mark.integration


def _anfrage(pfad: str, cookie: str) -> tuple[int, str]:
    """One request through the portal's WSGI application in this thread, as a gunicorn
    worker serves it: request_started/request_finished run Django's connection handling
    (the test client switches that off)."""
    environ = {"PATH_INFO": pfad, "HTTP_HOST": "testserver", "HTTP_COOKIE": cookie}
    environ["wsgi.input"] = io.BytesIO(b"")
    environ["wsgi.errors"] = sys.stderr
    setup_testing_defaults(environ)
    status = []
    antwort = application(environ, lambda s, h, exc_info=None: status.append(s))
    try:
        inhalt = b"".join(antwort)
    finally:
        antwort.close()  # request_finished
    return int(status[0].split()[0]), inhalt.decode()


def _beenden(pids) -> int:
    """pg_terminate_backend from a second connection; waits until the backends are gone."""
    zweite = connections.create_connection("default")
    try:
        with zweite.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid = ANY(%s)",
                [list(pids)],
            )
            beendet = cursor.fetchone()[0]

        def weg():
            with zweite.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)]
                )
                return cursor.fetchone()[0] == 0

        warten(weg, 10, "Datenbankverbindungen beendet")
        return beendet
    finally:
        zweite.close()


def _andere_verbindungen() -> list[int]:
    """Backends on the test database other than this process's connection (the worker's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return [zeile[0] for zeile in cursor.fetchall()]


@pytest.fixture
def dauerhafte_verbindung(echte_dienste):
    """Connections are kept between requests, as in production (CONN_MAX_AGE=60)."""
    vorher = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()
    yield
    connection.settings_dict["CONN_MAX_AGE"] = vorher
    connection.close()


def test_naechste_anfrage_nach_abgerissener_verbindung(client, dauerhafte_verbindung):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    sb = SteckbriefFactory(titel="Verbindungsprojekt Plauen")
    client.force_login(mitglied(sb.organisation))
    name = django_settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    adresse = reverse("steckbriefe:dashboard")

    status, seite = _anfrage(adresse, cookie)
    assert status == 200 and "Verbindungsprojekt Plauen" in seite
    assert connection.connection is not None, "Verbindung wurde nicht weiterverwendet"
    alt = connection.connection.info.backend_pid

    assert _beenden([alt]) == 1

    status, seite = _anfrage(adresse, cookie)
    assert status == 200 and "Verbindungsprojekt Plauen" in seite
    assert connection.connection.info.backend_pid != alt


def test_worker_arbeitet_nach_abgerissenen_verbindungen_weiter(worker_starten, settings):
    sb = eingereicht("Verbindungsprojekt Auerbach")
    person = mitglied(sb.organisation)
    worker = worker_starten(DOSSIER_TEIL_GROESSE=2, EXPORT_LEBENSZEICHEN_SEKUNDEN=1)

    def fertig(job):
        def pruefen():
            return ExportJob.objects.filter(
                pk=job.pk, status__in=[ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN]
            ).exists()

        warten(pruefen, 180, f"Export {job.pk} fertig", 0.2, [worker])
        job.refresh_from_db()
        assert job.status == ExportStatus.FERTIG, job.fehler
        return job

    # Between tasks: whatever the worker keeps open is cut; the next task runs at once.
    fertig(services.export_anlegen(person, "steckbrief_pdf", {"steckbrief": sb.pk}))
    _beenden(_andere_verbindungen())
    sb.titel = "Verbindungsprojekt Auerbach (neu)"
    sb.save()
    job = fertig(services.export_anlegen(person, "steckbrief_pdf", {"steckbrief": sb.pk}))
    assert job.versuche == 1  # no retry was needed
    assert "Verbindungsprojekt Auerbach (neu)" in PdfReader(job.datei.path).pages[0].extract_text()

    # In the middle of a dossier: the pieces being rendered lose their connection and are
    # retried; the dossier is complete all the same.
    for i in range(11):
        eingereicht(f"Verbindungsprojekt {i:02d}")
    gs = geschaeftsstelle()
    job = services.export_anlegen(gs, "dossier", {"alle": True})
    warten(
        lambda: DossierTeil.objects.filter(job=job, bearbeiter__gt="").exists(),
        60,
        "ein Teil in Arbeit",
        0.02,
        [worker],
    )
    assert _beenden(_andere_verbindungen()) >= 1
    job = fertig(job)
    reader = PdfReader(job.datei.path, strict=True)
    assert len(reader.pages) == job.seiten
    text = "\n".join(seite.extract_text() for seite in reader.pages)
    for i in range(11):
        assert f"Verbindungsprojekt {i:02d}" in text
    # One file per export, nothing else (no pieces, no temporary files).
    dateien = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert dateien == sorted(Path(j.datei.path) for j in ExportJob.objects.all())
