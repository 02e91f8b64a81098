"""In the browser: an invited colleague registers from the invitation link and joins."""

import re

import pytest
from playwright.sync_api import expect

from konten.models import Einladung, Mitgliedschaft
from tests.factories import OrganisationFactory, mitglied

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORT = "Wasserstoff-Reallabor-2026"


def test_invited_colleague_registers_and_joins(page, live_server):
    organisation = OrganisationFactory(name="Stadtwerke Zwickau GmbH")
    erika = mitglied(organisation, first_name="Erika", last_name="Muster")
    einladung = Einladung.objects.create(
        organisation=organisation, email="nora@stadtwerke.example", eingeladen_von=erika
    )

    page.goto(einladung.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Einladung zur Organisation „Stadtwerke Zwickau GmbH“")
    page.get_by_role("link", name="Registrieren").last.click()
    page.wait_for_url(re.compile(r"/konto/signup/"))
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("nora@stadtwerke.example")
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_label("Nachname").fill("Neu")
    page.get_by_label("Passwort*", exact=True).fill(PASSWORT)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORT)
    page.get_by_role("button", name="Registrieren").click()

    page.wait_for_url(re.compile(re.escape(einladung.get_absolute_url()) + "$"))
    page.get_by_role("button", name="Einladung annehmen").click()
    page.wait_for_url(re.compile(r"/konto/organisation/$"))
    expect(page.get_by_role("status")).to_contain_text("Sie gehören jetzt zur Organisation")
    mitglieder = page.get_by_role("table", name="Mitglieder der Organisation")
    expect(mitglieder).to_contain_text("Erika Muster")
    expect(mitglieder).to_contain_text("Nora Neu")
    assert Mitgliedschaft.objects.filter(
        user__email="nora@stadtwerke.example", organisation=organisation
    ).exists()
