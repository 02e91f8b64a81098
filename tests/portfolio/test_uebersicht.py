"""The portfolio for the Geschäftsstelle and the Lenkungskreis: figures, gaps, filters,
charts, access."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from bewertung.models import Bewertungsergebnis, Kriterienkatalog
from handlungsfelder.models import Zieldimension
from portfolio.kennzahlen import Filter, berechnen
from portfolio.regeln import LENKUNGSKREIS
from steckbriefe.models import Status, Steckbrief
from tests.factories import (
    OrganisationFactory,
    SteckbriefFactory,
    UserFactory,
    geschaeftsstelle,
    mitglied,
    wirtschaftsfoerderung,
)

pytestmark = pytest.mark.django_db
ZWICKAU, CHEMNITZ = "14524", "14511"


def _sb(ziele, gebiete, foerdermittel, status=Status.FINAL_EINGEREICHT, punkte=None, **felder):
    sb = SteckbriefFactory(gebiete=gebiete, foerdermittel=Decimal(foerdermittel), **felder)
    sb.zieldimensionen.set(Zieldimension.objects.filter(code__in=ziele))
    Steckbrief.objects.filter(pk=sb.pk).update(status=status, final_eingereicht_am=timezone.now())
    if punkte is not None:
        Bewertungsergebnis.objects.create(
            steckbrief=sb,
            katalog=Kriterienkatalog.objects.get(aktiv=True),
            anzahl=1,
            mittelwert=punkte,
            minimum=punkte,
            maximum=punkte,
            standardabweichung=0,
        )
    return sb


def lenkungskreis():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=LENKUNGSKREIS))
    return user


@pytest.fixture
def bestand():
    return [
        _sb(
            ["HF1.1"],
            [ZWICKAU],
            1_000_000,
            punkte=70.0,
            entscheidung="priorisiert",
            vorhabenart="investition",
        ),
        _sb(["HF1.1", "HF2.1"], [ZWICKAU, CHEMNITZ], 500_000, punkte=50.0, vorhabenart="netzwerk"),
        _sb(["HF2.1"], [], 250_000, gesamte_region=True),
        # Neither a draft nor a withdrawn Steckbrief counts.
        _sb(["HF3.1"], [ZWICKAU], 9_000_000, status=Status.ENTWURF),
        _sb(["HF3.1"], [ZWICKAU], 9_000_000, status=Status.ZURUECKGEZOGEN),
    ]


def _zeile(p, code):
    return next((zellen, gesamt) for zd, zellen, gesamt in p.zeilen if zd.code == code)


def _zelle(p, code, spalte):
    zellen, _ = _zeile(p, code)
    return zellen[[s for s, _ in p.spalten].index(spalte)]


def test_matrix_counts_money_and_mean_scores(bestand):
    p = berechnen(Filter())
    z = _zelle(p, "HF1.1", ZWICKAU)
    assert (z.anzahl, z.foerdermittel, z.mittelwert, z.priorisiert) == (2, 1_500_000, 60.0, 1)
    z = _zelle(p, "HF2.1", CHEMNITZ)
    assert (z.anzahl, z.foerdermittel, z.mittelwert) == (1, 500_000, 50.0)
    z = _zelle(p, "HF2.1", "gesamt")
    assert (z.anzahl, z.foerdermittel, z.mittelwert) == (1, 250_000, None)
    # The row counts a Vorhaben in two Gebietskörperschaften once.
    _, gesamt = _zeile(p, "HF2.1")
    assert (gesamt.anzahl, gesamt.foerdermittel) == (2, 750_000)
    assert (p.summe.anzahl, p.summe.foerdermittel) == (3, 1_750_000)
    assert (p.priorisiert.anzahl, p.priorisiert.foerdermittel) == (1, 1_000_000)
    assert _zelle(p, "HF3.1", ZWICKAU).anzahl == 0


def test_gaps_are_what_no_vorhaben_addresses(bestand):
    p = berechnen(Filter())
    codes = {zd.code for zd in p.luecken_zieldimensionen}
    assert "HF3.1" in codes  # only a draft and a withdrawn Steckbrief
    assert "HF1.1" not in codes and "HF2.1" not in codes
    assert len(p.luecken_teilziele) > 0 and len(p.luecken_kpis) > 0


def test_filters_narrow_the_set(bestand):
    p = berechnen(Filter(entscheidung="priorisiert"))
    assert p.summe.anzahl == 1
    assert "HF2.1" in {zd.code for zd in p.luecken_zieldimensionen}
    assert berechnen(Filter(phase="vorlaeufig")).summe.anzahl == 0
    assert berechnen(Filter(handlungsfeld="HF1")).summe.anzahl == 3
    assert berechnen(Filter(handlungsfeld="HF2")).summe.anzahl == 0


def test_distributions_compare_the_prioritised_set(bestand):
    p = berechnen(Filter())
    art = next(v for v in p.verteilungen if v.titel == "Vorhabenart")
    zeilen = {name: (alle, prio) for name, alle, prio in art.zeilen}
    assert zeilen["Investition / Infrastruktur"] == (1, 1)
    assert zeilen["Netzwerk / Kooperation"] == (1, 0)
    assert zeilen["keine Angabe"] == (1, 0)


@pytest.mark.parametrize("wer", [geschaeftsstelle, lenkungskreis])
def test_the_page_shows_heat_map_bars_and_tables(client, bestand, wer):
    client.force_login(wer())
    antwort = client.get(reverse("portfolio:uebersicht"))
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert 'role="img"' in seite and '<title id="heatmap-t">' in seite
    assert "HF1.1 Digitale Prozesse ausbauen – Landkreis Zwickau: 2 Vorhaben" in seite
    assert seite.count("<svg") == 4  # heat map and three bar charts
    assert "<caption>Vorhaben, beantragte Fördermittel" in seite
    assert "1.750.000 €" in seite
    assert "<script" not in seite.split("<main")[1].split("</main>")[0]


def test_filters_on_the_page(client, bestand):
    client.force_login(lenkungskreis())
    seite = client.get(reverse("portfolio:uebersicht"), {"entscheidung": "priorisiert"})
    assert '<dd id="zahl-vorhaben">1</dd>' in seite.content.decode()
    # An unknown value is ignored, not an error.
    seite = client.get(reverse("portfolio:uebersicht"), {"phase": "x"})
    assert seite.status_code == 200


def test_no_one_else_sees_the_portfolio(client):
    assert client.get(reverse("portfolio:uebersicht")).status_code == 302
    for person in (mitglied(), wirtschaftsfoerderung(ZWICKAU), UserFactory()):
        client.force_login(person)
        assert client.get(reverse("portfolio:uebersicht")).status_code == 403
    gesperrt = lenkungskreis()
    gesperrt.is_active = False
    gesperrt.save()
    from portfolio.regeln import darf_portfolio_sehen

    assert not darf_portfolio_sehen(gesperrt)


@pytest.mark.parametrize("anzahl", [1, 25])
def test_query_count(client, django_assert_max_num_queries, anzahl):
    org = OrganisationFactory()
    for i in range(anzahl):
        _sb(
            ["HF1.1", "HF2.2"], [ZWICKAU, CHEMNITZ], 1000 * i, punkte=50.0 + i % 3, organisation=org
        )
    client.force_login(lenkungskreis())
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portfolio:uebersicht")).status_code == 200
