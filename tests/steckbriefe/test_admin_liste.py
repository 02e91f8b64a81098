"""The Steckbrief changelist in the admin: the columns each role sees, what the cells say,
the links and selection checkboxes of the rows, sorting, escaping, the queries of a page;
the fallback to Django's rendering for a column that is no Spalte; and how the admin is
composed (registered once, in the top layer, after the apps' admins)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bewertung.admin_steckbrief import SteckbriefBewertung
from bewertung.models import Bewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from kern.verwaltung import Spalte
from steckbriefe import admin as basis
from steckbriefe.models import Entscheidung, Status, Steckbrief
from tests.factories import OrganisationFactory, geschaeftsstelle, wirtschaftsfoerderung

pytestmark = pytest.mark.django_db

CHEMNITZ, ZWICKAU = "14511", "14524"
LISTE = reverse("admin:steckbriefe_steckbrief_changelist")
FEINDLICH = "<script>alert(1)</script> & Co"
ORG = 'Verein "A & B" <e.V.>'


@pytest.fixture
def steckbriefe():
    """Steckbriefe covering every branch of every column: with and without Handlungsfeld,
    the whole region or some Gebietskörperschaften or none, a decision or none, a title and
    a name that need escaping, and Zuweisungen to Chemnitz open, started, finalised and
    befangen (and one to Zwickau, open)."""
    org = OrganisationFactory(name=ORG)
    hf = Handlungsfeld.objects.order_by("code").first()
    ch = Gebietskoerperschaft.objects.get(ags=CHEMNITZ)
    zw = Gebietskoerperschaft.objects.get(ags=ZWICKAU)
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    daten = [
        (FEINDLICH, hf, [zw, ch], False, "", "abgeschlossen"),
        ("", None, [ch], False, Entscheidung.PRIORISIERT, None),
        ("Region", hf, [], True, Entscheidung.NICHT_BERUECKSICHTIGT, "entwurf"),
        ("Ohne Standort", hf, [], False, "", "befangen"),
        ("Nicht zugewiesen", None, [ch], False, "", "keine"),
    ]
    ergebnis = []
    for titel, feld, gebiete, region, entscheidung, bewertung in daten:
        sb = Steckbrief.objects.create(
            organisation=org,
            titel=titel,
            status=Status.IN_BEWERTUNG,
            handlungsfeld=feld,
            gesamte_region=region,
            entscheidung=entscheidung,
        )
        sb.gebietskoerperschaften.set(gebiete)
        if bewertung != "keine":
            z = Zuweisung.objects.create(steckbrief=sb, gebietskoerperschaft=ch)
            if bewertung == "befangen":
                z.befangen_am = timezone.now()
                z.befangen_grund = "Eigenes Vorhaben"
                z.save()
            elif bewertung:
                Bewertung.objects.create(zuweisung=z, katalog=katalog, status=bewertung)
        ergebnis.append(sb)
    Zuweisung.objects.create(steckbrief=ergebnis[0], gebietskoerperschaft=zw)
    return ergebnis


def _nutzer(rolle):
    return geschaeftsstelle() if rolle == "gs" else wirtschaftsfoerderung(CHEMNITZ)


def _alle(rolle) -> dict:
    """A reviewer's list shows only the assigned Steckbriefe unless the filter "Meine
    Bewertung" asks for all visible ones (issue 13, the to-do list)."""
    return {"meine": "alle"} if rolle == "wf" else {}


def _tabelle(html: str) -> tuple[list[str], list[dict[str, str]]]:
    """The classes of the header cells, and each row as {cell class: inner HTML}."""
    html = html[html.index('<table id="result_list">') :]
    kopf = html[html.index("<thead>") : html.index("</thead>")]
    koerper = html[html.index("<tbody>") : html.index("</tbody>")]
    spalten = re.findall(r'<th scope="col" class="([^"]+)">', kopf)
    zeilen = [
        {k: inhalt for _, k, inhalt in re.findall(r'<(td|th) class="([^"]+)">(.*?)</\1>', z, re.S)}
        for z in re.findall(r"<tr>(.*?)</tr>", koerper, re.S)
    ]
    return spalten, zeilen


