"""kern.formate: the portal's one German number format, whatever language is active."""

from decimal import Decimal

import pytest
from django.utils import translation

from kern.formate import betrag, eur, eur_betrag, mio_eur, punkte, zahl


@pytest.mark.parametrize(
    ("wert", "stellen", "text"),
    [
        (2500000, 0, "2.500.000"),
        (1234, 0, "1.234"),
        (999, 0, "999"),
        (-1234567, 0, "-1.234.567"),
        (3.456, 1, "3,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        ("2500000.00", 0, "2.500.000"),
        (80.0, None, "80,0"),
        (-0.04, 1, "0,0"),
    ],
)
def test_zahl(wert, stellen, text):
    assert zahl(wert, stellen) == text


@pytest.mark.parametrize("wert", [None, "", "abc", float("nan"), float("inf")])
def test_empty_or_invalid(wert):
    assert zahl(wert) == "" and eur(wert) == "" and mio_eur(wert) == ""
    assert punkte(wert) == "–"


def test_amounts():
    assert eur(2500000) == "2.500.000 €"
    assert eur(Decimal("2500000.5"), 2) == "2.500.000,50 €"
    assert mio_eur(Decimal("2500000")) == "2,5 Mio. €"
    assert mio_eur(850000) == "850.000 €"
    assert betrag(Decimal("2500000.00")) == "2.500.000"
    assert betrag(Decimal("2500000.50")) == "2.500.000,50"
    assert eur_betrag(Decimal("1250000.50")) == "1.250.000,50 €"
    assert eur_betrag(Decimal("1250000.00")) == "1.250.000 €"
    assert eur_betrag(Decimal("0.05")) == "0,05 €"
    assert eur_betrag(None) == "" and eur_betrag("x") == ""


def test_scores_round_like_python():
    assert punkte(72.456) == "72,5"
    assert punkte(4, 1) == "4,0"
    assert punkte(61.25, 0) == "61"


def test_independent_of_the_active_language():
    with translation.override("en"):
        assert eur(1234567.5, 2) == "1.234.567,50 €"
    with translation.override(None):
        assert zahl(1234.5, 1) == "1.234,5"
