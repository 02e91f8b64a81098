"""A Wirtschaftsförderung scores a Steckbrief in the admin and finalises; the
Geschäftsstelle finds it in the ranking, filters, downloads the XLSX, decides (confirmed on
the next page) and releases the notice."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from bewertung import services
from handlungsfelder.models import Prozessphase
from steckbriefe.models import Status, Steckbrief
from tests.factories import (
    PASSWORT,
    SteckbriefFactory,
    final_vollstaendig,
    geschaeftsstelle,
    wirtschaftsfoerderung,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _final(titel, ags):
    sb = SteckbriefFactory(titel=titel, gebiete=[ags])
    final_vollstaendig(sb)
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.FINAL_EINGEREICHT)
    services.zuweisen(sb)
    return sb


def _anmelden(page, email):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def test_score_finalise_rank_filter_download_decide(page, celery_eager):
    heute = timezone.localdate()
    Prozessphase.objects.filter(code="bewertung").update(
        beginn=heute - datetime.timedelta(days=1), ende=heute + datetime.timedelta(days=30)
    )
    wf = wirtschaftsfoerderung("14524", email="wf@example.org")
    gs = geschaeftsstelle(email="gs@example.org")
    sb = _final("Reallabor Wasserstoff Zwickau", "14524")
    _final("Chemnitzer Datenplattform", "14511")

    # The Wirtschaftsförderung scores and finalises.
    _anmelden(page, wf.email)
    page.locator('#content-main a[href$="/admin/steckbriefe/steckbrief/"]').first.click()
    page.wait_for_url("**/admin/steckbriefe/steckbrief/")
    zeile = page.get_by_role("row").filter(has_text="Reallabor Wasserstoff Zwickau")
    zeile.get_by_role("link", name="Bewerten").click()
    page.wait_for_url(f"**/steckbrief/{sb.pk}/bewerten/")
    kriterien = page.locator("fieldset.bw-kriterium").filter(has=page.locator("input[type=radio]"))
    assert kriterien.count() == 12
    for i in range(12):
        kriterien.nth(i).get_by_label("4 – sehr gut").check()
    page.get_by_label("Gesamtempfehlung").select_option("priorisieren")
    page.get_by_label("Kommentar", exact=True).fill("Überzeugendes Konzept.")
    page.get_by_role("button", name="Abschließen").click()
    expect(page.get_by_text("Ihre Bewertung ist abgeschlossen.")).to_be_visible()
    expect(page.get_by_text("Gewichtete Punktzahl: 80,0 von 100.")).to_be_visible()
    assert page.get_by_role("button", name="Entwurf speichern").count() == 0
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET

    # The Geschäftsstelle ranks, filters, downloads and decides.
    _anmelden(page, gs.email)
    page.locator('#content-main a[href$="/admin/bewertung/rangliste/"]').first.click()
    page.wait_for_url("**/admin/bewertung/rangliste/")
    tabelle = page.locator("#bw-rangliste")
    assert tabelle.get_by_role("row").filter(has_text="Reallabor Wasserstoff Zwickau").is_visible()
    assert tabelle.get_by_role("row").filter(has_text="Chemnitzer Datenplattform").is_visible()
    page.get_by_label("Gebietskörperschaft").select_option(label="Landkreis Zwickau")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**gebietskoerperschaft=*")
    zeile = tabelle.get_by_role("row").filter(has_text="Reallabor Wasserstoff Zwickau")
    assert zeile.is_visible() and "80,0" in zeile.inner_text()
    assert tabelle.get_by_role("row").filter(has_text="Chemnitzer Datenplattform").count() == 0

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    zeilen = list(load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.values)
    kopf = list(zeilen[0])
    assert [z[kopf.index("Titel")] for z in zeilen[1:]] == ["Reallabor Wasserstoff Zwickau"]
    assert zeilen[1][kopf.index("Mittelwert (0–100)")] == 80.0

    page.wait_for_load_state()
    auswahl = tabelle.get_by_role("checkbox", name="Reallabor Wasserstoff Zwickau auswählen")
    auswahl.check()
    expect(auswahl).to_be_checked()
    entscheidung = page.get_by_role("group", name="Entscheidung für die ausgewählten Steckbriefe")
    entscheidung.get_by_label("Entscheidung").select_option("priorisiert")
    entscheidung.get_by_label("Begründung").fill("Hohe Strahlkraft für die Region.")
    page.get_by_role("button", name="Entscheiden …").click()
    # The confirmation page names what happens; the notice is not sent yet.
    expect(
        page.get_by_text("der Bescheid geht erst mit „Bescheide versenden“ hinaus")
    ).to_be_visible()
    page.get_by_role("button", name="Entscheidung festhalten").click()
    expect(page.get_by_text("für 1 Steckbrief(e) festgehalten")).to_be_visible()
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "priorisiert")
    assert sb.entscheidung_mitgeteilt_am is None
    zeile = tabelle.get_by_role("row").filter(has_text="Reallabor Wasserstoff Zwickau")
    expect(zeile).to_contain_text("Bescheid noch nicht versendet")

    # The Geschäftsstelle releases the notice.
    zeile.get_by_role("checkbox").check()
    page.get_by_role("button", name="Bescheide versenden …").click()
    page.get_by_role("button", name="Bescheide jetzt versenden").click()
    expect(page.get_by_text("1 Bescheid(e) an die Einreichenden versendet.")).to_be_visible()
    expect(zeile).to_contain_text("Bescheid versendet am")
    sb.refresh_from_db()
    assert sb.entscheidung_mitgeteilt_am is not None
