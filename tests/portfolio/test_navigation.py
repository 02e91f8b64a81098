"""The portal's navigation offers the portfolio to the Geschäftsstelle and the
Lenkungskreis, the Bündelung to the Geschäftsstelle, and neither to anyone else; asking costs
no query beyond the roles the navigation reads anyway."""

import pytest
from django.urls import reverse

from tests.factories import geschaeftsstelle, mitglied

from .test_uebersicht import lenkungskreis

pytestmark = pytest.mark.django_db

PORTFOLIO = 'href="/portfolio/"'
BUENDELUNG = 'href="/kooperation/buendelung/"'


def _nav(client, user=None) -> str:
    if user:
        client.force_login(user)
    html = client.get(reverse("handlungsfelder")).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def test_the_lenkungskreis_finds_the_portfolio_in_the_navigation(client):
    nav = _nav(client, lenkungskreis())
    assert PORTFOLIO in nav and ">Portfolio<" in nav
    assert BUENDELUNG not in nav


def test_the_geschaeftsstelle_finds_portfolio_and_buendelung(client):
    nav = _nav(client, geschaeftsstelle())
    assert PORTFOLIO in nav and BUENDELUNG in nav


@pytest.mark.parametrize("wer", ["anonym", "mitglied"])
def test_others_are_not_offered_either(client, wer):
    nav = _nav(client, mitglied() if wer == "mitglied" else None)
    assert PORTFOLIO not in nav and BUENDELUNG not in nav


def test_asking_costs_no_query_of_its_own(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = lenkungskreis()
    client.force_login(user)
    client.get(reverse("handlungsfelder"))
    with CaptureQueriesContext(connection) as mit:
        client.get(reverse("handlungsfelder"))
    gruppen = [q for q in mit if 'FROM "auth_group"' in q["sql"] or "auth_user_groups" in q["sql"]]
    assert len(gruppen) == 1, gruppen  # the roles, read once for the whole navigation
