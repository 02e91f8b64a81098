"""The export progress page in a real browser: the static script polls the status endpoint
and turns the page into the download when the job is done; nothing leaves the portal."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import expect

from dossiers.models import ExportJob, ExportStatus
from tests.factories import PASSWORT, geschaeftsstelle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_progress_page_follows_the_job_to_the_download(page, live_server):
    gs = geschaeftsstelle(email="gs-export@example.org")
    job = ExportJob.objects.create(
        erstellt_von=gs,
        art="dossier",
        beschreibung="Alle Steckbriefe",
        status=ExportStatus.LAEUFT,
        fortschritt=40,
        anzahl=12,
        gestartet=timezone.now(),
    )
    anfragen = []
    page.on("request", lambda r: anfragen.append(r.url))
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(gs.email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/exporte/{job.pk}/")
    expect(page.get_by_role("heading", name="Status: Wird erstellt")).to_be_visible()
    expect(page.get_by_label("Fortschritt")).to_have_attribute("value", "40")
    # With JavaScript the reload hint is hidden.
    expect(page.get_by_role("link", name="Seite neu laden")).to_be_hidden()

    # The worker finishes: the page notices by itself.
    name = default_storage.save(f"exporte/{job.pk}/lauf-1/dossier.pdf", ContentFile(b"%PDF-1.7\n"))
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FERTIG,
        fortschritt=100,
        datei=name,
        dateiname="dossier.pdf",
        groesse=9,
        seiten=3,
        abgeschlossen=timezone.now(),
        laeuft_ab=timezone.now() + datetime.timedelta(days=7),
    )
    link = page.get_by_role("link", name="Herunterladen")
    expect(link).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Status: Fertig")).to_be_visible()
    expect(link).to_have_attribute("href", f"/exporte/{job.pk}/herunterladen/")
    expect(page.get_by_role("status")).to_have_text(
        "Der Export ist fertig und kann heruntergeladen werden."
    )
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "dossier.pdf"
    assert all(url.startswith(live_server.url) for url in anfragen), anfragen
