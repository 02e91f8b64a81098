"""Accessibility of the admin pages a Wirtschaftsförderung and the Geschäftsstelle use
(issue 13, item 7): axe-core with the WCAG 2.1 A/AA rules reports no violation on the
index, the Steckbrief list and form, the scoring page, the Bewertungen, Zuweisungen and
Kataloge lists and forms, the progress page, the ranking, and the intermediate and
confirmation pages of the actions; no request leaves the live server, no CSP violation."""

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from bewertung import services
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog
from handlungsfelder.models import Prozessphase
from steckbriefe.models import Status, Steckbrief
from tests.factories import (
    OrganisationFactory,
    SteckbriefFactory,
    UserFactory,
    final_vollstaendig,
    geschaeftsstelle,
    idee,
    ideenaufruf,
    jurymitglied,
    mitglied,
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


SCHUSS_IDEEN = Path("/tmp/h6")


def _ideenwettbewerb():
    """A call with a jury; Mia (no Organisation) has a selected idea whose notice is out, Lena
    (member of an Organisation) one waiting for the jury's member."""
    from bewertung.models import Jurybescheid, JuryBewertung
    from ideen.models import Idee, Stufe
    from ideen.models import Status as IdeeStatus
    from tests.sicherheit.matrix import _phasen_um_heute

    _phasen_um_heute()  # Steckbrief drafts are open: the cross-over shows its form
    aufruf = ideenaufruf(slug="industrie-neu-denken-runde-2", name="Industrie.Neu.Denken – Runde 2")
    Jurybescheid.objects.create(
        aufruf=aufruf,
        pitch="Wir laden Sie zum Pitch am 12.06.2026 in die Stadthalle Chemnitz ein.",
        ausgewaehlt="Ihre Idee ist ausgewählt. Die Geschäftsstelle meldet sich wegen der "
        "Begleitung.",
        nicht_ausgewaehlt="Ihre Idee ist diesmal nicht ausgewählt.",
    )
    jury = jurymitglied(aufruf, email="jury@example.org", first_name="Jule", last_name="Jury")
    mia = UserFactory(email="mia@example.org", first_name="Mia", last_name="Schubert")
    lena = mitglied(
        OrganisationFactory(name="Sensorik Tüftler GmbH"),
        email="lena@example.org",
        first_name="Lena",
        last_name="Lötkolben",
    )
    jetzt = timezone.now()
    sensor = idee(aufruf, mia, titel="Sensorhaut für Greifer")
    batterie = idee(
        aufruf,
        lena,
        titel="Batterierecycling im Erzgebirge mit robotischer Demontage der Zellen",
        kernsatz="Zellen sortenrein zerlegen, ohne sie zu schreddern.",
        reifegrad=6,
    )
    Idee.objects.filter(pk__in=[sensor.pk, batterie.pk]).update(
        status=IdeeStatus.EINGEREICHT, eingereicht_am=jetzt
    )
    katalog = Kriterienkatalog.alle.get(aufruf=aufruf, aktiv=True)
    JuryBewertung.objects.create(
        idee=sensor,
        mitglied=jury,
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN,
        punkte=80.0,
        abgeschlossen_am=jetzt,
    )
    Idee.objects.filter(pk=sensor.pk).update(
        stufe=Stufe.AUSGEWAEHLT, bescheid_stufe=Stufe.AUSGEWAEHLT, bescheid_am=jetzt
    )
    return aufruf, jury, mia, lena, sensor, batterie


def _anschauen(p: Pruefung, name: str, schmal_ok: bool = True):
    """axe on the page as it is, then screenshots at 1280 and 390 px (/tmp/h6/<name>-*.png);
    at 390 px the page must not scroll sideways (admin lists scroll inside their table)."""
    p.jetzt(name)
    SCHUSS_IDEEN.mkdir(parents=True, exist_ok=True)
    for breite in (1280, 390):
        p.page.set_viewport_size({"width": breite, "height": 900})
        p.page.screenshot(path=str(SCHUSS_IDEEN / f"{name}-{breite}.png"), full_page=True)
        breiten = p.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if schmal_ok:
            assert breiten[0] <= breiten[1], (name, breite, breiten)
    p.page.set_viewport_size({"width": 1280, "height": 900})


def test_ideenwettbewerb_pages_have_no_axe_violations_and_fit_a_phone(page, live_server):
    """The pages of the Ideenwettbewerb as its people use them (issue 16): the jury's list
    and scoring page, the Geschäftsstelle's jury page and form, the ideas in the admin with
    the frame of similar ideas, the ranking of the ideas with its confirmations, the
    cross-over confirmation and the export form with the call's dossier; the submitter's
    „Meine Ideen“ and the idea's page after the notice."""
    wache = Wache(page, live_server.url)
    aufruf, jury, mia, _lena, sensor, batterie = _ideenwettbewerb()
    gs = geschaeftsstelle(email="gs@example.org")
    p = Pruefung(page, wache)

    def seite(url, name, schmal_ok=True):
        antwort = page.goto(url)
        assert antwort.status == 200, url
        _anschauen(p, name, schmal_ok)

    _anmelden(page, live_server, mia)
    seite(aufruf.get_absolute_url(), "aufruf")
    seite("/ideen/", "meine-ideen-ohne-organisation")
    expect(page.get_by_role("table")).to_contain_text("Sensorhaut für Greifer")
    expect(page.get_by_role("table")).to_contain_text("Ergebnis der Jury: ausgewählt")
    seite(sensor.get_absolute_url(), "idee-nach-bescheid")
    expect(page.locator("#stufe")).to_contain_text("Ergebnis der Jury: ausgewählt")

    _anmelden(page, live_server, jury.user)
    seite("/admin/bewertung/juryidee/", "jury-liste")
    seite(f"/admin/bewertung/juryidee/{batterie.pk}/bewerten/", "jury-bewerten")
    # The jury reads the submitter's labels without the submitter's „Ihre“.
    expect(page.locator(".bw-felder")).to_contain_text("Idee in einem Satz")
    expect(page.locator(".bw-felder")).not_to_contain_text("Ihre Idee")
    seite(f"/admin/bewertung/juryidee/{sensor.pk}/bewerten/", "jury-bewerten-abgeschlossen")

    _anmelden(page, live_server, gs)
    seite("/admin/bewertung/jurymitglied/", "gs-jury")
    seite("/admin/bewertung/jurymitglied/add/", "gs-jury-hinzufuegen")
    seite(f"/admin/bewertung/jurybescheid/{aufruf.jurybescheid.pk}/change/", "gs-mitteilungstexte")
    seite("/admin/ideen/idee/", "gs-ideen")
    seite(f"/admin/ideen/idee/{batterie.pk}/change/", "gs-idee")
    expect(page.locator("#aehnliche-vorhaben")).to_contain_text("Ähnliche Vorhaben und Ideen")
    expect(page.locator("#aehnliche-vorhaben")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(".object-tools")).not_to_contain_text("Auf der Website anzeigen")
    seite("/admin/bewertung/ideenrangliste/", "gs-rangliste")
    expect(page.get_by_role("row").filter(has_text="Sensorhaut für Greifer")).to_contain_text(
        "80,0"
    )
    # The mean and the stage are in view at 1280 px without scrolling the table sideways.
    sichtbar = page.locator("#changelist .results").bounding_box()
    for spalte in ["Mittelwert (0–100)", "Stufe"]:
        box = page.get_by_role("columnheader", name=spalte, exact=True).bounding_box()
        assert box["x"] + box["width"] <= sichtbar["x"] + sichtbar["width"], (spalte, box)
    rangliste = "/admin/bewertung/ideenrangliste/"
    for aktion, name in [
        ("stufe_vorauswahl", "gs-rangliste-vorauswahl"),
        ("bescheide_versenden", "gs-rangliste-bescheide"),
    ]:
        p.aktion(rangliste, aktion, [batterie.pk], name)
        _anschauen(p, name)
    seite(f"/ideen/{batterie.pk}/als-steckbrief/", "gs-als-steckbrief")
    expect(page.get_by_role("button", name="Als Steckbrief-Entwurf übernehmen")).to_be_visible()
    expect(page.get_by_role("table")).not_to_contain_text("Ihre Idee")
    page.goto("/exporte/neu/")
    page.get_by_label("Dossier der Ideen eines Ideenwettbewerbs (PDF) mit Jury-Rangliste").check()
    page.get_by_label("Ideenwettbewerb (für das Dossier der Ideen)").select_option(
        label=aufruf.name
    )
    _anschauen(p, "gs-export-ideen")
    assert not p.funde, "\n\n".join(p.funde)
    wache.pruefen()
