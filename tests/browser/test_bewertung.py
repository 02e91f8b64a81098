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
    page.get_by_role("button", name="Abschließen", exact=True).click()
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
    entscheidung.get_by_label("Neue Entscheidung für die Auswahl").select_option("priorisiert")
    entscheidung.get_by_label("Begründung der Entscheidung").fill(
        "Hohe Strahlkraft für die Region."
    )
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


def test_reviewer_workbench_in_chromium(page, celery_eager):
    """A Wirtschaftsförderung works through its list: the home page names what is left and
    links the next one; the scoring page previews the weighted score while scoring, saves
    the draft by itself, moves the focus to the error summary after a failed submit, and
    goes on to the next open Steckbrief after finalising; the to-do list and the ranking
    fit 1280 px without scrolling sideways."""
    import os

    heute = timezone.localdate()
    Prozessphase.objects.filter(code="bewertung").update(
        beginn=heute - datetime.timedelta(days=1), ende=heute + datetime.timedelta(days=30)
    )
    wf = wirtschaftsfoerderung("14524", email="wf@example.org")
    gs = geschaeftsstelle(email="gs@example.org")
    erster = _final("Erstes Vorhaben Zwickau", "14524")
    zweiter = _final("Zweites Vorhaben Zwickau", "14524")
    schuss = "/tmp/shots/bewertung"
    os.makedirs(schuss, exist_ok=True)

    _anmelden(page, wf.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/")
    expect(page.locator("#bw-stand")).to_contain_text("0 von 2 abgeschlossen")
    page.screenshot(path=f"{schuss}/startseite-1280.png", full_page=True)
    page.get_by_role("link", name="Bewerten: Erstes Vorhaben Zwickau").click()
    page.wait_for_url(f"**/steckbrief/{erster.pk}/bewerten/")

    # Live preview: one criterion at 5 points → 100,0 over the scored criteria.
    kriterien = page.locator("fieldset.bw-kriterium").filter(has=page.locator("input[type=radio]"))
    vorschau = page.locator("#bw-vorschau-wert")
    expect(vorschau).to_have_text("–")
    kriterien.nth(0).locator('input[value="5"]').check()
    expect(vorschau).to_have_text("100,0")
    expect(page.locator("#bw-vorschau-anzahl")).to_contain_text("1 von 12 Kriterien")
    kriterien.nth(1).locator('input[value="0"]').focus()
    page.keyboard.press("3")  # shortcut: 3 points in the focused criterion
    expect(kriterien.nth(1).locator('input[value="3"]')).to_be_checked()

    # Autosave: the draft is stored without a click.
    expect(page.locator("#bw-autosave-status")).to_contain_text(
        "Entwurf automatisch gespeichert", timeout=15_000
    )
    from bewertung.models import Bewertung

    gespeichert = Bewertung.objects.get(zuweisung__steckbrief=erster)
    assert gespeichert.status == Bewertung.Status.ENTWURF and gespeichert.punkte is not None
    page.screenshot(path=f"{schuss}/bewerten-1280.png", full_page=False)

    # A failed finalisation: the focus is on the error summary.
    page.get_by_role("button", name="Abschließen", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#bw-fehlerzusammenfassung")).to_be_focused()
    expect(page.locator("#bw-fehlerzusammenfassung")).to_contain_text("Gesamtempfehlung")

    # Complete it and go on to the next open one.
    kriterien = page.locator("fieldset.bw-kriterium").filter(has=page.locator("input[type=radio]"))
    for i in range(12):
        kriterien.nth(i).locator('input[value="4"]').check()
    page.get_by_label("Gesamtempfehlung").select_option("priorisieren")
    page.get_by_role(
        "button", name="Abschließen und weiter zum nächsten offenen Steckbrief"
    ).click()
    page.wait_for_url(f"**/steckbrief/{zweiter.pk}/bewerten/")
    expect(page.get_by_text("Weiter mit dem nächsten offenen Steckbrief.")).to_be_visible()

    # The to-do list fits 1280 px; the states are named.
    page.goto("/admin/steckbriefe/steckbrief/")
    page.screenshot(path=f"{schuss}/liste-1280.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # … and the table itself does not scroll inside its frame: the links are in sight.
    assert page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; })()"
    )
    zeile = page.get_by_role("row").filter(has_text="Erstes Vorhaben Zwickau")
    expect(zeile.get_by_role("link", name="Ansehen")).to_be_visible()
    zeile = page.get_by_role("row").filter(has_text="Zweites Vorhaben Zwickau")
    expect(zeile.get_by_role("link", name="Bewerten")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{schuss}/liste-390.png", full_page=True)
    page.goto(f"/admin/steckbriefe/steckbrief/{zweiter.pk}/bewerten/")
    page.screenshot(path=f"{schuss}/bewerten-390.png", full_page=False)

    # The Geschäftsstelle's ranking and progress pages fit 1280 px as well.
    _anmelden(page, gs.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    for url, name in [
        ("/admin/bewertung/rangliste/", "rangliste"),
        ("/admin/bewertung/bewertungsfortschritt/", "fortschritt"),
        ("/admin/steckbriefe/steckbrief/", "liste-gs"),
    ]:
        page.goto(url)
        page.screenshot(path=f"{schuss}/{name}-1280.png", full_page=True)
        breite = page.evaluate("document.documentElement.scrollWidth")
        assert breite <= 1280, (url, breite)
        # No table scrolls sideways inside its frame either (the ranking's flags included).
        innen = page.evaluate(
            "Array.from(document.querySelectorAll('.bw-scroll, #changelist .results'))"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert innen == 0, (url, innen)
