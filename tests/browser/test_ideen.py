"""In the browser (issue 16): a new person registers without an Organisation, creates an
idea in the open Ideenwettbewerb, invites a co-entrant, submits, sees the status and
downloads the PDF. Screenshots at 1280 and 390 px under /tmp/shots/ideen/."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from ideen.models import Idee, IdeeEinladung, Status
from konten.models import Mitgliedschaft
from tests.factories import ideenaufruf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORT = "Sensorhaut-Greifer-2026"
SCHUSS = Path("/tmp/shots/ideen")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _link_aus(nachricht, live_server) -> str:
    link = re.search(r"https?://\S+", nachricht.body).group(0)
    return re.sub(r"^https?://[^/]+", live_server.url, link)


def _schuesse(page, name: str) -> None:
    SCHUSS.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):
        page.set_viewport_size({"width": breite, "height": 900})
        page.screenshot(path=str(SCHUSS / f"{name}-{breite}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_new_person_submits_an_idea_without_organisation(page, live_server, celery_eager):
    aufruf = ideenaufruf(
        slug="industrie-neu-denken-runde-2", name="Industrie.Neu.Denken – Runde 2", ende=12
    )

    # --- the home page shows the open call with its countdown -------------------------------
    page.goto("/")
    karte = page.locator("article", has_text="Industrie.Neu.Denken – Runde 2")
    expect(karte).to_contain_text("noch 12 Tage")
    _schuesse(page, "startseite")
    karte.get_by_role("link", name="Industrie.Neu.Denken – Runde 2", exact=True).click()
    expect(page.locator("h1")).to_have_text("Industrie.Neu.Denken – Runde 2")
    expect(page.locator("#aufruf-stand")).to_contain_text("Einzelpersonen und Teams")
    _schuesse(page, "aufruf")

    # --- register and confirm the address ---------------------------------------------------
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Registrieren"
    ).click()
    page.wait_for_url(re.compile(r"/konto/signup/"))
    page.get_by_label("E-Mail-Adresse").fill("mia@example.org")
    page.get_by_label("Vorname").fill("Mia")
    page.get_by_label("Nachname").fill("Schubert")
    page.get_by_label("Passwort*", exact=True).fill(PASSWORT)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORT)
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url(re.compile(r"/konto/"))
    page.goto(_link_aus(mail.outbox[-1], live_server))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state()

    # --- a new idea, no Organisation ----------------------------------------------------------
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Meine Ideen"
    ).click()
    page.wait_for_url(re.compile(r"/ideen/$"))
    page.get_by_role("link", name="Neue Idee für „Industrie.Neu.Denken – Runde 2“").click()
    page.get_by_label("Titel *").fill("Sensorhaut für Greifer")
    page.get_by_label("Ihre Idee in einem Satz *").fill(
        "Eine gedruckte Folie gibt Greifern Tastsinn."
    )
    page.get_by_label("Problem und Zielmarkt / Zukunftsmarkt *").fill(
        "Empfindliche Teile lassen sich nicht automatisch greifen; der Markt wächst."
    )
    page.get_by_label("Lösung und Neuheit *").fill("Sensorfolie im Rolle-zu-Rolle-Druck.")
    page.get_by_label("Reifegrad (TRL) *").select_option("4")
    page.get_by_label("Name, Zeile 1").fill("Mia Schubert")
    page.get_by_label("Rolle, Zeile 1").fill("Konstruktion")
    page.get_by_label("Name, Zeile 2").fill("Theo Tüftler")
    page.get_by_label("Rolle, Zeile 2").fill("Forschung")
    page.get_by_label("Bezug zur Region: Gebietskörperschaft").select_option(label="Stadt Chemnitz")
    page.get_by_label("Bezug zur Region *").fill("Entstanden an der TU Chemnitz.")
    page.get_by_label("Pitch-Deck (optional)").set_input_files(
        {"name": "Deck.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _schuesse(page, "formular")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(re.compile(r"/ideen/\d+/$"))
    expect(page.locator("#status")).to_contain_text("Entwurf")
    idee = Idee.objects.get()
    assert idee.eigentuemer.email == "mia@example.org" and idee.pitchdeck_name == "Deck.pdf"
    assert not Mitgliedschaft.objects.filter(user=idee.eigentuemer).exists()

    # --- autosave while editing: the typed input survives leaving the page -----------------
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("Unterstützungsbedarf").fill("Pilotkunden aus der Textilindustrie.")
    expect(page.locator("#zwischenspeichern-status")).to_contain_text(
        "Zwischengespeichert um", timeout=10_000
    )
    page.goto(idee.get_absolute_url())
    page.get_by_role("link", name="Bearbeiten").click()
    expect(page.locator("#zwischenstand")).to_contain_text("sind wiederhergestellt")
    expect(page.get_by_label("Unterstützungsbedarf")).to_have_value(
        "Pilotkunden aus der Textilindustrie."
    )
    _schuesse(page, "bearbeiten")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(re.compile(r"/ideen/\d+/$"))
    expect(page.locator("body")).to_contain_text("Pilotkunden aus der Textilindustrie.")

    # --- invite a co-entrant ------------------------------------------------------------------
    page.get_by_label("E-Mail-Adresse der Person").fill("theo@example.org")
    page.get_by_role("button", name="Zur Mitwirkung einladen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Die Einladung an theo@example.org ist versendet."
    )
    assert IdeeEinladung.objects.filter(idee=idee, email="theo@example.org").exists()
    assert any(m.to == ["theo@example.org"] for m in mail.outbox)

    # --- submit ---------------------------------------------------------------------------
    page.get_by_role("link", name="Prüfen und einreichen").click()
    expect(page.locator("body")).to_contain_text("Theo Tüftler – Forschung")
    _schuesse(page, "einreichen")
    page.get_by_role("button", name="Jetzt verbindlich einreichen").click()
    page.wait_for_url(re.compile(r"/ideen/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("ist eingereicht")
    expect(page.locator("#status")).to_contain_text("Eingereicht")
    _schuesse(page, "detail")
    idee.refresh_from_db()
    assert idee.status == Status.EINGEREICHT
    assert any("Eingangsbestätigung: Idee" in m.subject for m in mail.outbox)

    # --- the PDF ------------------------------------------------------------------------------
    with page.expect_download() as laden:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    inhalt = Path(laden.value.path()).read_bytes()
    assert inhalt.startswith(b"%PDF") and laden.value.suggested_filename == f"idee-{idee.pk}.pdf"

    # --- the list -----------------------------------------------------------------------------
    page.get_by_role("link", name="Meine Ideen").first.click()
    expect(page.get_by_role("table")).to_contain_text("Sensorhaut für Greifer")
    expect(page.get_by_role("table")).to_contain_text("Eingereicht")
    _schuesse(page, "meine-ideen")
    assert Idee.objects.get().aufruf == aufruf


def test_ideen_pages_have_no_axe_violations(page, live_server):
    """axe-core (WCAG 2.1 A/AA), no request to another host, no CSP violation: the call
    page, Meine Ideen, the form (empty, with errors, with restored input), the detail page,
    the submit confirmation and the invitation."""
    from django.test import Client
    from django.urls import reverse

    from ideen import services
    from ideen.models import IdeeZwischenstand
    from tests.factories import UserFactory, idee

    from .wache import Wache, axe_pruefen, verstoesse_text

    aufruf = ideenaufruf(slug="runde-2", name="Industrie.Neu.Denken – Runde 2")
    user = UserFactory(first_name="Mia", last_name="Schubert")
    eigene = idee(aufruf, user)
    eigene.mitwirkende.create(user=UserFactory())
    services.einladen(eigene, user, "theo@example.org")
    eingereicht = idee(aufruf, user, titel="Eingereicht", status=Status.EINGEREICHT)
    fremd = idee(aufruf, UserFactory())
    einladung = services.einladen(fremd, fremd.eigentuemer, user.email)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    wache = Wache(page, live_server.url)
    funde = []

    def pruefen(name):
        verstoesse = axe_pruefen(page)
        if verstoesse:
            funde.append(verstoesse_text(name, verstoesse))

    for url in [
        "/",
        aufruf.get_absolute_url(),
        reverse("aufruf", args=["industrie-neu-denken-2026"]),  # closed
        reverse("ideen:liste"),
        reverse("ideen:neu", args=[aufruf.slug]),
        reverse("ideen:bearbeiten", args=[eigene.pk]),
        eigene.get_absolute_url(),
        eingereicht.get_absolute_url(),
        reverse("ideen:einreichen", args=[eigene.pk]),
        einladung.get_absolute_url(),
    ]:
        antwort = page.goto(url)
        assert antwort.status == 200, url
        pruefen(url)

    page.goto(reverse("ideen:neu", args=[aufruf.slug]))
    page.get_by_label("Ihre Idee in einem Satz *").fill("x" * 5)
    page.get_by_label("Name, Zeile 1").fill("www.spam.de")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state()
    expect(page.locator("#fehlerliste")).to_be_focused()
    pruefen("Formular mit Fehlern")

    IdeeZwischenstand.objects.create(
        idee=eigene, user=user, daten={"titel": ["Getippt"]}, revision=eigene.revision
    )
    page.goto(reverse("ideen:bearbeiten", args=[eigene.pk]))
    expect(page.locator("#zwischenstand")).to_be_visible()
    pruefen("Formular mit wiederhergestellten Eingaben")
    assert not funde, "\n\n".join(funde)
    wache.pruefen()
