"""Accessibility of the admin pages a Wirtschaftsförderung and the Geschäftsstelle use
(issue 13, item 7): axe-core with the WCAG 2.1 A/AA rules reports no violation on the
index, the Steckbrief list and form, the scoring page, the Bewertungen, Zuweisungen and
Kataloge lists and forms, the progress page, the ranking, and the intermediate and
confirmation pages of the actions; no request leaves the live server, no CSP violation."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from bewertung import services
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog
from handlungsfelder.models import Prozessphase
from steckbriefe.models import Status, Steckbrief
from tests.factories import (
    SteckbriefFactory,
    final_vollstaendig,
    geschaeftsstelle,
    wirtschaftsfoerderung,
)

from .wache import Wache, axe_pruefen, verstoesse_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTE = "/admin/steckbriefe/steckbrief/"


def _anmelden(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


class Pruefung:
    def __init__(self, page, wache):
        self.page, self.wache = page, wache
        self.funde: list[str] = []
        self.geprueft: list[str] = []

    def jetzt(self, name: str):
        self.page.wait_for_load_state()
        # axe's own preloading of the style sheets trips the CSP on some pages (reported
        # from the evaluated script, not the page): what is logged while axe runs is axe's.
        vorher = len(self.wache.csp_meldungen)
        verstoesse = axe_pruefen(self.page)
        del self.wache.csp_meldungen[vorher:]
        self.geprueft.append(name)
        if verstoesse:
            self.funde.append(verstoesse_text(name, verstoesse))

    def seite(self, url: str):
        antwort = self.page.goto(url)
        assert antwort.status == 200, url
        self.jetzt(url)

    def aktion(self, liste: str, aktion: str, auswahl: list[int], name: str):
        """The intermediate page of an admin action on the selected rows of `liste`."""
        self.page.goto(liste)
        for pk in auswahl:
            self.page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
        self.page.locator('select[name="action"]').first.select_option(aktion)
        self.page.locator('button[name="index"]').first.click()
        self.page.wait_for_load_state()
        assert self.page.locator("#content-main form").count() >= 1, name
        self.jetzt(name)


def _daten():
    heute = timezone.localdate()
    Prozessphase.objects.filter(code="bewertung").update(
        beginn=heute - datetime.timedelta(days=1), ende=heute + datetime.timedelta(days=30)
    )
    wf = wirtschaftsfoerderung("14524", email="wf@example.org")
    gs = geschaeftsstelle(email="gs@example.org")
    steckbriefe = []
    for titel, gebiet in [("Reallabor Zwickau", "14524"), ("Datenplattform", "14524")]:
        sb = final_vollstaendig(SteckbriefFactory(titel=titel, gebiete=[gebiet]))
        Steckbrief.objects.filter(pk=sb.pk).update(status=Status.FINAL_EINGEREICHT)
        services.zuweisen(sb)
        steckbriefe.append(sb)
    offen, fertig = steckbriefe
    # One finalised Bewertung with a K.-o. score (the ranking's K.-o. row), one draft.
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    z = fertig.zuweisungen.get()
    b = Bewertung.objects.create(
        zuweisung=z,
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN,
        empfehlung="priorisieren",
    )
    Einzelbewertung.objects.bulk_create(
        Einzelbewertung(bewertung=b, kriterium=k, wert=0 if i == 0 else 4, begruendung="Weil.")
        for i, k in enumerate(kriterien)
    )
    from bewertung.aggregation import ergebnisse_aktualisieren, punkte_aktualisieren

    punkte_aktualisieren(Bewertung.objects.filter(pk=b.pk))
    Steckbrief.objects.filter(pk=fertig.pk).update(status=Status.BEWERTET)
    ergebnisse_aktualisieren(Bewertung.objects.filter(pk=b.pk))
    Bewertung.objects.create(zuweisung=offen.zuweisungen.get(), katalog=katalog)
    return wf, gs, offen, fertig


def test_reviewer_admin_pages_have_no_axe_violations(page, live_server):
    wache = Wache(page, live_server.url)
    wf, _gs, offen, fertig = _daten()
    _anmelden(page, live_server, wf)
    p = Pruefung(page, wache)
    for url in [
        "/admin/",
        LISTE,
        f"{LISTE}{offen.pk}/change/",
        "/admin/bewertung/bewertung/",
        "/admin/bewertung/zuweisung/",
        f"/admin/bewertung/zuweisung/{offen.zuweisungen.get().pk}/change/",
        f"{LISTE}{fertig.pk}/bewerten/",
    ]:
        p.seite(url)
    # The scoring page after a failed finalisation (error summary and field errors).
    page.goto(f"{LISTE}{offen.pk}/bewerten/")
    page.locator("button[value=abschliessen]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1
    p.jetzt("Bewertungsseite mit Fehlern")
    assert not p.funde, "\n\n".join(p.funde)
    wache.pruefen()


def test_geschaeftsstelle_admin_pages_have_no_axe_violations(page, live_server):
    wache = Wache(page, live_server.url)
    _wf, gs, offen, fertig = _daten()
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kopie = services.katalog_kopieren(katalog)
    _anmelden(page, live_server, gs)
    p = Pruefung(page, wache)
    for url in [
        "/admin/",
        LISTE,
        f"{LISTE}?status__exact=bewertet",
        f"{LISTE}{fertig.pk}/change/",
        f"{LISTE}{fertig.pk}/bewerten/",
        "/admin/bewertung/bewertung/",
        "/admin/bewertung/zuweisung/",
        f"/admin/bewertung/zuweisung/{fertig.zuweisungen.get().pk}/change/",
        "/admin/bewertung/kriterienkatalog/",
        f"/admin/bewertung/kriterienkatalog/{katalog.pk}/change/",
        f"/admin/bewertung/kriterienkatalog/{kopie.pk}/change/",
        "/admin/bewertung/bewertungsfortschritt/",
        "/admin/bewertung/rangliste/",
        "/admin/bewertung/rangliste/?ko=true",
    ]:
        p.seite(url)
    p.aktion(LISTE, "pruefende_hinzufuegen", [offen.pk], "Aktion Prüfende hinzufügen")
    p.aktion(LISTE, "frist_verlaengern", [offen.pk], "Aktion Frist verlängern")
    p.aktion(LISTE, "entscheidung_festhalten", [offen.pk, fertig.pk], "Bestätigung Entscheidung")
    p.aktion(LISTE, "bescheide_versenden", [fertig.pk], "Bestätigung Bescheide")
    p.aktion(
        "/admin/bewertung/bewertung/",
        "wieder_oeffnen",
        [fertig.zuweisungen.get().bewertung.pk],
        "Aktion Bewertungen wieder öffnen",
    )
    # The ranking's decision leads to the same confirmation page.
    page.goto("/admin/bewertung/rangliste/")
    page.locator(f'input[name="auswahl"][value="{fertig.pk}"]').check()
    page.get_by_role("button", name="Entscheiden …").click()
    page.wait_for_load_state()
    p.jetzt("Bestätigung aus der Rangliste")
    assert len(p.geprueft) == 20
    assert not p.funde, "\n\n".join(p.funde)
    wache.pruefen()
