"""The whole submitter journey in the browser: register → confirm the e-mail address →
create the Organisation → fill a vorläufigen Steckbrief (autosave on the way) → submit →
final phase → complete → submit final → status and the diff of the two versions.

Time: the phases are moved in the database (what the Geschäftsstelle does in the admin
under "Phasen"), not the clock. The live server runs in this process, but the browser has
its own clock, and moving the phase dates is exactly how the portal is meant to be steered.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from handlungsfelder.models import Prozessphase
from steckbriefe.models import Status, Steckbrief

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORT = "Wasserstoff-Reallabor-2026"


def phasen_so_legen(aktuell: str):
    """Put today into the phase `aktuell` ('vorlaeufig' or 'final')."""
    heute = timezone.localdate()
    tag = datetime.timedelta(days=1)
    if aktuell == "vorlaeufig":
        daten = {
            "vorlaeufig": (heute - 10 * tag, heute + 20 * tag),
            "final": (heute + 21 * tag, heute + 60 * tag),
            "bewertung": (heute + 61 * tag, heute + 120 * tag),
        }
    else:
        daten = {
            "vorlaeufig": (heute - 40 * tag, heute - tag),
            "final": (heute, heute + 30 * tag),
            "bewertung": (heute + 31 * tag, heute + 90 * tag),
        }
    for code, (beginn, ende) in daten.items():
        Prozessphase.objects.filter(code=code).update(beginn=beginn, ende=ende)


def test_register_submit_vorlaeufig_then_final_and_see_the_diff(page, live_server, celery_eager):
    phasen_so_legen("vorlaeufig")

    # --- register and confirm the address --------------------------------------------------
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Registrieren"
    ).click()
    page.wait_for_url(re.compile(r"/konto/signup/"))
    page.get_by_label("E-Mail-Adresse").fill("nora@stadtwerke-plauen.example")
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_label("Nachname").fill("Neu")
    page.get_by_label("Passwort*", exact=True).fill(PASSWORT)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORT)
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url(re.compile(r"/konto/"))
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.get_by_role("button", name="Bestätigen").click()

    # --- create the Organisation ------------------------------------------------------------
    page.wait_for_url(re.compile(r"/konto/organisation/anlegen/"))
    page.get_by_label("Name der Organisation").fill("Stadtwerke Plauen GmbH")
    page.get_by_label("Organisationstyp").select_option(label="Unternehmen")
    page.get_by_label("Straße und Hausnummer").fill("Neundorfer Str. 4")
    page.get_by_label("PLZ").fill("08523")
    page.get_by_label("Ort").fill("Plauen")
    page.get_by_role("button", name=re.compile("anlegen")).click()

    # --- a new Steckbrief, vorläufig --------------------------------------------------------
    page.wait_for_url(re.compile(r"/steckbriefe/$"))
    page.get_by_role("link", name="Neuer Steckbrief").click()
    page.wait_for_url(re.compile(r"/steckbriefe/neu/"))
    expect(page.get_by_label("Ansprechperson: Name")).to_have_value("Nora Neu")
    page.get_by_label("Projekttitel").fill("Wasserstoff-Busse im Vogtland")
    page.get_by_label("Kurzbeschreibung", exact=True).fill(
        "Zehn Wasserstoffbusse für den Stadtverkehr."
    )
    expect(page.locator("#id_kurzbeschreibung_zeichen")).to_have_text("43 von 1000 Zeichen")
    # The first autosave creates the draft; the address changes to the edit form.
    expect(page.locator("#autosave-status")).to_contain_text("zwischengespeichert", timeout=10_000)
    page.wait_for_url(re.compile(r"/steckbriefe/\d+/bearbeiten/"))
    sb = Steckbrief.objects.get(titel="Wasserstoff-Busse im Vogtland")

    zieldimension = page.get_by_label(
        "HF2.1 Leistungsfähige Energie- und Digitalinfrastruktur schaffen"
    )
    expect(zieldimension).to_be_hidden()  # no Handlungsfeld chosen yet
    page.get_by_role("group", name="Federführendes Handlungsfeld").get_by_label(
        "HF2 Infrastruktur und Mobilität"
    ).check()
    expect(zieldimension).to_be_visible()
    page.get_by_role("group", name="Standort(e): Gebietskörperschaft(en)").get_by_label(
        "Vogtlandkreis"
    ).check()
    page.get_by_label("Datenschutzhinweise zur Kenntnis genommen").check()
    page.get_by_role("button", name="Vorläufig einreichen").click()

    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("„Vorläufig einreichen“ ist erfolgt")
    expect(page.locator("h1 + p .badge")).to_have_text("Vorläufig eingereicht")
    assert any("Eingangsbestätigung: vorläufiger" in m.subject for m in mail.outbox)

    # --- final phase: complete and submit ----------------------------------------------------
    phasen_so_legen("final")
    page.get_by_role("link", name="Meine Steckbriefe").first.click()
    page.get_by_role("button", name=re.compile("Zum finalen Steckbrief vervollständigen")).click()
    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/bearbeiten/"))
    page.get_by_label("Kurzbeschreibung", exact=True).fill(
        "Zehn Wasserstoffbusse und eine Tankstelle für den Stadtverkehr."
    )
    page.get_by_label("Vorhabenart").select_option(label="Investition / Infrastruktur")
    zieldimension.check()
    for label, text in [
        ("Ausgangssituation und Handlungsbedarf", "Dieselbusse müssen ersetzt werden."),
        ("Ziele (konkret, überprüfbar)", "Bis 2029 fahren zehn Busse emissionsfrei."),
        ("Kernansatz und Maßnahmen (Handlungskonzept)", "Beschaffung, Tankstelle, Schulung."),
        ("Bezug zur Transformation der Region", "Neue Wertschöpfung im Wasserstoffcluster."),
        ("Zusatzeffekt", "Ohne Förderung nicht wirtschaftlich."),
        ("Überregionale Strahlkraft", "Vorbild für Mittelstädte."),
        ("Nachhaltigkeit / Verstetigung nach Projektende", "Betrieb über Fahrgeldeinnahmen."),
        ("Finanzierungsplan", "2027: 3 Mio. €, 2028: 2,5 Mio. €"),
    ]:
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Reifegrad").select_option(label="Konzept liegt vor")
    page.get_by_label("Geplanter Beginn (Monat/Jahr)").fill("01/2027")
    page.get_by_label("Geplantes Ende (Monat/Jahr)").fill("12/2029")
    zeile = page.get_by_role("group", name="Meilenstein 1")
    zeile.get_by_label("Meilenstein*").fill("Erste Busse im Einsatz")
    zeile.get_by_label("Termin (Monat/Jahr)*").fill("06/2028")
    page.get_by_label("Gesamtvolumen (EUR)").fill("5.500.000")
    page.get_by_label("davon beantragte/benötigte Fördermittel (EUR)").fill("4000000,00")
    page.get_by_role("button", name="Final einreichen").click()

    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/$"))
    expect(page.locator("h1 + p .badge")).to_have_text("Final eingereicht")
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    assert str(sb.gesamtvolumen) == "5500000.00"

    # --- versions and the diff ---------------------------------------------------------------
    page.get_by_role("link", name="Versionen (2)").click()
    page.get_by_role("link", name="Änderungen gegenüber Version 1").click()
    expect(page.locator("h1")).to_have_text("Änderungen von Version 1 zu Version 2")
    kurz = page.get_by_role("region", name="Kurzbeschreibung")
    expect(kurz.locator("ins")).to_contain_text(["und eine Tankstelle"])
    expect(page.get_by_role("region", name="Meilensteine").locator("ins")).to_contain_text(
        ["Erste Busse im Einsatz"]
    )
