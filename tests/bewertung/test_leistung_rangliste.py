"""Issue 18: the ranking's catalogue filter options from the cache (FILTER_AUSWAHL_CACHEN).
The options must be exactly the database's after every change in the admin, cost no query
once cached, and a value that is no longer in the database must still be refused."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from bewertung.filters import AUSWAHL_SCHLUESSEL, Auswahl, RanglisteFilter
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
from steckbriefe.models import Status, Steckbrief

from .conftest import ZWICKAU, final_sb

pytestmark = pytest.mark.django_db

RANGLISTE = "admin:bewertung_rangliste_changelist"
KATALOG = ("handlungsfeld", "zieldimension", "gebietskoerperschaft")


@pytest.fixture
def mit_cache(settings):
    settings.FILTER_AUSWAHL_CACHEN = True
    cache.delete(AUSWAHL_SCHLUESSEL)
    yield
    cache.delete(AUSWAHL_SCHLUESSEL)


def _optionen(html: str, name: str) -> list[tuple[str, str]]:
    auswahl = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', auswahl)


def _aus_datenbank(model) -> list[tuple[str, str]]:
    # The labels as the page escapes them (the catalogue has "&" in names).
    return [
        ("", "alle"),
        *((str(o.pk), str(o).replace("&", "&amp;")) for o in model.objects.all()),
    ]


def _seite(client) -> str:
    antwort = client.get(reverse(RANGLISTE))
    assert antwort.status_code == 200
    return antwort.content.decode()


def _alle_optionen_wie_datenbank(html: str) -> None:
    assert _optionen(html, "handlungsfeld") == _aus_datenbank(Handlungsfeld)
    assert _optionen(html, "zieldimension") == _aus_datenbank(Zieldimension)
    assert _optionen(html, "gebietskoerperschaft") == _aus_datenbank(Gebietskoerperschaft)


def test_cached_options_follow_every_change_of_the_catalogue(client, gs, mit_cache):
    final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Einer")
    client.force_login(gs)
    _alle_optionen_wie_datenbank(_seite(client))
    assert cache.get(AUSWAHL_SCHLUESSEL) is not None

    # Renamed, new, reordered, deleted: each shows on the next page.
    gk = Gebietskoerperschaft.objects.get(ags=ZWICKAU)
    gk.name = "Landkreis Zwickau (neu)"
    gk.save()
    html = _seite(client)
    assert (str(gk.pk), "Landkreis Zwickau (neu)") in _optionen(html, "gebietskoerperschaft")

    hf = Handlungsfeld.objects.create(code="HF9", name="Neues Feld", reihenfolge=0)
    zd = Zieldimension.objects.create(handlungsfeld=hf, code="HF9.1", name="Neue Dimension")
    html = _seite(client)
    assert (str(hf.pk), "HF9 Neues Feld") in _optionen(html, "handlungsfeld")
    assert (str(zd.pk), "HF9.1 Neue Dimension") in _optionen(html, "zieldimension")
    _alle_optionen_wie_datenbank(html)

    hf.reihenfolge = 999
    hf.save()
    assert _optionen(_seite(client), "handlungsfeld")[-1] == (str(hf.pk), "HF9 Neues Feld")

    zd.delete()
    html = _seite(client)
    assert (str(zd.pk), "HF9.1 Neue Dimension") not in _optionen(html, "zieldimension")
    _alle_optionen_wie_datenbank(html)


def test_cached_options_save_the_three_queries(client, gs, settings):
    final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Einer")
    client.force_login(gs)
    settings.FILTER_AUSWAHL_CACHEN = False
    _seite(client)
    # The captured queries are read at once: the next request resets the query log.
    with CaptureQueriesContext(connection) as abfragen:
        html_ohne = _seite(client)
    ohne = [q["sql"] for q in abfragen.captured_queries]
    settings.FILTER_AUSWAHL_CACHEN = True
    cache.delete(AUSWAHL_SCHLUESSEL)
    _seite(client)  # fills the cache
    with CaptureQueriesContext(connection) as abfragen:
        html_mit = _seite(client)
    mit = [q["sql"] for q in abfragen.captured_queries]
    cache.delete(AUSWAHL_SCHLUESSEL)

    katalog = [f"handlungsfelder_{m}" for m in KATALOG]
    assert sum(any(f'FROM "{t}"' in q for t in katalog) for q in ohne) == 3
    assert len(mit) == len(ohne) - 3
    assert not [q for q in mit if any(f'FROM "{t}"' in q for t in katalog)]
    for name in KATALOG:
        assert _optionen(html_mit, name) == _optionen(html_ohne, name)


def test_a_value_gone_from_the_database_is_refused_though_cached(client, gs, mit_cache):
    sb = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Bleibt")
    hf = Handlungsfeld.objects.create(code="HF9", name="Gleich weg", reihenfolge=99)
    client.force_login(gs)
    _seite(client)
    # Deleted without a signal (a bulk delete): the cached options still name it.
    Handlungsfeld.objects.filter(pk=hf.pk)._raw_delete(connection.alias)
    assert (str(hf.pk), "HF9 Gleich weg") in _optionen(_seite(client), "handlungsfeld")

    antwort = client.get(reverse(RANGLISTE), {"handlungsfeld": hf.pk})

    assert antwort.status_code == 200
    assert list(antwort.context["filterset"].form.errors) == ["handlungsfeld"]
    assert '<span class="errorlist">' in antwort.content.decode()
    assert [z.pk for z in antwort.context["seite"].object_list] == [sb.pk]


@pytest.mark.parametrize("daten", [{}, {"status": "in_bewertung", "zieldimension": "x"}])
def test_cached_selects_render_as_without_cache(settings, daten):
    """With the cached options every field is written exactly as with the database's (which
    test_rangliste_seite compares with Django's select.html), the chosen option selected."""
    daten = {**daten, "handlungsfeld": str(Handlungsfeld.objects.get(code="HF2").pk)}
    settings.FILTER_AUSWAHL_CACHEN = False
    ohne = {f.name: str(f) for f in RanglisteFilter(daten, queryset=Steckbrief.objects.all()).form}
    settings.FILTER_AUSWAHL_CACHEN = True
    cache.delete(AUSWAHL_SCHLUESSEL)
    assert RanglisteFilter(daten, queryset=Steckbrief.objects.all()).form  # fills the cache
    assert cache.get(AUSWAHL_SCHLUESSEL) is not None
    with CaptureQueriesContext(connection) as abfragen:
        form = RanglisteFilter(daten, queryset=Steckbrief.objects.all()).form
        mit = {f.name: str(f) for f in form}
    # Only the chosen Handlungsfeld is validated against the database.
    assert [q["sql"].split(" FROM ")[1].split()[0] for q in abfragen.captured_queries] == [
        '"handlungsfelder_handlungsfeld"'
    ]
    cache.delete(AUSWAHL_SCHLUESSEL)
    assert mit == ohne
    assert f'<option value="{daten["handlungsfeld"]}" selected>' in mit["handlungsfeld"]
    assert sum(isinstance(f.field.widget, Auswahl) for f in form) == 10


def test_flat_auswahl_escapes_and_selects_as_django():
    """The direct way for flat choices writes what Django's select.html writes: escaped
    values and labels, safe labels kept, one option selected (the first match)."""
    widget = Auswahl(
        attrs={"class": 'a"b', "required": True, "disabled": False},
        choices=[
            ("", "alle"),
            ('x"<y', "<b>eins</b> & zwei"),
            (None, "nichts"),
            (3, mark_safe("<i>drei</i>")),
            ("3", "doppelt"),
        ],
    )
    for wert in ["", 'x"<y', None, 3, "3", "fehlt"]:
        erwartet = forms.Select.render(widget, "feld", wert, {"id": "id_feld"})
        assert widget.render("feld", wert, {"id": "id_feld"}) == erwartet
    assert widget.render("feld", "3", {}).count(" selected") == 1
