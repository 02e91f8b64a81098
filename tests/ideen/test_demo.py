"""The demo step of `make run`: an open second round with three ideas of two individual
accounts (no Organisation), idempotent."""

import pytest

from handlungsfelder.models import Aufruf
from handlungsfelder.phasen import aufruf_offen
from ideen import beitraege
from ideen.demo import FORSCHER, GRUENDERIN, RUNDE_2
from ideen.models import Idee, Status
from konten.beitraege import demoschritte
from konten.demo import DEMO_PASSWORT
from konten.models import Mitgliedschaft, User

pytestmark = pytest.mark.django_db


def test_demo_step_creates_an_open_round_with_three_ideas_once():
    assert beitraege.demo in demoschritte()
    text, anzahl = beitraege.demo()
    assert anzahl == 3 and "Runde 2" in text
    assert beitraege.demo()[1] == 0
    runde = Aufruf.objects.get(slug=RUNDE_2)
    assert aufruf_offen(runde)
    ideen = Idee.objects.filter(aufruf=runde)
    assert ideen.count() == 3
    assert ideen.filter(status=Status.EINGEREICHT).count() == 2
    assert ideen.get(status=Status.ENTWURF).mitwirkende.get().user.email == FORSCHER
    for email in (GRUENDERIN, FORSCHER):
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORT) and not user.is_staff
        assert not Mitgliedschaft.objects.filter(user=user).exists()