def _name(klasse: str) -> str:
    treffer = re.search(r"column-(\w+)", klasse)
    return treffer.group(1) if treffer else klasse


def _zeile(zeilen, sb) -> dict[str, str]:
    wert = f'value="{sb.pk}"'
    (treffer,) = [z for z in zeilen if wert in z["action-checkbox"]]
    return treffer


def _text(inhalt: str) -> str:
    return re.sub(r"<[^>]+>", "", inhalt)


# --- columns and cells -----------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ["gs", "wf"])
def test_the_columns_each_role_sees(client, steckbriefe, rolle):
    client.force_login(_nutzer(rolle))
    antwort = client.get(LISTE, _alle(rolle))
    spalten, zeilen = _tabelle(antwort.content.decode())
    namen = [_name(s) for s in spalten]
    # A reviewer's to-do list leaves out the count and the decision (issue 13: 1280 px).
    if rolle == "wf":
        erwartet = ["titel_anzeige", "status", "hf", "standort", "meine_bewertung"]
    else:
        erwartet = ["titel_anzeige", "status", "hf", "standort", "bewertungsstand"]
        erwartet += ["entscheidung"]
    erwartet += ["bewerten_link"]
    assert namen == ["action-checkbox-column", *erwartet]  # Django's selection header
    assert len(zeilen) == len(steckbriefe)
    assert ("Meine Bewertung" in antwort.content.decode()) == (rolle == "wf")
    for zeile in zeilen:
        assert list(zeile) == ["action-checkbox", *(f"field-{n}" for n in erwartet)]


@pytest.mark.parametrize("rolle", ["gs", "wf"])
def test_cell_texts(client, steckbriefe, rolle):
    client.force_login(_nutzer(rolle))
    _, zeilen = _tabelle(client.get(LISTE, _alle(rolle)).content.decode())
    feindlich, ohne_titel, region, ohne_standort, nicht_zugewiesen = (
        _zeile(zeilen, sb) for sb in steckbriefe
    )
    hf = Handlungsfeld.objects.order_by("code").first().code
    assert feindlich["field-status"] == str(Status.IN_BEWERTUNG.label)
    assert feindlich["field-hf"] == hf and ohne_titel["field-hf"] == "–"
    assert feindlich["field-standort"] == "Stadt Chemnitz, Landkreis Zwickau"  # by AGS
    assert ohne_titel["field-standort"] == "Stadt Chemnitz"
    assert region["field-standort"] == "Gesamte Region"
    assert ohne_standort["field-standort"] == "–"
    if rolle == "gs":  # the reviewers' to-do list has neither column (issue 13)
        assert feindlich["field-bewertungsstand"] == "1/2"
        assert ohne_titel["field-bewertungsstand"] == "0/1"
        assert ohne_standort["field-bewertungsstand"] == "–"  # befangen: does not count
        assert nicht_zugewiesen["field-bewertungsstand"] == "–"
        assert feindlich["field-entscheidung"] == "-"  # the admin's empty value
        assert ohne_titel["field-entscheidung"] == str(Entscheidung.PRIORISIERT.label)
        assert region["field-entscheidung"] == "nicht berücksichtigt"
    assert f"Steckbrief #{steckbriefe[1].pk} (ohne Titel)" in ohne_titel["field-titel_anzeige"]
    if rolle == "wf":
        meine = [z["field-meine_bewertung"] for z in (feindlich, ohne_titel, region)]
        assert meine == [
            str(Bewertung.Status.ABGESCHLOSSEN.label),
            "offen",
            str(Bewertung.Status.ENTWURF.label),
        ]
        assert ohne_standort["field-meine_bewertung"] == "befangen"
        assert nicht_zugewiesen["field-meine_bewertung"] == "nicht zugewiesen"


