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
    page.goto(_link_aus(mail.outbox[0], live_server))
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
    # the preview and confirmation (issue 12)
    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/einreichen/"))
    page.get_by_label(re.compile("Ich habe die Angaben geprüft")).check()
    page.get_by_role("button", name="Jetzt final einreichen").click()

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


def _registrieren(page, live_server, email, vorname, nachname):
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Vorname").fill(vorname)
    page.get_by_label("Nachname").fill(nachname)
    page.get_by_label("Passwort*", exact=True).fill(PASSWORT)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORT)
    page.get_by_role("button", name="Registrieren").click()


def _link_aus(nachricht, live_server) -> str:
    link = re.search(r"https?://\S+", nachricht.body).group(0)
    return re.sub(r"^https?://[^/]+", live_server.url, link)


def test_the_whole_journey_with_help_preview_pdf_and_account_deletion(
    page, browser, live_server, celery_eager
):
    """Issue 12, done when: register → organisation → invite → fill with help → preview →
    submit → PDF → delete account → the colleague still works."""
    from konten.models import User

    phasen_so_legen("final")

    # --- the home page leads to the registration ---------------------------------------------
    page.goto("/")
    expect(page.locator("#countdown")).to_contain_text("bis zum Ende der Phase")
    page.get_by_role("link", name="Registrieren und Steckbrief anlegen").click()
    page.wait_for_url(re.compile(r"/konto/signup/"))
    _registrieren(page, live_server, "nora@stadtwerke-plauen.example", "Nora", "Neu")
    page.wait_for_url(re.compile(r"/konto/"))
    page.goto(_link_aus(mail.outbox[-1], live_server))
    page.get_by_role("button", name="Bestätigen").click()

    # --- organisation ------------------------------------------------------------------------
    page.wait_for_url(re.compile(r"/konto/organisation/anlegen/"))
    page.get_by_label("Name der Organisation").fill("Stadtwerke Plauen GmbH")
    page.get_by_label("Organisationstyp").select_option(label="Unternehmen")
    page.get_by_label("Straße und Hausnummer").fill("Neundorfer Str. 4")
    page.get_by_label("PLZ").fill("08523")
    page.get_by_label("Ort").fill("Plauen")
    page.get_by_role("button", name=re.compile("anlegen")).click()
    page.wait_for_url(re.compile(r"/steckbriefe/$"))

    # --- invite a colleague, who registers in another browser and joins ------------------------
    page.get_by_role("link", name="Meine Organisation").click()
    page.get_by_label("E-Mail-Adresse der Kollegin oder des Kollegen").fill(
        "kai@stadtwerke-plauen.example"
    )
    page.get_by_role("button", name="Einladung senden").click()
    einladung = _link_aus(mail.outbox[-1], live_server)
    kollege = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    kollege.set_default_timeout(15_000)
    kollege.goto(einladung)
    kollege.get_by_role("link", name="Registrieren").last.click()
    _registrieren(kollege, live_server, "kai@stadtwerke-plauen.example", "Kai", "Kollege")
    kollege.get_by_role("button", name="Einladung annehmen").click()
    expect(kollege.get_by_role("status").first).to_contain_text(
        "Sie gehören jetzt zur Organisation"
    )

    # --- a new Steckbrief, filled with the help at the fields ---------------------------------
    page.get_by_role("link", name="Meine Steckbriefe").first.click()
    page.get_by_role("link", name="Neuer Steckbrief").click()
    page.wait_for_url(re.compile(r"/steckbriefe/neu/"))
    expect(page.locator("text=zwischengespeichert (nur für Sie)")).to_be_visible()
    page.get_by_label("Projekttitel").fill("Wasserstoff-Busse im Vogtland")
    expect(page.locator("#autosave-status")).to_contain_text("zwischengespeichert", timeout=10_000)
    page.wait_for_url(re.compile(r"/steckbriefe/\d+/bearbeiten/"))
    sb = Steckbrief.objects.get(titel="Wasserstoff-Busse im Vogtland")
    page.reload()  # the draft's own page, with its number (the input was kept)
    expect(page.locator(".steckbrief-nummer").first).to_contain_text(f"Nr. {sb.pk}")
    expect(page.get_by_label("Projekttitel")).to_have_value("Wasserstoff-Busse im Vogtland")

    hilfe = page.locator("#hilfe-zusatzeffekt")
    hilfe.get_by_text("Hilfe zu „Zusatzeffekt“").click()
    expect(hilfe).to_contain_text("ohne es, oder allein mit bestehenden Programmen")
    page.get_by_label("Kurzbeschreibung", exact=True).fill(
        "Zehn Wasserstoffbusse und eine Tankstelle."
    )
    page.get_by_label("Vorhabenart").select_option(label="Investition / Infrastruktur")
    page.get_by_role("group", name="Federführendes Handlungsfeld").get_by_label(
        "HF2 Infrastruktur und Mobilität"
    ).check()
    page.get_by_label("HF2.1 Leistungsfähige Energie- und Digitalinfrastruktur schaffen").check()
    page.get_by_role("group", name="Standort(e): Gebietskörperschaft(en)").get_by_label(
        "Vogtlandkreis"
    ).check()
    for label, text in [
        ("Ausgangssituation und Handlungsbedarf", "Dieselbusse müssen ersetzt werden."),
        ("Ziele (konkret, überprüfbar)", "Bis 2029 fahren zehn Busse emissionsfrei."),
        ("Kernansatz und Maßnahmen (Handlungskonzept)", "Beschaffung, Tankstelle, Schulung."),
        ("Bezug zur Transformation der Region", "Neue Wertschöpfung im Wasserstoffcluster."),
        ("Zusatzeffekt", "Ohne Förderung würden wieder Dieselbusse beschafft."),
        ("Überregionale Strahlkraft", "Vorbild für Mittelstädte in Sachsen und Thüringen."),
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
    page.get_by_label("Gesamtvolumen (EUR)").fill("5.500.000,50")
    page.get_by_label("Datenschutzhinweise zur Kenntnis genommen").check()
    # "Was noch fehlt" follows the form on screen
    expect(page.locator("[data-alles-da]")).to_be_visible()

    # --- preview, confirmation, submission ------------------------------------------------------
    page.get_by_role("button", name="Final einreichen").click()
    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/einreichen/"))
    expect(page.locator("h1")).to_have_text("Final einreichen: Bitte prüfen")
    expect(page.locator("#was-passiert + ul")).to_contain_text(
        "die Wirtschaftsförderung Vogtlandkreis"
    )
    expect(page.locator("#inhalt-finanzierung + dl")).to_contain_text("5.500.000,50 €")
    page.get_by_role("button", name="Jetzt final einreichen").click()
    # not without the confirmation (the browser asks for it; the server would as well)
    expect(page).to_have_url(re.compile(rf"/steckbriefe/{sb.pk}/einreichen/$"))
    assert Steckbrief.objects.get(pk=sb.pk).status == Status.ENTWURF
    page.get_by_label(re.compile("Ich habe die Angaben geprüft")).check()
    page.get_by_role("button", name="Jetzt final einreichen").click()
    page.wait_for_url(re.compile(rf"/steckbriefe/{sb.pk}/$"))
    expect(page.locator("h1 + p .badge")).to_have_text("Final eingereicht")
    expect(page.get_by_role("region", name="Wie es weitergeht")).to_contain_text(
        "Die Wirtschaftsförderungen bewerten ihn"
    )
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT

    # --- the PDF ---------------------------------------------------------------------------------
    page.get_by_role("link", name="PDF erstellen").click()
    page.get_by_role("button", name="PDF erstellen").click()
    herunterladen = page.get_by_role("link", name="Herunterladen")
    expect(herunterladen).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        herunterladen.click()
    with open(download.value.path(), "rb") as datei:
        assert datei.read(5) == b"%PDF-"

    # --- Nora deletes her account; Kai goes on -----------------------------------------------------
    page.get_by_role("link", name="Meine Daten").click()
    page.get_by_role("link", name=re.compile("Konto löschen")).first.click()
    page.get_by_label("Ihr Passwort").fill(PASSWORT)
    page.get_by_label(re.compile("Ich möchte mein Konto endgültig löschen")).check()
    page.get_by_role("button", name="Konto endgültig löschen").click()
    page.wait_for_load_state()
    assert not User.objects.filter(email="nora@stadtwerke-plauen.example").exists()

    kollege.goto("/steckbriefe/")
    kollege.get_by_role("link", name="Wasserstoff-Busse im Vogtland", exact=True).click()
    expect(kollege.locator("#ansprechperson-geloescht")).to_contain_text(
        "Die Ansprechperson hat ihr Konto gelöscht"
    )
    kollege.get_by_role("link", name=re.compile(r"^Versionen \(1\)")).click()
    expect(kollege.locator("h1")).to_have_text("Versionen")
    expect(kollege.locator("main")).to_contain_text("gelöschtes Konto")
    kollege.context.close()
