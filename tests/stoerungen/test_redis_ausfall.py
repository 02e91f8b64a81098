"""Fault: Redis (broker of Celery, cache of the rate limits) stops or hangs while the portal
is running. Logging in and submitting a Steckbrief still work (the receipt goes out
directly), an export says in German that it is "zurzeit nicht möglich" instead of hanging,
and once Redis is back the restarted export is produced by a real worker."""

import datetime
import io
import json
import logging
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dossiers import services as export_services
from dossiers.models import ExportJob, ExportStatus
from handlungsfelder.models import PhaseCode, Prozessphase
from masterplan.celery import app
from steckbriefe.models import AuditEintrag, Status
from tests.factories import PASSWORT, SteckbriefFactory, mitglied
from tests.steckbriefe.hilfen import formular_daten

from .dienste import warten

pytestmark = pytest.mark.integration


@pytest.fixture
def einreichende(echte_dienste, settings):
    """A submitter with a verified address and a complete draft, in the vorläufige phase
    (the migration's phases lie in 2026: moved to today); rate limits as in production."""
    settings.ACCOUNT_RATE_LIMITS = {}
    heute = timezone.localdate()
    for code, beginn, ende in [
        (PhaseCode.VORLAEUFIG, -10, 10),
        (PhaseCode.FINAL, 11, 40),
        (PhaseCode.BEWERTUNG, 41, 80),
    ]:
        Prozessphase.objects.filter(code=code).update(
            beginn=heute + datetime.timedelta(beginn), ende=heute + datetime.timedelta(ende)
        )
    sb = SteckbriefFactory(titel="Störfallprojekt Zwickau")
    person = mitglied(sb.organisation)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person, sb


def _ohne_redis_einreichen(client, person, sb, caplog) -> dict[str, float]:
    """Log in, submit and request the PDF while Redis is unusable; returns the durations."""
    caplog.set_level(logging.WARNING)
    dauer = {}
    beginn = time.monotonic()
    antwort = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORT})
    dauer["Anmelden"] = time.monotonic() - beginn
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert antwort["Location"] == reverse("steckbriefe:dashboard")

    formular = client.get(reverse("steckbriefe:bearbeiten", args=[sb.pk]))
    daten = formular_daten(formular.content.decode(), aktion="vorlaeufig_einreichen")
    beginn = time.monotonic()
    antwort = client.post(reverse("steckbriefe:bearbeiten", args=[sb.pk]), daten)
    dauer["Einreichen"] = time.monotonic() - beginn
    assert antwort.status_code == 302
    assert antwort["Location"] == sb.get_absolute_url()
    sb.refresh_from_db()
    assert sb.status == Status.VORLAEUFIG_EINGEREICHT
    eintrag = AuditEintrag.objects.get(steckbrief=sb, neu=Status.VORLAEUFIG_EINGEREICHT.label)
    assert eintrag.akteur == person
    # The receipt went out directly (nobody would ever take it from the queue).
    assert [m.subject for m in mail.outbox] == [
        "Eingangsbestätigung: vorläufiger Steckbrief „Störfallprojekt Zwickau“"
    ]
    assert person.email in mail.outbox[0].to
    assert "E-Mail wird direkt versendet" in caplog.text
    seite = client.get(antwort["Location"]).content.decode()
    assert "„Vorläufig einreichen“ ist erfolgt." in seite

    beginn = time.monotonic()
    antwort = client.post(reverse("dossiers:steckbrief_pdf", args=[sb.pk]))
    dauer["Export anfordern"] = time.monotonic() - beginn
    job = ExportJob.objects.get(erstellt_von=person)
    assert antwort.status_code == 302 and antwort["Location"] == job.get_absolute_url()
    assert job.status == ExportStatus.FEHLGESCHLAGEN
    assert job.fehler == export_services.BROKER_FEHLER
    seite = client.get(antwort["Location"]).content.decode()
    assert "Export zurzeit nicht möglich" in seite
    assert "Export neu starten" in seite and job.kann_neu_starten
    return dauer


def _bericht(was: str, dauer: dict[str, float]) -> None:
    print(f"{was}: " + ", ".join(f"{k} {v:.2f} s" for k, v in dauer.items()))


def test_redis_gestoppt_einreichen_geht_export_spaeter(
    client, einreichende, redis_privat, worker_starten, settings, caplog
):
    person, sb = einreichende
    assert client.get("/healthz").status_code == 200
    # Redis dies while the portal holds an open broker connection in its pool.
    with app.pool.acquire(block=True) as verbindung:
        verbindung.ensure_connection(max_retries=1)
        verbindung.default_channel  # noqa: B018 - opens the socket
    redis_privat.stoppen()
    assert client.get("/healthz").status_code == 503

    _bericht("Redis gestoppt", _ohne_redis_einreichen(client, person, sb, caplog))

    # Redis is back (same address), a worker runs: the restart produces the PDF.
    redis_privat.starten()
    assert client.get("/healthz").status_code == 200
    worker = worker_starten()
    job = ExportJob.objects.get(erstellt_von=person)
    antwort = client.post(reverse("dossiers:neu_starten", args=[job.pk]))
    assert antwort.status_code == 302
    job.refresh_from_db()
    assert job.lauf == 2 and job.fehler == ""
    warten(
        lambda: ExportJob.objects.filter(
            pk=job.pk, status__in=[ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN]
        ).exists(),
        120,
        "Steckbrief-PDF fertig",
        0.2,
        [worker],
    )
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    download = client.get(reverse("dossiers:herunterladen", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)), strict=True)
    assert len(reader.pages) == job.seiten
    assert "Störfallprojekt Zwickau" in reader.pages[0].extract_text()
    dateien = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert dateien == [Path(job.datei.path)]


def test_redis_haengt_einreichen_geht_export_spaeter(
    client, einreichende, redis_privat, settings, caplog
):
    """A Redis that accepts connections but never answers (frozen process, network black
    hole): without socket timeouts every publish and cache call would wait for ever."""
    person, sb = einreichende
    # Without these the requests below would hang instead of failing this test.
    assert app.conf.broker_transport_options.get("socket_timeout")
    assert settings.CACHES["default"]["OPTIONS"].get("socket_timeout")
    assert client.get("/healthz").status_code == 200
    redis_privat.einfrieren()

    _bericht("Redis hängt", _ohne_redis_einreichen(client, person, sb, caplog))
    assert "Cache (Redis) nicht erreichbar" in caplog.text

    # Redis answers again: the restart is handed to the broker.
    redis_privat.auftauen()
    job = ExportJob.objects.get(erstellt_von=person)
    assert client.post(reverse("dossiers:neu_starten", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.WARTEND and job.lauf == 2
    wartend = [json.loads(z)["headers"] for z in redis_privat.liste("celery")]
    assert {"task": "dossiers.tasks.export_ausfuehren", "argsrepr": f"({job.pk}, 2)"} in [
        {"task": h["task"], "argsrepr": h["argsrepr"]} for h in wartend
    ]
