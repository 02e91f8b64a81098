"""The markup of the ranking page: the rows formatted in the view and the filter form's
selects written in Python must show what the template and Django's widgets showed."""

import re

import pytest
from django import forms
from django.urls import reverse

from bewertung.filters import Auswahl, RanglisteFilter
from bewertung.models import Bewertung
from handlungsfelder.models import Handlungsfeld
from steckbriefe.models import Status, Steckbrief

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, zuweisung

pytestmark = pytest.mark.django_db

RANGLISTE = "admin:bewertung_rangliste_changelist"


def _zeile(html: str, titel: str) -> str:
    stelle = html.index(f">{titel}</a>")
    return html[html.rfind("<tr", 0, stelle) : html.index("</tr>", stelle)]


def _zellen(zeile: str) -> list[str]:
    return re.findall(r'<td class="bw-zahl">(?:<strong>)?([^<]*)', zeile)


def _deutsch(wert: float, stellen: int) -> str:
    return f"{wert:.{stellen}f}".replace(".", ",")


def test_row_shows_link_selection_and_every_number(client, gs):
    # A pk above 999: the German thousands separator must not reach value or link.
    sb = final_sb(
        gebiete=[ZWICKAU, CHEMNITZ], status=Status.IN_BEWERTUNG, titel="Zweigeteilt", id=12345
    )
    bewertung_anlegen(zuweisung(sb, ZWICKAU), [5] * 12)
    bewertung_anlegen(zuweisung(sb, CHEMNITZ), [1] + [3] * 11)
    punkte = sorted(Bewertung.objects.values_list("punkte", flat=True))
    client.force_login(gs)

    zeile = _zeile(client.get(reverse(RANGLISTE)).content.decode(), "Zweigeteilt")

    assert 'name="auswahl" value="12345"' in zeile
    assert f'<a href="{reverse("admin:steckbriefe_steckbrief_bewerten", args=[12345])}">' in zeile
    zellen = _zellen(zeile)
    rang, anzahl, kriterien = zellen[0], zellen[1], zellen[2:14]
    assert (rang, anzahl) == ("1", "2/2")
    assert kriterien == ["3,0"] + ["4,0"] * 11  # K1 (5+1)/2, the others (5+3)/2
    mittel, median, spanne = zellen[14:17]
    assert mittel == median == _deutsch(sum(punkte) / 2, 1)
    assert spanne == f"{_deutsch(punkte[0], 0)}–{_deutsch(punkte[1], 0)}"
    assert "Uneinigkeit" in zeile  # spread above 25 points


def test_row_without_scores_shows_dashes(client, gs):
    final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Noch offen")
    client.force_login(gs)

    zeile = _zeile(client.get(reverse(RANGLISTE)).content.decode(), "Noch offen")

    zellen = _zellen(zeile)
    assert zellen[0] == "–" and zellen[1] == "0/1"
    assert set(zellen[2:]) == {"–"}
    assert "Bewertung offen" in zeile


@pytest.mark.parametrize("daten", [{}, {"status": "in_bewertung", "ko": "true", "x": "1"}])
def test_filter_selects_render_as_djangos_select(daten):
    """Every select of the filter form, with and without a choice, exactly as Django's
    select.html renders it (including the model choices)."""
    daten = {**daten, "handlungsfeld": str(Handlungsfeld.objects.get(code="HF2").pk)}
    form = RanglisteFilter(daten, queryset=Steckbrief.objects.all()).form
    auswahlen = [f for f in form if isinstance(f.field.widget, Auswahl)]
    assert len(auswahlen) == 10
    for feld in auswahlen:
        widget = feld.field.widget
        attrs = {"id": feld.auto_id}
        erwartet = forms.Select.render(widget, feld.html_name, feld.value(), attrs)
        assert widget.render(feld.html_name, feld.value(), attrs) == erwartet
        assert str(feld) == erwartet


def test_auswahl_escapes_and_groups_as_django():
    widget = Auswahl(
        attrs={"class": 'a"b', "required": True, "disabled": False},
        choices=[("", "alle"), ("Gruppe <1>", [("g1", "<b>eins</b>"), ("g2", "zwei & drei")])],
    )
    for wert in ["", "g2", None]:
        assert widget.render("feld", wert, {"id": "id_feld"}) == forms.Select.render(
            widget, "feld", wert, {"id": "id_feld"}
        )


def test_numbers_beyond_any_page_or_id_are_no_error(client, gs):
    """Issue 14, 11: ?p=99999… and auswahl=99999… were a 500 (out of the integer range)."""
    sb = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Einziger")
    client.force_login(gs)
    riesig = "9" * 25
    for p in (riesig, "-3", "²", "abc"):
        antwort = client.get(reverse(RANGLISTE), {"p": p})
        assert antwort.status_code == 200 and "Einziger" in antwort.content.decode()
    antwort = client.post(
        reverse(RANGLISTE), {"auswahl": [riesig, "²"], "entscheidung": "priorisiert"}, follow=True
    )
    assert antwort.status_code == 200
    assert "Bitte wählen Sie mindestens einen Steckbrief aus." in antwort.content.decode()
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