@pytest.mark.parametrize("rolle", ["gs", "wf"])
def test_links_of_the_rows(client, steckbriefe, rolle):
    client.force_login(_nutzer(rolle))
    filter_ = {"status__exact": Status.IN_BEWERTUNG, "o": "1", **_alle(rolle)}
    _, zeilen = _tabelle(client.get(LISTE, filter_).content.decode())
    for sb in steckbriefe:
        zeile = _zeile(zeilen, sb)
        aendern = reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk])
        bewerten = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
        if rolle == "wf":  # a reviewer's title opens the scoring page (issue 13)
            assert zeile["field-titel_anzeige"].startswith(f'<a href="{bewerten}">')
        else:
            assert zeile["field-titel_anzeige"].startswith(
                f'<a href="{aendern}?_changelist_filters=status__exact%3Din_bewertung%26o%3D1">'
            )
        assert zeile["field-bewerten_link"].startswith(f'<a href="{bewerten}">')
    texte = [_text(_zeile(zeilen, sb)["field-bewerten_link"]) for sb in steckbriefe]
    if rolle == "wf":  # by the own Bewertung: finalised, open, draft, befangen, none
        assert texte == ["Ansehen", "Bewerten", "Fortsetzen", "Ansehen", "Ansehen"]
    else:
        assert texte == ["Ansehen"] * 5


