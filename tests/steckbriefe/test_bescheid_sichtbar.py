"""A decision reaches the submitters with its notice: until the Geschäftsstelle releases it
("Bescheide versenden"), the portal shows the Steckbrief as "Bewertet", without the decision,
on the dashboard, the detail page, the print view and in the status filter."""

import pytest
from django.utils import timezone

from steckbriefe.models import Status, Steckbrief

from .conftest import url

pytestmark = pytest.mark.django_db


def _entschieden(sb, mitgeteilt: bool):
    Steckbrief.objects.filter(pk=sb.pk).update(
        status=Status.ENTSCHIEDEN,
        entscheidung="priorisiert",
        entscheidung_mitgeteilt_am=timezone.now() if mitgeteilt else None,
    )


def _texte(mc, sb) -> list[str]:
    return [
        mc.get(url("dashboard")).content.decode(),
        mc.get(url("detail", sb)).content.decode(),
        mc.get(url("druck", sb)).content.decode(),
    ]


def test_an_unreleased_decision_is_not_shown_to_the_submitters(mc, sb):
    _entschieden(sb, mitgeteilt=False)
    for html in _texte(mc, sb):
        assert "Bewertet" in html
        assert "priorisiert" not in html and "Entschieden" not in html.split("<select")[0]
    gefiltert = mc.get(url("dashboard") + "?status=entschieden").content.decode()
    assert sb.titel not in gefiltert
    assert sb.titel in mc.get(url("dashboard") + "?status=bewertet").content.decode()


def test_a_released_decision_is_shown(mc, sb):
    _entschieden(sb, mitgeteilt=True)
    for html in _texte(mc, sb):
        assert "Entschieden" in html and "priorisiert" in html
    assert sb.titel in mc.get(url("dashboard") + "?status=entschieden").content.decode()
