"""Amounts keep their cents on every page that shows a Steckbrief (issue 12, item 5): a
change in cents must be visible in the diff."""

from decimal import Decimal

import pytest

from steckbriefe.models import SteckbriefVersion
from steckbriefe.versionen import momentaufnahme

from .conftest import url

pytestmark = pytest.mark.django_db


def _mit_betrag(sb, betrag: str):
    sb.gesamtvolumen = Decimal(betrag)
    sb.save()
    return sb


def test_detail_and_print_view_show_the_cents(mc, sb):
    _mit_betrag(sb, "1250000.50")
    for name in ("detail", "druck"):
        text = mc.get(url(name, sb)).content.decode()
        assert "1.250.000,50 €" in text, name


def test_whole_euros_stay_without_decimals(mc, sb):
    _mit_betrag(sb, "1250000.00")
    text = mc.get(url("detail", sb)).content.decode()
    assert "1.250.000 €" in text and "1.250.000,00" not in text


def test_the_diff_shows_a_change_in_cents(mc, sb, user):
    _mit_betrag(sb, "1250000.50")
    SteckbriefVersion.objects.create(steckbrief=sb, nummer=1, daten=momentaufnahme(sb))
    _mit_betrag(sb, "1250000.75")
    SteckbriefVersion.objects.create(steckbrief=sb, nummer=2, daten=momentaufnahme(sb))
    text = mc.get(url("vergleich", sb, alt=1, neu=2)).content.decode()
    assert "Gesamtvolumen" in text
    assert "[entfernt: </span>1.250.000,50" in text
    assert "[neu: </span>1.250.000,75" in text
