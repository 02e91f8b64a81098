"""Submitting as people do, in Chromium (issue 12): pasted text beyond the limit is kept
whole and shown as an error; the error summary links to each field and takes the focus;
"Was noch fehlt" judges the form as it is on screen (after an error, after an autosave
restore, while typing); the layout at 1280 and 390 px; the labelled date inputs of the
admin's phase list."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from steckbriefe.models import Steckbrief
from tests.browser.test_journey import phasen_so_legen
from tests.factories import SteckbriefFactory, geschaeftsstelle, mitglied

from .wache import Wache, axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANG = "".join(chr(ord("a") + i % 26) for i in range(1200))


def _anmelden(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def entwurf(page, live_server):
    phasen_so_legen("final")
    sb = SteckbriefFactory()
    user = mitglied(sb.organisation)
    _anmelden(page, live_server, user)
    return sb


def test_pasted_text_beyond_the_limit_is_kept_whole_with_an_error(page, live_server, entwurf):
    wache = Wache(page, live_server.url)
    page.goto(f"/steckbriefe/{entwurf.pk}/bearbeiten/")
    feld = page.get_by_label("Kurzbeschreibung", exact=True)
    feld.fill("")
    feld.focus()
    page.keyboard.insert_text(LANG)  # as a paste: one edit, not typed key by key
    assert feld.evaluate("el => el.value.length") == 1200
    expect(page.locator("#id_kurzbeschreibung_zeichen")).to_contain_text(
        "1200 von 1000 Zeichen – 200 zu viel"
    )
    page.get_by_role("button", name="Entwurf speichern").first.click()
    page.wait_for_load_state()

    zusammenfassung = page.locator("#fehler")
    expect(zusammenfassung).to_have_attribute("role", "alert")
    expect(zusammenfassung).to_be_focused()
    link = zusammenfassung.get_by_role(
        "link", name=re.compile("^Kurzbeschreibung: Der Text ist 1200")
    )
    expect(link).to_have_attribute("href", "#id_kurzbeschreibung")
    feld = page.get_by_label("Kurzbeschreibung", exact=True)
    assert feld.input_value() == LANG  # nothing lost
    link.click()
    expect(feld).to_be_focused()
    # shortened, it saves
    feld.fill(LANG[:1000])
    page.get_by_role("button", name="Entwurf speichern").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Ihr Entwurf wurde gespeichert")
    entwurf.refresh_from_db()
    assert entwurf.kurzbeschreibung == LANG[:1000]
    wache.pruefen()


def test_the_error_summary_links_every_field_and_the_links_move_the_focus(
    page, live_server, entwurf
):
    page.goto(f"/steckbriefe/{entwurf.pk}/bearbeiten/")
    page.get_by_label("Gesamtvolumen (EUR)").fill("viel Geld")
    page.get_by_label("PLZ").fill("123")
    page.get_by_label("Geplanter Beginn (Monat/Jahr)").fill("13/2027")
    page.get_by_role("button", name="Entwurf speichern").first.click()
    page.wait_for_load_state()
    zusammenfassung = page.locator("#fehler")
    expect(zusammenfassung).to_be_focused()
    expect(zusammenfassung.locator("h2")).to_have_text("Bitte prüfen Sie diese 3 Angaben")
    ziele = zusammenfassung.get_by_role("link")
    expect(ziele).to_have_count(3)
    for i in range(3):
        link = zusammenfassung.get_by_role("link").nth(i)
        ziel = link.get_attribute("href").removeprefix("#")
        link.click()
        expect(page.locator(f"#{ziel}")).to_be_focused()


def _eintrag(page, label):
    return page.locator("[data-was-fehlt] li", has_text=label)


def test_was_noch_fehlt_judges_the_form_on_screen(page, live_server, entwurf):
    page.goto(f"/steckbriefe/{entwurf.pk}/bearbeiten/")
    ziele = _eintrag(page, "Ziele")
    expect(ziele).to_be_visible()
    stand = page.locator('[data-abschnitt-stand="ausgangslage"]')
    expect(stand).to_contain_text("2 fehlen")

    # while typing
    page.get_by_label("Ziele (konkret, überprüfbar)").fill("Zehn Busse bis 2029.")
    expect(ziele).to_be_hidden()
    expect(stand).to_contain_text("1 fehlt")

    # after an error: the typed, not yet saved value counts
    page.get_by_label("Gesamtvolumen (EUR)").fill("viel Geld")
    page.get_by_role("button", name="Entwurf speichern").first.click()
    page.wait_for_load_state()
    expect(page.locator("#fehler")).to_be_visible()
    expect(_eintrag(page, "Ziele")).to_be_hidden()
    assert Steckbrief.objects.get(pk=entwurf.pk).ziele == ""

    # after an autosave restore (a new visit)
    page.goto(f"/steckbriefe/{entwurf.pk}/bearbeiten/")
    expect(page.locator("#wiederhergestellt")).to_be_visible()
    expect(_eintrag(page, "Ziele")).to_be_hidden()
    expect(_eintrag(page, "Ausgangssituation")).to_be_visible()
    # a section completed on screen is marked complete in the navigation
    page.get_by_label("Ausgangssituation und Handlungsbedarf").fill("Dieselbusse altern.")
    expect(stand).to_contain_text("vollständig")


def test_navigation_and_dashboard_at_1280_and_390_px(page, live_server, entwurf):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/steckbriefe/")
    oben = page.locator("#hauptnavigation .nav-link").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(oben)) == 1, f"Navigation bricht um: {oben}"
    hoehen = page.locator("#hauptnavigation .nav-link").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert max(hoehen) < 50, hoehen  # no item on two lines
    page.screenshot(path="/tmp/shots/sb/test-dashboard-1280.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/steckbriefe/")
    marke = page.locator(".navbar-brand")
    assert marke.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert marke.evaluate("el => el.getBoundingClientRect().right <= window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    zeile = page.locator("table.steckbrief-liste tbody tr").first
    for spalte in ("Status", "Frist", "Nächster Schritt"):
        zelle = zeile.locator(f'td[data-label="{spalte}"]')
        expect(zelle).to_be_visible()
        box = zelle.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (spalte, box)
    expect(zeile.locator(".badge")).to_be_in_viewport()
    page.screenshot(path="/tmp/shots/sb/test-dashboard-390.png", full_page=True)


def test_the_long_navigation_of_the_geschaeftsstelle_never_overlaps_the_site_name(
    page, live_server
):
    _anmelden(page, live_server, geschaeftsstelle())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    marke = page.locator(".navbar-brand").bounding_box()
    for box in page.locator("#hauptnavigation .nav-link").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())"
    ):
        nebeneinander = box["left"] >= marke["x"] + marke["width"]
        darunter = box["top"] >= marke["y"] + marke["height"]
        assert nebeneinander or darunter, (box, marke)
        assert box["right"] <= 1280
    assert page.locator(".navbar-brand").evaluate("el => el.scrollWidth <= el.clientWidth + 1")


def test_the_phase_list_of_the_admin_has_labelled_date_inputs(page, live_server):
    _anmelden(page, live_server, geschaeftsstelle())
    page.goto("/admin/handlungsfelder/prozessphase/")
    expect(page.get_by_label(re.compile(r"^Beginn: "))).to_have_count(3)
    verstoesse = axe_pruefen(page)  # every rule: labels, breadcrumb links, contrast
    assert not verstoesse, verstoesse_text(page.url, verstoesse)
    page.locator("#result_list tbody tr th a").first.click()
    expect(page).to_have_url(re.compile(r"/prozessphase/\d+/change/$"))
    verstoesse = axe_pruefen(page)
    assert not verstoesse, verstoesse_text(page.url, verstoesse)


def test_the_new_pages_have_no_axe_violations(page, live_server, entwurf):
    """The field list, the form with its error summary, help and progress, the preview
    and the dashboard, at 1280 and 390 px; and the start page with its FAQ."""
    from tests.factories import final_vollstaendig

    final_vollstaendig(entwurf)
    wache = Wache(page, live_server.url)
    funde = []

    def pruefen(name):
        page.wait_for_load_state()
        verstoesse = axe_pruefen(page)
        if verstoesse:
            funde.append(verstoesse_text(name, verstoesse))

    for breite in (1280, 390):
        page.set_viewport_size({"width": breite, "height": 900})
        for adresse in (
            "/",
            "/steckbriefe/felder/",
            "/steckbriefe/",
            f"/steckbriefe/{entwurf.pk}/einreichen/",
            f"/steckbriefe/{entwurf.pk}/",
        ):
            page.goto(adresse)
            pruefen(f"{adresse} ({breite} px)")
        page.goto(f"/steckbriefe/{entwurf.pk}/bearbeiten/")
        page.locator("#hilfe-zusatzeffekt summary").click()
        page.get_by_label("Gesamtvolumen (EUR)").fill("viel Geld")
        page.get_by_role("button", name="Entwurf speichern").first.click()
        expect(page.locator("#fehler")).to_be_visible()
        pruefen(f"Formular mit Fehlern ({breite} px)")
        page.screenshot(path=f"/tmp/shots/sb/test-formular-fehler-{breite}.png")
    assert not funde, "\n".join(funde)
    wache.pruefen()
