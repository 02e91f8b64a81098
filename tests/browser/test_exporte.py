"""The export progress page in a real browser: the static script polls the status endpoint
and turns the page into the download when the job is done; nothing leaves the portal."""

import datetime
import re

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
    # The page count shows without a reload (issue 15, defect 9).
    expect(page.get_by_text("3 Seiten")).to_be_visible()
    expect(link).to_have_attribute("href", f"/exporte/{job.pk}/herunterladen/")
    expect(page.get_by_role("status")).to_have_text(
        "Der Export ist fertig und kann heruntergeladen werden."
    )
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "dossier.pdf"
    assert all(url.startswith(live_server.url) for url in anfragen), anfragen


LANG = "Wasserstoffelektrolyseurinfrastrukturertüchtigungsmaßnahmenkoordinierungsstelle" + "X" * 21


def _anmelden(page, user):
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("breite", [1280, 390])
def test_job_page_wraps_long_words_and_shows_a_hanging_job(page, breite):
    """Issue 15, defects 2 and 7: a 100-character title in the description and the list of
    left-out Steckbriefe wraps (no horizontal scrolling on a phone); a job without signs of
    life says since when it hangs, and recovers by itself when the worker is back."""
    from pathlib import Path

    gs = geschaeftsstelle(email=f"gs-lang-{breite}@example.org")
    alt = timezone.now() - datetime.timedelta(minutes=10)
    job = ExportJob.objects.create(
        erstellt_von=gs,
        art="dossier",
        beschreibung=f"Dossier {LANG}",
        status=ExportStatus.LAEUFT,
        fortschritt=30,
        anzahl=12,
        gestartet=alt,
        lebenszeichen=alt,
        ausgelassen=[
            {
                "grund": "zurückgezogen",
                "anzahl": 1,
                "eintraege": [{"id": 7, "titel": LANG}],
                "weitere": 0,
            }
        ],
    )
    page.set_viewport_size({"width": breite, "height": 900})
    _anmelden(page, gs)
    page.goto(f"/exporte/{job.pk}/")
    expect(
        page.get_by_role("heading", name=re.compile(r"^Status: Hängt seit \d\d\.\d\d\.\d{4}"))
    ).to_be_visible()
    expect(page.get_by_text("kommt von diesem Export kein Lebenszeichen")).to_be_visible()
    expect(page.get_by_text(f"Nr. 7 „{LANG}“")).to_be_visible()
    breiten = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breiten[0] <= breiten[1], breiten
    ziel = Path("/tmp/shots/dossiers")
    ziel.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ziel / f"job-haengt-{breite}.png"), full_page=True)
    # The worker is back: the page notices and the warning goes.
    ExportJob.objects.filter(pk=job.pk).update(lebenszeichen=timezone.now())
    expect(page.get_by_role("heading", name="Status: Wird erstellt")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("kommt von diesem Export kein Lebenszeichen")).to_be_hidden()


@pytest.mark.parametrize("breite", [1280, 390])
def test_export_form_and_list_at_both_widths(page, breite):
    from pathlib import Path

    gs = geschaeftsstelle(email=f"gs-form-{breite}@example.org")
    ExportJob.objects.create(
        erstellt_von=gs, art="dossier", beschreibung=f"Dossier {LANG}", status=ExportStatus.WARTEND
    )
    page.set_viewport_size({"width": breite, "height": 900})
    _anmelden(page, gs)
    ziel = Path("/tmp/shots/dossiers")
    ziel.mkdir(parents=True, exist_ok=True)
    page.goto("/exporte/")
    breiten = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breiten[0] <= breiten[1], breiten
    page.screenshot(path=str(ziel / f"uebersicht-{breite}.png"), full_page=True)
    page.goto("/exporte/neu/")
    page.get_by_label("Handlungsfeld", exact=True).select_option(
        label="HF2 Infrastruktur und Mobilität"
    )
    page.get_by_role("button", name="Export erstellen").click()
    expect(page.get_by_text("aber auch ein Handlungsfeld angegeben")).to_be_visible()
    page.screenshot(path=str(ziel / f"formular-fehler-{breite}.png"), full_page=True)
    assert not ExportJob.objects.filter(erstellt_von=gs, parameter__alle=True).exists()
