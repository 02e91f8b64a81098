"""Issue 17 in Chromium: an opted-in submitter finds a similar Vorhaben in the
Kooperationsbörse and sends a contact request; the Geschäftsstelle bundles two and both
submitters get a mail; the Lenkungskreis account sees the portfolio heat map (reachable by
keyboard, with its data table) and nothing it may not. axe (WCAG 2.1 A/AA) on the pages, no
foreign request, no CSP violation; screenshots at 1280 and 390 px under
/tmp/shots/kooperation/. (Here, not in tests/kooperation/: one Playwright per session, the
`browser` fixture of this folder's conftest.)"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from handlungsfelder.models import Zieldimension
from kooperation import berechnung
from kooperation.models import Kooperationsprofil, Zusammenhang
from portfolio.regeln import LENKUNGSKREIS
from steckbriefe.models import Status, Steckbrief
from tests.factories import SteckbriefFactory, UserFactory, geschaeftsstelle, mitglied
from tests.kooperation.helfer import eingereicht

from .wache import Wache, axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BILDER = Path("/tmp/shots/kooperation")


def _anmelden(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _bilder(page, name):
    BILDER.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):
        page.set_viewport_size({"width": breite, "height": 900})
        page.screenshot(path=str(BILDER / f"{name}-{breite}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _axe(page, funde):
    verstoesse = axe_pruefen(page)
    if verstoesse:
        funde.append(verstoesse_text(page.url, verstoesse))


def test_contact_request_and_bundling(page, live_server):
    wache = Wache(page, live_server.url)
    sbs = {n: eingereicht(n, ansprechperson_email=f"kontakt{n}@example.org") for n in [5, 6]}
    for n in [1, 2, 3, 7, 9, 41]:
        eingereicht(n)
    leute = {n: mitglied(sbs[n].organisation, email=f"mitglied{n}@example.org") for n in sbs}
    for n, angebot in [(5, ""), (6, "Erfahrung mit Wärmeübergabestationen in Gießereien")]:
        type(sbs[n]).objects.filter(pk=sbs[n].pk).update(oeffentlich_listen=True)
        Kooperationsprofil.objects.create(steckbrief=sbs[n], kontakt_erlaubt=True, angebot=angebot)
    berechnung.alle_neu_berechnen()
    funde = []

    _anmelden(page, live_server, leute[5])
    page.goto(reverse("kooperation:boerse", args=[sbs[5].pk]))
    eintrag = page.locator("li", has_text=sbs[6].titel).first
    assert "Erfahrung mit Wärmeübergabestationen" in eintrag.inner_text()
    assert "Gemeinsame Begriffe" in eintrag.inner_text()
    _axe(page, funde)
    _bilder(page, "boerse")
    eintrag.get_by_role("link", name="Kontakt aufnehmen").click()
    page.get_by_label("Ihre Nachricht").fill(
        "Wir planen dasselbe in Zwickau – tauschen wir uns aus?"
    )
    _axe(page, funde)
    _bilder(page, "kontakt")
    page.get_by_role("button", name="Nachricht senden").click()
    page.get_by_text("ist unterwegs").wait_for()
    assert "mitglied6@example.org" not in page.content()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["kontakt6@example.org", "mitglied6@example.org"]
    assert "tauschen wir uns aus?" in mail.outbox[0].body

    _anmelden(page, live_server, geschaeftsstelle())
    page.goto(reverse("kooperation:buendelung"))
    _axe(page, funde)
    _bilder(page, "buendelung")
    paar = page.locator("div.border", has_text=sbs[6].titel).filter(has_text=sbs[5].titel).first
    paar.get_by_label("bündeln", exact=True).check()
    paar.get_by_label("Begründung").fill("Gleiche Abwärmenutzung, ein Netzbetreiber genügt")
    paar.get_by_label("Beide Einreichenden per E-Mail benachrichtigen").check()
    paar.get_by_role("button", name="Speichern").click()
    page.get_by_text("Beide Einreichenden werden per E-Mail benachrichtigt").wait_for()
    assert Zusammenhang.objects.get().urteil == "buendeln"
    empfaenger = sorted(tuple(sorted(m.to)) for m in mail.outbox[1:])
    assert empfaenger == [
        ("kontakt5@example.org", "mitglied5@example.org"),
        ("kontakt6@example.org", "mitglied6@example.org"),
    ]
    assert not funde, "\n\n".join(funde)
    wache.pruefen()


def test_lenkungskreis_sees_the_heat_map_and_nothing_else(page, live_server):
    wache = Wache(page, live_server.url)
    for i, (ziele, gebiete, art) in enumerate(
        [
            (["HF1.1", "HF1.4"], ["14524"], "investition"),
            (["HF1.1"], ["14511", "14524"], "netzwerk"),
            (["HF2.1"], ["14521"], "fue"),
            (["HF4.2", "HF4.3"], ["14523"], "qualifizierung"),
            (["HF4.2"], ["14522"], "qualifizierung"),
        ]
    ):
        sb = SteckbriefFactory(
            gebiete=gebiete, foerdermittel=Decimal(400_000 * (i + 1)), vorhabenart=art
        )
        sb.zieldimensionen.set(Zieldimension.objects.filter(code__in=ziele))
        Steckbrief.objects.filter(pk=sb.pk).update(
            status=Status.FINAL_EINGEREICHT,
            final_eingereicht_am=timezone.now(),
            entscheidung="priorisiert" if i % 2 == 0 else "",
        )
    user = UserFactory()
    user.groups.add(Group.objects.get(name=LENKUNGSKREIS))
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(reverse("portfolio:uebersicht"))
    heatmap = page.get_by_role("img", name="Vorhaben je Zieldimension und Gebietskörperschaft")
    assert heatmap.is_visible()
    assert page.get_by_role("table", name="Vorhaben, beantragte Fördermittel").is_visible()
    # Keyboard: Tab from the filter button reaches the heat map.
    page.get_by_role("button", name="Anzeigen").focus()
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.id") == ""
        and page.evaluate("document.activeElement.tagName").lower() == "svg"
    )
    verstoesse = axe_pruefen(page)
    assert not verstoesse, verstoesse_text(page.url, verstoesse)
    BILDER.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):
        page.set_viewport_size({"width": breite, "height": 900})
        page.screenshot(path=str(BILDER / f"portfolio-{breite}.png"), full_page=True)
    # Nothing it may not: no Steckbrief, no admin, no export.
    for url in [
        reverse("steckbriefe:detail", args=[Steckbrief.objects.first().pk]),
        reverse("kooperation:buendelung"),
        "/admin/",
    ]:
        antwort = page.goto(url)
        assert antwort.status in {403, 404} or "/login/" in page.url, url
    wache.pruefen()


def test_a_reviewer_sees_similar_steckbriefe_with_reasons_on_the_scoring_page(page, live_server):
    from bewertung import services as bewertung_services
    from tests.factories import wirtschaftsfoerderung

    wache = Wache(page, live_server.url)
    sb = eingereicht(5)
    kopie = eingereicht(
        6, titel="Nahwärmenetz Wilkau-Haßlau mit Abwärme aus der Industrie", gebiete=["14524"]
    )
    fremd = eingereicht(6)  # Erzgebirge: outside the Zwickau reviewer's scope
    for n in [1, 2, 3, 9, 41]:
        eingereicht(n)
    berechnung.alle_neu_berechnen()
    bewertung_services.zuweisen(sb)
    _anmelden(page, live_server, wirtschaftsfoerderung("14524"))
    page.goto(f"/admin/steckbriefe/steckbrief/{sb.pk}/bewerten/")
    panel = page.locator("#aehnliche-vorhaben")
    assert panel.get_by_role("heading", name="Ähnliche Vorhaben").is_visible()
    eintrag = panel.locator("li", has_text=kopie.titel).first
    assert "Gemeinsame Begriffe:" in eintrag.inner_text()
    assert "Gleiche Zieldimension(en): HF1.2, HF5.1" in eintrag.inner_text()
    assert fremd.titel not in panel.inner_text()
    assert "außerhalb Ihrer Einsicht" in panel.inner_text()
    verstoesse = axe_pruefen(page)
    assert not verstoesse, verstoesse_text(page.url, verstoesse)
    BILDER.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):  # the Steckbrief column scrolls by itself: the panel alone
        page.set_viewport_size({"width": breite, "height": 900})
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(BILDER / f"bewerten-panel-{breite}.png"))
    wache.pruefen()


def test_the_public_projektpipeline(page, live_server):
    wache = Wache(page, live_server.url)
    for n in [5, 1, 9, 41, 21]:
        sb = eingereicht(n)
        type(sb).objects.filter(pk=sb.pk).update(oeffentlich_listen=True)
    eingereicht(6)  # without consent
    page.goto(reverse("portfolio:projektpipeline"))
    assert page.get_by_role(
        "heading", name="Wärmenetz Zwickau-Nord mit industrieller Abwärme"
    ).is_visible()
    assert "Nahwärmenetz Annaberg" not in page.content()
    page.get_by_label("Region").select_option(label="Landkreis Zwickau")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_load_state()
    assert "Stadt Chemnitz" not in page.locator("main ul.list-unstyled").inner_text()
    verstoesse = axe_pruefen(page)
    assert not verstoesse, verstoesse_text(page.url, verstoesse)
    page.goto(reverse("portfolio:projektpipeline"))
    _bilder(page, "projektpipeline")
    wache.pruefen()
