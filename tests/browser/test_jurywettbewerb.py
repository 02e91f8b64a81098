"""The jury of the Ideenwettbewerb in Chromium: a jury member logs into the admin, opens
„Ideen zur Bewertung (Jury)“, scores an idea and finalises; the Geschäftsstelle finds it in
the ranking of the ideas, shortlists it (confirmed on the next page) and decides. axe-core
(WCAG 2.1 A/AA) reports no violation on the jury's list, the scoring page (form and
finalised), the ranking and the confirmation page."""

import pytest
from playwright.sync_api import expect

from ideen.models import Status, Stufe
from tests.factories import PASSWORT, UserFactory, geschaeftsstelle, idee, ideenaufruf, jurymitglied

from .wache import axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _anmelden(page, email):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def _axe(page, name, funde):
    page.wait_for_load_state()
    if verstoesse := axe_pruefen(page):
        funde.append(verstoesse_text(name, verstoesse))


def _aktion(page, titel, aktion, funde=None):
    page.get_by_role("row").filter(has_text=titel).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(aktion)
    page.locator("button[name=index]").click()
    if funde is not None:
        _axe(page, f"Bestätigung {aktion}", funde)
    page.locator("input[name=anwenden]").click()


def test_jury_scores_and_the_geschaeftsstelle_shortlists_and_decides(page, celery_eager):
    aufruf = ideenaufruf(slug="browser-jury", name="Industrie.Neu.Denken Browser")
    mitglied = jurymitglied(aufruf, email="jurorin@example.org")
    gs = geschaeftsstelle(email="gs@example.org")
    eine = idee(aufruf, UserFactory(), titel="Sensorhaut für Greifer", status=Status.EINGEREICHT)
    funde: list[str] = []

    # The jury member scores and finalises.
    _anmelden(page, mitglied.user.email)
    page.locator('#content-main a[href$="/admin/bewertung/juryidee/"]').first.click()
    page.wait_for_url("**/admin/bewertung/juryidee/")
    zeile = page.get_by_role("row").filter(has_text="Sensorhaut für Greifer")
    expect(zeile).to_contain_text("noch nicht begonnen")
    _axe(page, "Ideen zur Bewertung", funde)
    zeile.get_by_role("link", name="Sensorhaut für Greifer").click()
    page.wait_for_url(f"**/juryidee/{eine.pk}/bewerten/")
    expect(page.get_by_text("Eine Folie gibt Greifern Tastsinn.")).to_be_visible()
    _axe(page, "Bewertungsseite", funde)
    kriterien = page.locator("fieldset.bw-kriterium").filter(has=page.locator("input[type=radio]"))
    assert kriterien.count() == 3
    for i in range(3):
        kriterien.nth(i).get_by_label("4 – Stufe 4").check()
    page.get_by_label("Gesamtempfehlung").select_option("priorisieren")
    page.get_by_role("button", name="Abschließen", exact=True).click()
    expect(page.get_by_text("Ihre Bewertung ist abgeschlossen.")).to_be_visible()
    expect(page.locator("#jury-abgeschlossen")).to_contain_text("80,0")
    _axe(page, "Bewertungsseite abgeschlossen", funde)

    # The Geschäftsstelle ranks, shortlists (confirmed) and decides.
    _anmelden(page, gs.email)
    page.goto("/admin/bewertung/ideenrangliste/")
    zeile = page.get_by_role("row").filter(has_text="Sensorhaut für Greifer")
    expect(zeile).to_contain_text("80,0")
    expect(zeile).to_contain_text("1 von 1")
    _axe(page, "Rangliste der Ideen", funde)
    _aktion(page, "Sensorhaut für Greifer", "stufe_vorauswahl", funde)
    expect(page.get_by_text("„Sensorhaut für Greifer“: In die Vorauswahl.")).to_be_visible()
    _aktion(page, "Sensorhaut für Greifer", "stufe_nicht_auswaehlen")
    expect(page.get_by_text("„Sensorhaut für Greifer“: Nicht ausgewählt.")).to_be_visible()
    eine.refresh_from_db()
    assert eine.stufe == Stufe.NICHT_AUSGEWAEHLT
    assert not funde, "\n".join(funde)
