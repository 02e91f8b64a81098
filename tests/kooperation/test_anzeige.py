"""The „Ähnliche Vorhaben“ panel of the scoring page: reasons, and only what the reader
may see is named."""

import sys
import types

import pytest
from django.apps import apps

from kooperation import berechnung
from kooperation.anzeige import aehnliche_abschnitt, aehnliche_verweis
from steckbriefe.models import Status, Steckbrief
from tests.factories import mitglied, wirtschaftsfoerderung

from .helfer import eingereicht

pytestmark = pytest.mark.django_db

ZWICKAU = "14524"
CHEMNITZ = "14511"


@pytest.fixture
def waerme():
    # 5 Zwickau, 6 Erzgebirge, 7 Mittelsachsen, 8 Chemnitz; a copy of 6 in Zwickau.
    sbs = {n: eingereicht(n) for n in [5, 6, 7, 8]}
    sbs["kopie"] = eingereicht(
        6, titel="Nahwärmenetz Wilkau-Haßlau mit Abwärme aus der Industrie", gebiete=[ZWICKAU]
    )
    for n in [1, 2, 3, 4, 9, 10, 41, 42]:  # other themes: the idf of a real mix
        eingereicht(n)
    berechnung.alle_neu_berechnen()
    return sbs


def test_the_geschaeftsstelle_sees_every_neighbour_with_reasons(waerme, geschaeftsstelle_user):
    html = aehnliche_abschnitt(waerme[5], geschaeftsstelle_user)
    assert "Ähnliche Vorhaben" in html
    for n in [6, 7, 8]:
        assert waerme[n].titel in html
        assert waerme[n].get_absolute_url() in html
    assert "Gemeinsame Begriffe:" in html and "abwärme" in html
    assert "Gleiche Zieldimension(en): HF1.2, HF5.1" in html
    assert "Benachbarte Gebietskörperschaften: Erzgebirgskreis, Landkreis Zwickau" in html
    assert "Ähnlichkeit" in html and "%" in html
    assert "außerhalb Ihrer Einsicht" not in html


def test_a_reviewer_sees_only_what_is_in_their_scope_the_rest_is_counted(waerme):
    wf = wirtschaftsfoerderung(ZWICKAU)
    html = aehnliche_abschnitt(waerme[5], wf)
    assert waerme["kopie"].titel in html  # Zwickau: in scope
    for n in [6, 7, 8]:  # Erzgebirge, Mittelsachsen, Chemnitz: not named, no reasons
        assert waerme[n].titel not in html
        assert waerme[n].get_absolute_url() not in html
    assert "3 weitere ähnliche Vorhaben liegen außerhalb Ihrer Einsicht" in html
    assert "Erzgebirgskreis" not in html


def test_nothing_for_a_person_who_may_not_see_the_steckbrief(waerme):
    fremd = mitglied()
    assert aehnliche_abschnitt(waerme[5], fremd) == ""
    assert aehnliche_abschnitt(waerme[5], wirtschaftsfoerderung("14523")) == ""


def test_a_withdrawn_neighbour_is_no_longer_shown(waerme, geschaeftsstelle_user):
    Steckbrief.objects.filter(pk=waerme[6].pk).update(status=Status.ZURUECKGEZOGEN)
    html = aehnliche_abschnitt(waerme[5], geschaeftsstelle_user)
    assert waerme[6].titel not in html
    assert waerme[7].titel in html


def test_titles_are_escaped(waerme, geschaeftsstelle_user):
    Steckbrief.objects.filter(pk=waerme[6].pk).update(titel="<script>x()</script> Wärmenetz")
    html = aehnliche_abschnitt(waerme[5], geschaeftsstelle_user)
    assert "<script>x()" not in html
    assert "&lt;script&gt;" in html


def test_without_neighbours_the_panel_says_so(geschaeftsstelle_user):
    sb = eingereicht(41)
    berechnung.alle_neu_berechnen()
    assert "Keine ähnlichen Vorhaben gefunden." in aehnliche_abschnitt(sb, geschaeftsstelle_user)


@pytest.mark.parametrize("weitere", [1, 8])
def test_query_count_of_the_panel(geschaeftsstelle_user, django_assert_max_num_queries, weitere):
    sb = eingereicht(5)
    for i in range(weitere):
        eingereicht(6, titel=f"Nahwärmenetz {i} mit Abwärme aus der Industrie")
    berechnung.alle_neu_berechnen()
    wf = wirtschaftsfoerderung(ZWICKAU)
    for person in (geschaeftsstelle_user, wf):
        person = type(person).objects.get(pk=person.pk)
        with django_assert_max_num_queries(6):
            aehnliche_abschnitt(sb, person)


def test_portfolio_registers_the_panel_with_the_scoring_page_hook(monkeypatch):
    registriert = []
    modul = types.ModuleType("bewertung.erweiterungen")
    modul.abschnitt_registrieren = registriert.append
    monkeypatch.setitem(sys.modules, "bewertung.erweiterungen", modul)
    apps.get_app_config("portfolio").ready()
    assert registriert == [aehnliche_verweis]


def test_portfolio_starts_without_the_hook_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "bewertung.erweiterungen", None)  # import fails
    apps.get_app_config("portfolio").ready()


def test_the_scoring_page_shows_the_panel_to_the_reviewer(client, waerme):
    from bewertung import services as bewertung_services

    bewertung_services.zuweisen(waerme[5])
    wf = wirtschaftsfoerderung(ZWICKAU)
    client.force_login(wf)
    antwort = client.get(f"/admin/steckbriefe/steckbrief/{waerme[5].pk}/bewerten/")
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    # The page carries the frame; the script fills it from the panel's URL.
    url = f"/kooperation/steckbrief/{waerme[5].pk}/aehnliche/"
    assert f'data-teil-url="{url}?teil=1"' in seite
    assert f'href="{url}"' in seite and "/static/kooperation/aehnliche.js" in seite
    teil = client.get(url, {"teil": 1})
    assert teil.status_code == 200 and teil["Cache-Control"] == "private, no-store"
    html = teil.content.decode()
    assert html.lstrip().startswith('<section class="koop-aehnliche" id="aehnliche-vorhaben"')
    assert waerme["kopie"].titel in html
    assert waerme[6].titel not in html
    assert "3 weitere ähnliche Vorhaben liegen außerhalb Ihrer Einsicht" in html
    ganz = client.get(url).content.decode()  # without scripts: a page of the portal
    assert "<nav" in ganz and waerme["kopie"].titel in ganz


def test_the_panel_is_not_found_for_a_reviewer_of_another_area(client, waerme):
    client.force_login(wirtschaftsfoerderung(CHEMNITZ))
    antwort = client.get(f"/kooperation/steckbrief/{waerme[5].pk}/aehnliche/", {"teil": 1})
    assert antwort.status_code == 404


@pytest.mark.parametrize("weitere", [0, 8])
def test_query_count_of_the_panel_page(
    client, waerme, geschaeftsstelle_user, weitere, django_assert_max_num_queries
):
    for n in range(weitere):
        eingereicht(5, titel=f"Nahwärme Variante {n}")
    berechnung.alle_neu_berechnen()
    client.force_login(geschaeftsstelle_user)
    with django_assert_max_num_queries(8):
        antwort = client.get(f"/kooperation/steckbrief/{waerme[5].pk}/aehnliche/", {"teil": 1})
    assert antwort.status_code == 200
