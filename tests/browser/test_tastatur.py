"""The submitter journey by keyboard alone (issue 6): register → confirm the address →
create the Organisation → fill a vorläufigen Steckbrief → submit. Only Tab, Shift+Tab,
Enter, Space, arrow keys and typing; page.goto only for the link from the mail (that is
opening a link, not a click). Every focused control must show a visible focus indicator.
No request leaves the live server and the browser reports no CSP violation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from steckbriefe.models import Status, Steckbrief
from tests.browser.test_journey import phasen_so_legen

from .wache import Wache

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORT = "Wasserstoff-Reallabor-2026"
MAX_TABS = 250

FOKUS_SICHTBAR = """el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def ist_fokussiert(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_bis(page, locator, rueckwaerts=False):
    """Press Tab (or Shift+Tab) until `locator` has the focus; it must show it visibly."""
    taste = "Shift+Tab" if rueckwaerts else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(taste)
        if ist_fokussiert(locator):
            assert locator.evaluate(FOKUS_SICHTBAR), f"Fokus nicht sichtbar: {locator}"
            return
    raise AssertionError(f"Mit {taste} nicht erreichbar: {locator}")


def tippen(page, locator, text, rueckwaerts=False):
    tab_bis(page, locator, rueckwaerts)
    page.keyboard.type(text)


def test_journey_by_keyboard_alone(page, live_server):
    wache = Wache(page, live_server.url)
    phasen_so_legen("vorlaeufig")

    # --- register ---------------------------------------------------------------------------
    page.goto("/")
    tab_bis(
        page,
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Registrieren"
        ),
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/konto/signup/"))
    tippen(page, page.get_by_label("E-Mail-Adresse"), "kim@tastatur.example")
    tippen(page, page.get_by_label("Vorname"), "Kim")
    tippen(page, page.get_by_label("Nachname"), "Tastatur")
    tippen(page, page.get_by_label("Passwort*", exact=True), PASSWORT)
    tippen(page, page.get_by_label("Passwort (Wiederholung)"), PASSWORT + "x")
    page.keyboard.press("Enter")  # submits the form

    # A failed submit puts the focus on the problem, visibly.
    page.wait_for_load_state()
    aktiv = page.locator(":focus")
    expect(aktiv).to_have_count(1)
    assert aktiv.evaluate("el => el.matches('.is-invalid, .alert-danger')"), aktiv.evaluate(
        "el => el.outerHTML"
    )
    assert aktiv.evaluate(FOKUS_SICHTBAR)
    tippen(page, page.get_by_label("Passwort*", exact=True), PASSWORT, rueckwaerts=True)
    tippen(page, page.get_by_label("Passwort (Wiederholung)"), PASSWORT)
    tab_bis(page, page.get_by_role("button", name="Registrieren"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/konto/confirm-email/|/konto/"))

    # --- confirm the address: open the mailed link ----------------------------------------------
    expect(page.locator("h1")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))  # the mail names SITE_URL
    tab_bis(page, page.get_by_role("button", name="Bestätigen"))
    page.keyboard.press("Enter")

    # --- create the Organisation --------------------------------------------------------------
    page.wait_for_url(re.compile(r"/konto/organisation/anlegen/"))
    tippen(page, page.get_by_label("Name der Organisation"), "Tastatur-Werke GmbH")
    typ = page.get_by_label("Organisationstyp")
    tab_bis(page, typ)
    page.keyboard.type("Unternehmen")  # type-ahead selects the option of a closed select
    expect(typ).to_have_value("unternehmen")
    tippen(page, page.get_by_label("Straße und Hausnummer"), "Annaberger Str. 73")
    tippen(page, page.get_by_label("PLZ"), "09111")
    tippen(page, page.get_by_label("Ort"), "Chemnitz")
    tab_bis(page, page.get_by_role("button", name=re.compile("anlegen")))
    page.keyboard.press("Enter")

    # --- a new Steckbrief -------------------------------------------------------------------
    page.wait_for_url(re.compile(r"/steckbriefe/$"))
    tab_bis(page, page.get_by_role("link", name="Neuer Steckbrief"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steckbriefe/neu/"))
    tippen(page, page.get_by_label("Projekttitel"), "Tastaturfreundliches Reallabor")
    tippen(
        page,
        page.get_by_label("Kurzbeschreibung", exact=True),
        "Ein Reallabor, das man ohne Maus bedienen kann.",
    )
    hf1 = page.get_by_role("group", name="Federführendes Handlungsfeld").get_by_role("radio").first
    tab_bis(page, hf1)
    page.keyboard.press("Space")
    expect(hf1).to_be_checked()
    gebiet = page.get_by_role("group", name="Standort(e): Gebietskörperschaft(en)").get_by_label(
        "Vogtlandkreis"
    )
    tab_bis(page, gebiet)
    page.keyboard.press("Space")
    expect(gebiet).to_be_checked()
    datenschutz = page.get_by_label("Datenschutzhinweise zur Kenntnis genommen")
    tab_bis(page, datenschutz)
    page.keyboard.press("Space")
    expect(datenschutz).to_be_checked()
    # Shift+Tab works as well: back to the title and forward again.
    titel = page.get_by_label("Projekttitel")
    tab_bis(page, titel, rueckwaerts=True)
    tab_bis(page, page.get_by_role("button", name="Vorläufig einreichen").last)
    page.keyboard.press("Enter")

    # --- submitted ----------------------------------------------------------------------------
    page.wait_for_url(re.compile(r"/steckbriefe/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("„Vorläufig einreichen“ ist erfolgt")
    sb = Steckbrief.objects.get(titel="Tastaturfreundliches Reallabor")
    assert sb.status == Status.VORLAEUFIG_EINGEREICHT
    assert sb.organisation.name == "Tastatur-Werke GmbH"
    assert sb.handlungsfeld.code == "HF1"
    assert list(sb.gebietskoerperschaften.values_list("name", flat=True)) == ["Vogtlandkreis"]
    wache.pruefen()
