"""The portfolio's filter by call (issue 17, "Filters by call, phase, decision"): only the
calls of Steckbriefe are offered; a call narrows figures, heat map and gaps."""

import pytest
from django.urls import reverse
from django.utils import timezone

from handlungsfelder.models import Aufruf, Zieldimension
from portfolio.forms import FilterForm
from portfolio.kennzahlen import Filter, berechnen
from steckbriefe.models import Status, Steckbrief
from tests.factories import SteckbriefFactory, geschaeftsstelle, ideenaufruf

pytestmark = pytest.mark.django_db


def _zweiter_aufruf():
    return Aufruf.objects.create(
        slug="fachkraefte-2027",
        name="Fachkräfte-Aufruf 2027",
        format="projektsteckbrief",
        teilnehmende="organisationen",
        kurzbeschreibung="Maßnahmen gegen den Fachkräftemangel.",
        beschreibung="Worum es geht.",
        zielgruppe="Kommunen und Unternehmen.",
        bewertungsverfahren="Die Wirtschaftsförderungen bewerten.",
    )


def _sb(aufruf, ziel):
    sb = SteckbriefFactory(aufruf=aufruf)
    sb.zieldimensionen.set(Zieldimension.objects.filter(code=ziel))
    Steckbrief.objects.filter(pk=sb.pk).update(
        status=Status.FINAL_EINGEREICHT, final_eingereicht_am=timezone.now()
    )
    return sb


@pytest.fixture
def zwei_aufrufe():
    standard = Aufruf.objects.get(slug=Steckbrief._meta.get_field("aufruf").default)
    fachkraefte = _zweiter_aufruf()
    _sb(standard, "HF1.1")
    _sb(standard, "HF1.1")
    _sb(fachkraefte, "HF4.2")
    return standard, fachkraefte


def test_a_call_narrows_the_figures(zwei_aufrufe):
    standard, fachkraefte = zwei_aufrufe
    assert berechnen(Filter()).summe.anzahl == 3
    p = berechnen(Filter(aufruf=fachkraefte.slug))
    assert p.summe.anzahl == 1
    assert {zd.code: g.anzahl for zd, _, g in p.zeilen}["HF4.2"] == 1
    assert "HF1.1" in {zd.code for zd in p.luecken_zieldimensionen}
    assert berechnen(Filter(aufruf=standard.slug)).summe.anzahl == 2
    # Combined with the other filters.
    assert berechnen(Filter(aufruf=standard.slug, entscheidung="priorisiert")).summe.anzahl == 0


def test_only_steckbrief_calls_are_offered_and_garbage_is_ignored(client, zwei_aufrufe):
    _, fachkraefte = zwei_aufrufe
    ideen = ideenaufruf(name="Industrie.Neu.Denken")
    angeboten = dict(FilterForm().fields["aufruf"].choices)
    assert angeboten[fachkraefte.slug] == "Fachkräfte-Aufruf 2027"
    assert ideen.slug not in angeboten
    client.force_login(geschaeftsstelle())
    seite = client.get(reverse("portfolio:uebersicht"), {"aufruf": fachkraefte.slug})
    assert '<dd id="zahl-vorhaben">1</dd>' in seite.content.decode()
    assert 'name="aufruf"' in seite.content.decode()
    # An unknown call (or an Ideenwettbewerb's slug) is not a choice: the filter is ignored.
    for unbekannt in ["gibt-es-nicht", ideen.slug, "' OR 1=1 --"]:
        seite = client.get(reverse("portfolio:uebersicht"), {"aufruf": unbekannt})
        assert seite.status_code == 200
        assert '<dd id="zahl-vorhaben">3</dd>' in seite.content.decode()
