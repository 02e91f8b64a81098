"""The read-only role Lenkungskreis on every row of the authorization matrix: it answers
exactly as an ordinary account without Organisation and without staff rights – except the
portfolio, which it sees. The matrix keeps its seven role columns; this walk adds the two
accounts to the matrix data (module-scoped, rolled back like the matrix's own)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve

from portfolio.regeln import LENKUNGSKREIS, darf_portfolio_sehen
from tests.factories import UserFactory

from .matrix import ZEILEN
from .test_berechtigungsmatrix import _anfrage, _broker_gesund, _dateien, daten  # noqa: F401

pytestmark = pytest.mark.django_db

PORTFOLIO = {"portfolio/"}


@pytest.fixture(scope="module")
def personen(daten, django_db_blocker):  # noqa: F811 - the imported fixture
    with django_db_blocker.unblock():
        daten.ohne_rolle = UserFactory(email="ohne-rolle@example.org")
        daten.lenkungskreis = UserFactory(email="lenkungskreis@example.org")
        daten.lenkungskreis.groups.add(Group.objects.get(name=LENKUNGSKREIS))
    return daten


def test_the_role_exists_and_carries_no_django_permission(personen):
    gruppe = Group.objects.get(name=LENKUNGSKREIS)
    assert not gruppe.permissions.exists()
    assert darf_portfolio_sehen(personen.lenkungskreis)
    assert not darf_portfolio_sehen(personen.ohne_rolle)
    assert not personen.lenkungskreis.is_staff


def test_the_portfolio_rows_exist():
    assert PORTFOLIO <= {z.muster for z in ZEILEN}


@pytest.mark.parametrize("zeile", ZEILEN, ids=lambda z: z.name)
def test_lenkungskreis_answers_like_an_account_without_role(personen, zeile):
    url = zeile.url(personen)
    assert resolve(urlsplit(url).path).route == zeile.muster
    ohne_rolle = _anfrage(personen, "ohne_rolle", zeile, url)
    lenkungskreis = _anfrage(personen, "lenkungskreis", zeile, url)
    if zeile.muster in PORTFOLIO:
        assert ohne_rolle == 403
        assert lenkungskreis == 200
    else:
        assert lenkungskreis == ohne_rolle, f"{zeile.methode} {url}"
