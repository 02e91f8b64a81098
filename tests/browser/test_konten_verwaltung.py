"""In the browser (issue 14): an administrator removes a member and hands over the
administration; the lockout page leads the owner to a login link. axe-core (WCAG 2.1 A/AA)
on every page, no foreign request, no CSP violation; screenshots at 1280 and 390 px."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from konten.models import Mitgliedschaft
from tests.factories import OrganisationFactory, SteckbriefFactory, UserFactory, mitglied
from tests.konten.hilfen import link_aus, verifiziert

from .wache import Wache, axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BILDER = Path(os.environ.get("SCREENSHOTS", "/tmp/shots/konten"))


def _anmelden(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _pruefen(page, name, funde):
    if verstoesse := axe_pruefen(page):
        funde.append(verstoesse_text(name, verstoesse))
    BILDER.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):
        page.set_viewport_size({"width": breite, "height": 900})
        page.screenshot(path=str(BILDER / f"{name}-{breite}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_administrator_removes_a_member_and_hands_over(page, live_server):
    wache = Wache(page, live_server.url)
    org = OrganisationFactory(name="Stadtwerke Zwickau GmbH")
    greta = mitglied(org, first_name="Greta", last_name="Grün", email="greta@example.org")
    karl = mitglied(org, first_name="Karl", last_name="Klein", email="karl@example.org")
    mitglied(org, first_name="Lena", last_name="Lang", email="lena@example.org")
    SteckbriefFactory(organisation=org)
    _anmelden(page, live_server, greta)
    funde = []

    page.goto("/konto/organisation/")
    tabelle = page.get_by_role("table", name="Mitglieder der Organisation")
    expect(tabelle.get_by_role("row", name=re.compile("Greta Grün"))).to_contain_text("verwaltet")
    _pruefen(page, "organisation-verwaltet", funde)

    page.get_by_role("link", name="Entfernen … (karl@example.org)").click()
    page.wait_for_url(re.compile(r"/entfernen/$"))
    expect(page.locator("h1")).to_have_text("Mitglied entfernen")
    _pruefen(page, "mitglied-entfernen", funde)
    page.get_by_role("button", name="Aus der Organisation entfernen").click()
    page.wait_for_url(re.compile(r"/konto/organisation/$"))
    expect(page.get_by_role("status")).to_contain_text("Karl Klein gehört nicht mehr")
    assert not Mitgliedschaft.objects.filter(user=karl).exists()

    page.get_by_role("button", name="Mit Verwaltung betrauen (lena@example.org)").click()
    page.wait_for_url(re.compile(r"/konto/organisation/$"))
    page.get_by_role("button", name="Verwaltung abgeben").click()
    page.wait_for_url(re.compile(r"/konto/organisation/$"))
    expect(page.get_by_role("status")).to_contain_text("Sie verwalten die Organisation nicht mehr")
    expect(page.get_by_role("link", name=re.compile("Entfernen"))).to_have_count(0)
    _pruefen(page, "organisation-mitglied", funde)
    assert Mitgliedschaft.objects.get(user__email="lena@example.org").ist_admin
    assert not funde, "\n\n".join(funde)
    wache.pruefen()


def test_locked_out_owner_logs_in_with_the_mailed_link(page, live_server, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.SITE_URL = live_server.url
    wache = Wache(page, live_server.url)
    verifiziert(UserFactory(email="erika@example.org", first_name="Erika", last_name="Muster"))
    funde = []
    page.goto("/konto/login/")
    for _ in range(2):
        page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
        page.get_by_label("Passwort").fill("falsch")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Anmeldung vorübergehend gesperrt")
    _pruefen(page, "gesperrt", funde)
    page.get_by_role("link", name="Fordern Sie einen Anmeldelink per E-Mail an").click()
    _pruefen(page, "anmeldelink-anfordern", funde)
    page.get_by_label("E-Mail-Adresse Ihres Kontos").fill("erika@example.org")
    page.get_by_role("button", name="Anmeldelink senden").click()
    expect(page.get_by_role("status")).to_contain_text("Wenn zu dieser Adresse ein Konto besteht")
    _pruefen(page, "anmeldelink-gesendet", funde)

    (nachricht,) = mail.outbox
    page.goto(link_aus(nachricht.body))
    _pruefen(page, "anmeldelink", funde)
    page.get_by_role("button", name="Jetzt anmelden").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Sie sind angemeldet.")
    page.goto(link_aus(nachricht.body))
    expect(page.locator("h1")).to_have_text("Dieser Anmeldelink gilt nicht (mehr)")
    _pruefen(page, "anmeldelink-ungueltig", funde)
    assert not funde, "\n\n".join(funde)
    wache.pruefen()