def test_hostile_title_and_name_are_escaped(client, steckbriefe):
    client.force_login(wirtschaftsfoerderung(CHEMNITZ))
    html = client.get(LISTE).content.decode()
    _, zeilen = _tabelle(html)
    zeile = _zeile(zeilen, steckbriefe[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co<br>" in zeile["field-titel_anzeige"]
    assert "Verein &quot;A &amp; B&quot; &lt;e.V.&gt;" in zeile["field-titel_anzeige"]
    assert 'aria-label="' in zeile["action-checkbox"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in zeile["action-checkbox"]
    assert "<script>alert(1)" not in html and ORG not in html


def test_selection_checkboxes_drive_the_actions(client, steckbriefe):
    client.force_login(geschaeftsstelle())
    html = client.get(LISTE).content.decode()
    tabelle = html[html.index('<table id="result_list">') :]
    boxen = re.findall(
        r"<input [^>]*>", tabelle[tabelle.index("<tbody>") : tabelle.index("</tbody>")]
    )
    assert len(boxen) == len(steckbriefe)
    for box in boxen:
        assert 'type="checkbox" name="_selected_action"' in box
        assert 'class="action-select"' in box and 'aria-label="' in box
    werte = [re.search(r'value="(\d+)"', b).group(1) for b in boxen]
    assert sorted(map(int, werte)) == sorted(sb.pk for sb in steckbriefe)
    # The values of the page select the Steckbriefe of an action (CSV export).
    antwort = client.post(LISTE, {"action": "csv_exportieren", "_selected_action": werte[:2]})
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("text/csv")
    assert len(antwort.content.decode().strip().splitlines()) == 3


def test_sortable_columns_sort(client, steckbriefe):
    client.force_login(geschaeftsstelle())
    spalten, _ = _tabelle(client.get(LISTE).content.decode())
    sortierbar = {_name(s) for s in spalten if "sortable" in s}
    assert sortierbar == {"titel_anzeige", "status", "hf", "entscheidung"}
    for o, schluessel in [("1", "titel"), ("-1", "-titel"), ("-3", "-handlungsfeld__code")]:
        antwort = client.get(LISTE, {"o": o})
        _, zeilen = _tabelle(antwort.content.decode())
        reihenfolge = [
            int(re.search(r'value="(\d+)"', z["action-checkbox"]).group(1)) for z in zeilen
        ]
        erwartet = Steckbrief.objects.order_by(schluessel, "-pk").values_list("pk", flat=True)
        assert reihenfolge == list(erwartet), o
        assert "sorted" in _tabelle(antwort.content.decode())[0][abs(int(o))]


# --- what a page loads -----------------------------------------------------------------------


def test_page_loads_only_the_columns_of_the_list(client, steckbriefe):
    client.force_login(geschaeftsstelle())
    cl = client.get(LISTE).context["cl"]
    assert cl.spalten_modus
    geladen = cl.result_list[0].get_deferred_fields()
    assert {"ziele", "kurzbeschreibung", "ausgangssituation"} <= geladen
    assert "titel" not in geladen and "status" not in geladen


def test_actions_get_the_whole_steckbrief(client, steckbriefe):
    """Actions (export of the selection, decisions) get ChangeList.get_queryset: every
    field loaded, the deferred loading of the page's rows does not reach them."""
    client.force_login(geschaeftsstelle())
    sb = steckbriefe[0]
    Steckbrief.objects.filter(pk=sb.pk).update(ziele="Ziele für den Export")
    antwort = client.get(LISTE)
    cl = antwort.context["cl"]
    assert cl.result_list[0].get_deferred_fields()  # the page itself is deferred
    auswahl = cl.get_queryset(antwort.wsgi_request).get(pk=sb.pk)
    assert auswahl.get_deferred_fields() == set()
    with CaptureQueriesContext(connection) as abfragen:
        assert auswahl.ziele == "Ziele für den Export"
    assert not abfragen.captured_queries


# Session, user, roles, permissions (2), the count, the page with its annotations, the
# Standorte of the page, the filter lists (Handlungsfelder, Gebietskörperschaften).
SEITE_MAX = 10


def _viele(n: int) -> None:
    org = OrganisationFactory()
    hf = Handlungsfeld.objects.order_by("code").first()
    ch = Gebietskoerperschaft.objects.get(ags=CHEMNITZ)
    neu = Steckbrief.objects.bulk_create(
        Steckbrief(organisation=org, titel=f"V {i}", status=Status.IN_BEWERTUNG, handlungsfeld=hf)
        for i in range(n)
    )
    durch = Steckbrief.gebietskoerperschaften.through
    durch.objects.bulk_create(durch(steckbrief=sb, gebietskoerperschaft=ch) for sb in neu)
    Zuweisung.objects.bulk_create(Zuweisung(steckbrief=sb, gebietskoerperschaft=ch) for sb in neu)


@pytest.mark.parametrize("anzahl", [1, 60])
@pytest.mark.parametrize("rolle", ["gs", "wf"])
def test_query_count_of_a_page(client, rolle, anzahl, django_assert_max_num_queries):
    _viele(anzahl)
    client.force_login(_nutzer(rolle))
    with django_assert_max_num_queries(SEITE_MAX):
        antwort = client.get(LISTE)
    assert antwort.content.decode().count('class="action-select"') == min(anzahl, 50)


# --- fallback: a column that is no Spalte ----------------------------------------------------


def test_a_column_that_is_no_spalte_makes_django_render_the_list(client, steckbriefe, monkeypatch):
    """Explicitly not fast: one plain entry (here the field kurztitel) and Django renders
    every row (calling the Spalte objects per cell); the page says so, the check warns."""
    modell_admin = admin.site.get_model_admin(Steckbrief)
    assert not [f for f in modell_admin.check() if f.id == "kern.W001"]
    monkeypatch.setattr(modell_admin, "list_display", [*modell_admin.list_display, "kurztitel"])
    assert [f.id for f in modell_admin.check() if f.id == "kern.W001"] == ["kern.W001"]
    Steckbrief.objects.filter(pk=steckbriefe[2].pk).update(kurztitel="RG")

    client.force_login(wirtschaftsfoerderung(CHEMNITZ))
    antwort = client.get(LISTE, {"status__exact": Status.IN_BEWERTUNG})
    html = antwort.content.decode()
    cl = antwort.context["cl"]
    assert not cl.spalten_modus and cl.django_spalten == ["kurztitel"]
    assert "<!-- Zeilen von Django gerendert (keine Spalte-Objekte: kurztitel) -->" in html
    assert not cl.result_list[0].get_deferred_fields()  # whole objects
    _, zeilen = _tabelle(html)
    region = _zeile(zeilen, steckbriefe[2])
    assert region["field-kurztitel"] == "RG"
    assert region["field-standort"] == "Gesamte Region"
    assert region["field-meine_bewertung"] == str(Bewertung.Status.ENTWURF.label)
    assert _text(region["field-bewerten_link"]) == "Fortsetzen"
    feindlich = _zeile(zeilen, steckbriefe[0])
    assert feindlich["field-standort"] == "Stadt Chemnitz, Landkreis Zwickau"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co<br>" in feindlich["field-titel_anzeige"]
    aendern = reverse("admin:steckbriefe_steckbrief_change", args=[steckbriefe[0].pk])
    assert (
        f'<a href="{aendern}?_changelist_filters=status__exact%3Din_bewertung">'
        in (feindlich["field-titel_anzeige"])
    )
    assert "<script>alert(1)" not in html


# --- composition -----------------------------------------------------------------------------


def test_the_steckbrief_admin_is_composed_in_the_top_layer(client, steckbriefe):
    from masterplan.admin import SteckbriefAdmin

    modell_admin = admin.site.get_model_admin(Steckbrief)
    assert isinstance(modell_admin, SteckbriefAdmin)  # the site wraps it (BegrenzteSuche)
    assert isinstance(modell_admin, SteckbriefBewertung)
    assert isinstance(modell_admin, basis.SteckbriefAdmin)
    assert all(isinstance(s, Spalte) for s in modell_admin.list_display)
    # The change form gets the link to the scoring page from bewertung's template; no app
    # overrides the Steckbrief's admin templates by path.
    sb = steckbriefe[0]
    client.force_login(geschaeftsstelle())
    antwort = client.get(reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk]))
    assert antwort.templates[0].name == "admin/bewertung/steckbrief_change_form.html"
    bewerten = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    assert f'<a href="{bewerten}">Bewertungsseite</a>' in antwort.content.decode()
    for vorlage in ["change_form.html", "change_list.html"]:
        with pytest.raises(TemplateDoesNotExist):
            get_template(f"admin/steckbriefe/steckbrief/{vorlage}")


def test_the_steckbrief_admin_is_registered_once_after_the_apps_admins():
    """In a fresh process: every admin registration in order; the Steckbrief's is the last
    one, once, from masterplan.admin."""
    code = """
import json, django
from django.contrib.admin import sites
reihenfolge = []
original = sites.AdminSite.register
def register(self, model_or_iterable, admin_class=None, **options):
    modelle = model_or_iterable if isinstance(model_or_iterable, (list, tuple)) else [model_or_iterable]
    reihenfolge.extend(f"{m._meta.label} {getattr(admin_class, '__module__', '')}" for m in modelle)
    return original(self, model_or_iterable, admin_class, **options)
sites.AdminSite.register = register
django.setup()
print(json.dumps(reihenfolge))
"""
    lauf = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "masterplan.settings"},
        check=True,
    )
    reihenfolge = json.loads(lauf.stdout.strip().splitlines()[-1])
    steckbrief = [r for r in reihenfolge if r.startswith("steckbriefe.Steckbrief ")]
    assert steckbrief == ["steckbriefe.Steckbrief masterplan.admin"]
    assert reihenfolge[-1] == steckbrief[0]
    assert any(r.startswith("bewertung.Zuweisung ") for r in reihenfolge)
    assert any(r.startswith("dossiers.ExportJob ") for r in reihenfolge)
