"""Autosave while typing, restoring it on the next visit, new drafts created by the first
autosave, and conflicts between two revisions (two tabs or two colleagues)."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils.datastructures import MultiValueDict

from steckbriefe.entwuerfe import MAX_WERTE_JE_FELD
from steckbriefe.forms import LANGTEXT_MAX, MAX_ZEILEN
from steckbriefe.models import Autosave, Steckbrief
from tests.factories import mitglied

from .conftest import IM_FINAL, NACH_FINAL, seite, url
from .hilfen import formular_daten

pytestmark = pytest.mark.django_db


def test_autosave_stores_input_without_validating_it(mc, sb, user, im_final):
    daten = seite(mc, sb, ziele="Halb getippt", gesamtvolumen="2.5", titel="")
    response = mc.post(url("autosave", sb), daten)
    assert response.status_code == 200
    antwort = response.json()
    assert antwort["status"] == "gespeichert"
    assert re.fullmatch(r"Zwischengespeichert um \d\d:\d\d Uhr\.", antwort["meldung"])
    autosave = Autosave.objects.get(steckbrief=sb, user=user)
    assert autosave.daten["ziele"] == ["Halb getippt"]
    assert autosave.revision == 1
    assert "csrfmiddlewaretoken" not in autosave.daten
    sb.refresh_from_db()
    assert sb.ziele == "" and sb.titel != ""  # the Steckbrief itself is untouched
    # the next visit shows the autosaved text and says so
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "Halb getippt" in html
    assert "Wir haben Ihre nicht gespeicherten Eingaben vom 15.06.2026 um" in html
    # saving applies it and removes the autosave
    daten = formular_daten(html, gesamtvolumen="2.500.000", titel="Titel")
    assert mc.post(url("bearbeiten", sb), daten).status_code == 302
    sb.refresh_from_db()
    assert sb.ziele == "Halb getippt"
    assert not Autosave.objects.exists()
    assert "wiederhergestellt" not in mc.get(url("bearbeiten", sb)).content.decode()


def test_autosaved_text_is_there_after_a_new_login(client, sb, user, im_final):
    client.force_login(user)
    client.post(url("autosave", sb), seite(client, sb, vision="Getippt vor dem Abmelden"))
    client.logout()
    assert client.post(url("autosave", sb), {"vision": "nach Ablauf"}).status_code == 401
    client.force_login(user)
    html = client.get(url("bearbeiten", sb)).content.decode()
    assert "Getippt vor dem Abmelden" in html
    assert "nicht gespeicherten Eingaben" in html
    assert "nach Ablauf" not in html


def test_discarding_the_autosave(mc, sb, user, im_final):
    mc.post(url("autosave", sb), seite(mc, sb, vision="Verwerfen"))
    response = mc.post(url("autosave_verwerfen", sb), follow=True)
    html = response.content.decode()
    assert "Ihre nicht gespeicherten Eingaben wurden verworfen." in html
    assert "Verwerfen" not in formular_daten(html)["vision"][0]
    assert "data-soeben-gespeichert" in html  # the browser drops its local copy
    assert not Autosave.objects.exists()


def test_first_autosave_of_a_new_form_creates_the_draft_once(mc, user, sb, im_final):
    html = mc.get(url("neu")).content.decode()
    daten = formular_daten(html, titel="Neue Idee", kurzbeschreibung="Noch nicht gespeichert")
    token = daten["entwurf_token"][0]
    assert len(token) == 32
    response = mc.post(url("autosave_neu"), daten)
    antwort = response.json()
    assert antwort["status"] == "angelegt"
    neu = Steckbrief.objects.get(pk=antwort["pk"])
    assert neu.titel == "Neue Idee" and neu.kurzbeschreibung == ""
    assert neu.organisation == sb.organisation and neu.erstellt_von == user
    assert antwort["bearbeiten_url"] == url("bearbeiten", neu)
    assert antwort["autosave_url"] == url("autosave", neu)
    # the same form again (e.g. restored from the browser's copy): no second draft
    antwort2 = mc.post(url("autosave_neu"), daten).json()
    assert antwort2["pk"] == neu.pk
    # an explicit save racing with the first autosave saves into the same draft
    daten["aktion"] = ["speichern"]
    response = mc.post(url("neu"), daten)
    assert response["Location"] == url("bearbeiten", neu)
    assert Steckbrief.objects.count() == 2
    neu.refresh_from_db()
    assert neu.kurzbeschreibung == "Noch nicht gespeichert"


def test_new_form_with_errors_keeps_the_input_in_a_new_draft(mc, user, sb, im_final):
    daten = formular_daten(mc.get(url("neu")).content.decode(), titel="Mit Fehler", beginn="99/9")
    response = mc.post(url("neu"), daten)
    assert response.status_code == 200
    neu = Steckbrief.objects.exclude(pk=sb.pk).get()
    html = response.content.decode()
    assert f'action="{url("bearbeiten", neu)}"' in html  # no second draft on the next save
    assert Autosave.objects.get(steckbrief=neu).daten["beginn"] == ["99/9"]


def _zwei_sitzungen(sb, user):
    kollegin = mitglied(sb.organisation, first_name="Karla", last_name="Kollegin")
    a, b = Client(), Client()
    a.force_login(user)
    b.force_login(kollegin)
    return a, b


def test_conflict_between_two_colleagues(sb, user, im_final):
    a, b = _zwei_sitzungen(sb, user)
    daten_a = seite(a, sb, ziele="Ziele von Emil", vision="Vision von Emil")
    daten_b = seite(b, sb, ziele="Ziele von Karla")
    assert daten_a["revision"] == daten_b["revision"] == ["1"]
    assert b.post(url("bearbeiten", sb), daten_b).status_code == 302
    sb.refresh_from_db()
    assert (sb.revision, sb.ziele) == (2, "Ziele von Karla")

    response = a.post(url("bearbeiten", sb), daten_a)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Konflikt: Der Steckbrief wurde inzwischen geändert" in html
    assert "Jemand anderes hat diesen Steckbrief gespeichert" in html
    assert "Zuletzt gespeichert von Karla Kollegin" in html
    tabelle = html.split('class="table table-sm konflikt-tabelle')[1].split("</table>")[0]
    assert "Ziele von Emil" in tabelle and "Ziele von Karla" in tabelle
    assert 'href="#id_ziele"' in tabelle
    assert 'data-uebernehmen="id_ziele" data-wert="Ziele von Karla"' in tabelle
    sb.refresh_from_db()
    assert sb.ziele == "Ziele von Karla"  # not overwritten
    # the form keeps Emil's text and now carries the current revision
    zusammenfuehren = formular_daten(html)
    assert zusammenfuehren["ziele"] == ["Ziele von Emil"]
    assert zusammenfuehren["revision"] == ["2"]
    zusammenfuehren["ziele"] = ["Ziele von Karla und Emil"]
    assert a.post(url("bearbeiten", sb), zusammenfuehren).status_code == 302
    sb.refresh_from_db()
    assert (sb.revision, sb.ziele, sb.vision) == (3, "Ziele von Karla und Emil", "Vision von Emil")


def test_conflict_between_two_tabs_of_the_same_person(mc, sb, user, im_final):
    tab1 = seite(mc, sb, titel="Aus Tab 1")
    tab2 = seite(mc, sb, titel="Aus Tab 2")
    assert mc.post(url("bearbeiten", sb), tab1).status_code == 302
    response = mc.post(url("bearbeiten", sb), tab2)
    assert response.status_code == 409
    sb.refresh_from_db()
    assert sb.titel == "Aus Tab 1"
    assert "Aus Tab 2" in response.content.decode()


def test_autosave_on_an_old_revision_is_kept_but_reported_as_conflict(sb, user, im_final):
    a, b = _zwei_sitzungen(sb, user)
    daten_a = seite(a, sb, vision="Emils Vision")
    assert b.post(url("bearbeiten", sb), seite(b, sb, vision="Karlas Vision")).status_code == 302
    response = a.post(url("autosave", sb), daten_a)
    assert response.status_code == 409
    assert response.json()["status"] == "konflikt"
    assert "inzwischen gespeichert" in response.json()["meldung"]
    sb.refresh_from_db()
    assert sb.vision == "Karlas Vision"
    assert Autosave.objects.get(user=user).daten["vision"] == ["Emils Vision"]
    # next visit: Emil's text with the stored values next to it
    html = a.get(url("bearbeiten", sb)).content.decode()
    assert "Konflikt" in html and "Emils Vision" in html and "Karlas Vision" in html
    assert formular_daten(html)["revision"] == ["2"]


def test_autosave_after_the_deadline_keeps_the_text(mc, sb, user, uhr):
    uhr(NACH_FINAL)
    mc.force_login(user)
    response = mc.post(url("autosave", sb), {"revision": "1", "ziele": "Zu spät"})
    assert response.status_code == 423
    assert "abgelaufen" in response.json()["meldung"]
    assert Autosave.objects.get(steckbrief=sb).daten["ziele"] == ["Zu spät"]
    html = mc.get(url("detail", sb)).content.decode()
    assert "Zu spät" in html and "aufbewahrt" in html


def test_autosave_keeps_only_form_fields_and_bounds_them(mc, sb, user, im_final):
    mc.post(
        url("autosave", sb),
        {
            "revision": "1",
            "ziele": "z" * 30_000,
            "partner-0-name": "IHK",
            "irgendwas": "nicht speichern",
            "aktion": "final_einreichen",
        },
    )
    daten = Autosave.objects.get(steckbrief=sb, user=user).daten
    assert set(daten) == {"revision", "ziele", "partner-0-name"}
    # twice the form's limit of a long text: an over-long paste is kept whole (issue 12)
    assert len(daten["ziele"][0]) == 2 * LANGTEXT_MAX
    sb.refresh_from_db()
    assert sb.status == "entwurf"  # an autosave never runs a transition


def test_autosave_stores_no_invented_fields_and_each_field_only_as_long_as_the_form(
    mc, sb, user, im_final
):
    """Issue 14, item 3: 240 fields "partner-x-N" of 20,000 characters each were stored
    (and came back in the Art. 15 export)."""
    erfunden = {f"partner-x-{n}": "x" * 20_000 for n in range(240)}
    response = mc.post(
        url("autosave", sb),
        {
            **erfunden,
            "revision": "1",
            "titel": "t" * 1000,
            "ansprechperson_telefon": "0" * 1000,
            "gesamtvolumen": "9" * 1000,
            "org-plz": "0" * 1000,
            "ausgangssituation": "Zeile\r\n" * 3000,  # 21,000 characters as posted
            "partner-0-name": "p" * 1000,
            f"partner-{MAX_ZEILEN - 1}-rolle": "letzte erlaubte Zeile",
            f"partner-{MAX_ZEILEN}-name": "eine Zeile zu viel",
            "meilensteine-0-termin": "06/2027" * 100,
            "handlungsfeld": ["1", "2", "3"],  # one value: the form reads the last
            "kpis": [str(n) for n in range(300)],
        },
    )
    assert response.status_code == 200
    daten = Autosave.objects.get(steckbrief=sb, user=user).daten
    assert not [name for name in daten if name.startswith("partner-x-")]
    assert f"partner-{MAX_ZEILEN}-name" not in daten
    assert daten[f"partner-{MAX_ZEILEN - 1}-rolle"] == ["letzte erlaubte Zeile"]
    laengen = {name: len(werte[0]) for name, werte in daten.items() if name != "kpis"}
    # Twice the form's limit: text pasted beyond it is kept whole until it is shortened
    # (issue 12, item 3), and still bounded.
    assert laengen == {
        "revision": 1,
        "titel": 600,
        "ansprechperson_telefon": 100,
        "gesamtvolumen": 60,
        "org-plz": 10,
        "ausgangssituation": 18000,  # all of it (a line break counts once, as in the form)
        "partner-0-name": 600,
        f"partner-{MAX_ZEILEN - 1}-rolle": 21,
        "meilensteine-0-termin": 24,
        "handlungsfeld": 1,
    }
    assert daten["ausgangssituation"][0].startswith("Zeile\nZeile\n")
    assert daten["handlungsfeld"] == ["3"]
    assert len(daten["kpis"]) == MAX_WERTE_JE_FELD
    assert len(json.dumps(daten)) < 30_000  # was more than 4.8 million characters


def test_autosave_with_a_revision_beyond_any_number_is_kept(mc, sb, user, im_final):
    response = mc.post(url("autosave", sb), {"revision": "9" * 30, "ziele": "Weiter"})
    assert response.status_code == 200
    assert Autosave.objects.get(user=user).revision == sb.revision


# --- new drafts: phase rule and cap ---------------------------------------------------------


def test_no_new_draft_when_no_phase_allows_one(mc, sb, user, uhr):
    """Issue 14, item 3: an autosave without a token created a draft while every phase
    was closed. The rule is the one for every draft (fristen.frist_fuer)."""
    uhr(NACH_FINAL)
    mc.force_login(user)
    response = mc.post(url("autosave_neu"), {"titel": "Zu spät", "entwurf_token": "a" * 32})
    assert response.status_code == 403
    antwort = response.json()
    assert antwort["status"] == "abgelehnt"
    assert "Neue Steckbriefe können nicht mehr angelegt werden" in antwort["meldung"]
    assert "31.08.2026 abgelaufen" in antwort["meldung"]
    # the form's explicit save does not create one either, and keeps the input on the page
    response = mc.post(url("neu"), {"titel": "Zu spät", "aktion": "speichern"})
    assert response.status_code == 403
    assert "Neue Steckbriefe können nicht mehr angelegt werden" in response.content.decode()
    assert formular_daten(response.content.decode())["titel"] == ["Zu spät"]
    # with errors (the input would otherwise be kept in a new draft): no draft
    response = mc.post(url("neu"), {"titel": "Zu spät", "beginn": "99/9"})
    assert response.status_code == 403
    assert list(Steckbrief.objects.values_list("pk", flat=True)) == [sb.pk]
    # the page of a new Steckbrief says so up front
    response = mc.get(url("neu"), follow=True)
    assert response.redirect_chain == [(url("dashboard"), 302)]
    assert "Neue Steckbriefe können nicht mehr angelegt werden" in response.content.decode()


def test_no_new_drafts_before_the_first_phase_as_for_every_draft(mc, sb, user, uhr):
    """Issue 12, item 2: drafts only while a submission phase accepts them."""
    uhr(IM_FINAL.replace(year=2025, month=12))  # before the vorläufige phase
    mc.force_login(user)
    response = mc.post(url("autosave_neu"), {"titel": "Früh dran", "entwurf_token": "b" * 32})
    assert response.status_code == 403
    antwort = response.json()
    assert antwort["status"] == "abgelehnt"
    assert "Neue Steckbriefe können erst ab dem 01.01.2026 angelegt werden" in antwort["meldung"]
    assert list(Steckbrief.objects.values_list("pk", flat=True)) == [sb.pk]


def test_drafts_of_an_organisation_are_capped(mc, sb, user, im_final, settings):
    settings.STECKBRIEF_MAX_ENTWUERFE = 3
    # sb is one draft; without a token every request would be a new one
    for _ in range(2):
        assert mc.post(url("autosave_neu"), {"titel": "Noch einer"}).json()["status"] == "angelegt"
    response = mc.post(url("autosave_neu"), {"titel": "Einer zu viel"})
    assert response.status_code == 403
    antwort = response.json()
    assert antwort["status"] == "abgelehnt"
    assert "bereits 3 Entwürfe, die noch nicht eingereicht sind" in antwort["meldung"]
    assert "nur in diesem Browser gesichert" in antwort["meldung"]
    response = mc.post(url("neu"), {"titel": "Einer zu viel", "aktion": "speichern"})
    assert response.status_code == 403
    assert "bereits 3 Entwürfe" in response.content.decode()
    assert Steckbrief.objects.filter(organisation=sb.organisation).count() == 3
    # a colleague of the same Organisation is capped as well, an autosave of an existing
    # draft goes on, and a submitted Steckbrief no longer counts
    kollegin = mitglied(sb.organisation)
    andere = Client()
    andere.force_login(kollegin)
    assert andere.post(url("autosave_neu"), {"titel": "Von Karla"}).status_code == 403
    assert mc.post(url("autosave", sb), {"revision": "1", "ziele": "Weiter"}).status_code == 200
    Steckbrief.objects.filter(pk=sb.pk).update(status="vorlaeufig_eingereicht")
    assert andere.post(url("autosave_neu"), {"titel": "Von Karla"}).status_code == 200


# --- rate limit -----------------------------------------------------------------------------


def test_autosave_is_rate_limited_per_person(sb, user, uhr, settings):
    settings.AUTOSAVE_MAX_JE_MINUTE = 3
    uhr(IM_FINAL)  # 10:00:00
    a, b = _zwei_sitzungen(sb, user)
    for _ in range(3):
        assert a.post(url("autosave", sb), {"revision": "1", "ziele": "x"}).status_code == 200
    response = a.post(url("autosave", sb), {"revision": "1", "ziele": "zu oft"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    antwort = response.json()
    assert antwort["status"] == "zu_viele"
    assert "Zu viele Zwischenspeicherungen" in antwort["meldung"]
    assert Autosave.objects.get(user=user).daten["ziele"] == ["x"]
    assert a.post(url("autosave_neu"), {"titel": "Neu"}).status_code == 429
    assert Steckbrief.objects.count() == 1
    # another person is not held back; in the next minute the person goes on
    assert b.post(url("autosave", sb), {"revision": "1", "ziele": "y"}).status_code == 200
    uhr(IM_FINAL + timedelta(seconds=60))
    assert a.post(url("autosave", sb), {"revision": "1", "ziele": "z"}).status_code == 200


def test_rate_limit_fails_open_without_the_cache(mc, sb, user, im_final, settings, monkeypatch):
    from django.core.cache import cache

    settings.AUTOSAVE_MAX_JE_MINUTE = 1

    def kaputt(*args, **kwargs):
        raise ConnectionError("Redis weg")

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "incr", kaputt)
    for _ in range(3):
        assert mc.post(url("autosave", sb), {"revision": "1", "ziele": "x"}).status_code == 200


# Autosave while typing: session, user, membership, Steckbrief, the UPDATE of the kept input,
# the process phase (deadline). The first autosave inserts instead (in a savepoint).
MAX_QUERIES_AUTOSAVE = 6
MAX_QUERIES_ERSTES_AUTOSAVE = MAX_QUERIES_AUTOSAVE + 3  # SAVEPOINT, INSERT, RELEASE


def test_autosave_updates_the_kept_row_in_one_statement(
    mc, sb, user, uhr, django_assert_num_queries
):
    uhr(IM_FINAL)
    with django_assert_num_queries(MAX_QUERIES_ERSTES_AUTOSAVE):
        erstes = mc.post(url("autosave", sb), {"revision": "1", "ziele": "Erster Stand"})
    assert erstes.json()["status"] == "gespeichert"
    vorher = Autosave.objects.get(steckbrief=sb, user=user)
    uhr(IM_FINAL + timedelta(minutes=3))
    with django_assert_num_queries(MAX_QUERIES_AUTOSAVE) as abfragen:
        response = mc.post(url("autosave", sb), {"revision": "1", "ziele": "Zweiter Stand"})
    assert response.json()["status"] == "gespeichert"
    schreibend = [q["sql"] for q in abfragen.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(schreibend) == 1 and schreibend[0].startswith('UPDATE "steckbriefe_autosave"')
    nachher = Autosave.objects.get(steckbrief=sb, user=user)
    assert nachher.pk == vorher.pk  # the same row, updated in place
    assert nachher.daten["ziele"] == ["Zweiter Stand"]
    assert nachher.gespeichert - vorher.gespeichert == timedelta(minutes=3)


def test_autosave_of_another_person_is_a_row_of_its_own(sb, user, im_final):
    a, b = _zwei_sitzungen(sb, user)
    a.post(url("autosave", sb), {"revision": "1", "ziele": "von Emil"})
    b.post(url("autosave", sb), {"revision": "1", "ziele": "von Karla"})
    a.post(url("autosave", sb), {"revision": "1", "ziele": "wieder Emil"})
    assert sorted(Autosave.objects.values_list("daten__ziele", flat=True)) == [
        ["von Karla"],
        ["wieder Emil"],
    ]


def test_zwischenspeichern_when_the_row_appears_concurrently(sb, user, monkeypatch):
    """Another tab inserted the row between this request's UPDATE (which found none) and
    its INSERT: the unique constraint refuses the INSERT and the input updates that row."""
    from django.db.models.query import QuerySet

    from steckbriefe import entwuerfe

    anderer_tab = Autosave.objects.create(steckbrief=sb, user=user, daten={}, revision=1)
    update = QuerySet.update

    def noch_keine_zeile(self, **kwargs):  # the first UPDATE ran before the other tab's INSERT
        monkeypatch.setattr(QuerySet, "update", update)
        return 0

    monkeypatch.setattr(QuerySet, "update", noch_keine_zeile)
    daten = MultiValueDict({"ziele": ["aus diesem Tab"], "revision": ["1"]})
    ergebnis = entwuerfe.zwischenspeichern(sb, user, daten)
    gespeichert = Autosave.objects.get(steckbrief=sb, user=user)
    assert gespeichert.pk == anderer_tab.pk
    assert gespeichert.daten == {"ziele": ["aus diesem Tab"], "revision": ["1"]}
    assert (ergebnis.revision, ergebnis.daten) == (1, gespeichert.daten)
