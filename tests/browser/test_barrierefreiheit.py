"""Accessibility (issue 6): axe-core with the WCAG 2.1 A/AA rules on every page a submitter
sees, with no request to another host and no CSP violation in the browser."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import SteckbriefFactory, final_vollstaendig
from tests.seiten import OEFFENTLICH, einreicher_seiten

from .wache import Wache, axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _anmelden(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _pruefen(page, url, funde):
    verstoesse = axe_pruefen(page)
    if verstoesse:
        funde.append(verstoesse_text(url, verstoesse))


def test_public_pages_have_no_axe_violations(page, live_server):
    wache = Wache(page, live_server.url)
    funde = []
    for url in OEFFENTLICH:
        response = page.goto(url)
        assert response.status == 200, url
        _pruefen(page, url, funde)
    # the login form with an error shown
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    _pruefen(page, "/konto/login/ (Fehler)", funde)
    assert not funde, "\n\n".join(funde)
    wache.pruefen()


def test_submitter_pages_have_no_axe_violations(page, live_server):
    wache = Wache(page, live_server.url)
    user, entwurf, seiten = einreicher_seiten()
    _anmelden(page, live_server, user)

    funde = []
    for url in seiten:
        response = page.goto(url)
        assert response.status == 200, url
        _pruefen(page, url, funde)

    # the existing Steckbrief with validation errors shown
    page.goto(reverse("steckbriefe:bearbeiten", kwargs={"pk": entwurf.pk}))
    page.get_by_label("Gesamtvolumen (EUR)").fill("zwei Millionen")
    page.get_by_label("Geplanter Beginn (Monat/Jahr)").fill("13/2026")
    page.get_by_role("button", name="Entwurf speichern").first.click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 2
    _pruefen(page, "Formular mit Fehlern", funde)
    assert not funde, "\n\n".join(funde)
    wache.pruefen()


def test_admin_scoring_and_ranking_pages_have_no_axe_violations(page, live_server):
    import datetime

    from django.utils import timezone

    from bewertung import services as bewertung_services
    from handlungsfelder.models import Prozessphase
    from steckbriefe.models import Status, Steckbrief
    from tests.factories import geschaeftsstelle, wirtschaftsfoerderung

    wache = Wache(page, live_server.url)
    heute = timezone.localdate()
    Prozessphase.objects.filter(code="bewertung").update(
        beginn=heute - datetime.timedelta(days=1), ende=heute + datetime.timedelta(days=30)
    )
    wf = wirtschaftsfoerderung("14524")
    gs = geschaeftsstelle()
    sb = final_vollstaendig(SteckbriefFactory(titel="Reallabor Zwickau", gebiete=["14524"]))
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.FINAL_EINGEREICHT)
    bewertung_services.zuweisen(sb)

    funde = []
    _anmelden(page, live_server, wf)
    for url in ["/admin/login/", f"/admin/steckbriefe/steckbrief/{sb.pk}/bewerten/"]:
        response = page.goto(url)
        assert response.status == 200, url
        _pruefen(page, url, funde)
    page.context.clear_cookies()
    _anmelden(page, live_server, gs)
    for url in ["/admin/bewertung/rangliste/"]:
        response = page.goto(url)
        assert response.status == 200, url
        _pruefen(page, url, funde)
    assert not funde, "\n\n".join(funde)
    wache.pruefen()
