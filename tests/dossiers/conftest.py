"""Fixtures of the dossier tests. Tasks run in-process (tests/conftest.py: celery_eager is
autouse); the integration test uses a real worker on Redis instead."""

import pytest

from tests.factories import UserFactory, geschaeftsstelle, mitglied, wirtschaftsfoerderung

from .hilfen import bewerten, eingereicht


@pytest.fixture(autouse=True)
def _kleine_teile(settings):
    """Chunks of two Steckbriefe, so that five Steckbriefe make three chunks; no e-mails for
    quick jobs."""
    settings.DOSSIER_TEIL_GROESSE = 2
    settings.EXPORT_MAIL_AB_SEKUNDEN = 3600


@pytest.fixture
def gs(db):
    return geschaeftsstelle(first_name="Greta", last_name="Geschäftsstelle")


@pytest.fixture
def wf(db):
    return wirtschaftsfoerderung("14524")


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def fuenf(db):
    """Five submitted Steckbriefe with one finalised Bewertung each (different scores), one
    of them in two Gebietskörperschaften and in another Handlungsfeld."""
    from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld

    steckbriefe = []
    for i in range(5):
        sb = eingereicht(f"Wasserstoff-Reallabor Südwestsachsen {i} – Ärger über Öfen")
        bewerten(
            sb,
            [i % 5 + 1, 3, 4],
            kommentar=f"Kommentar der WF zu Nr. {i}",
            begruendung="Überzeugend",
        )
        steckbriefe.append(sb)
    steckbriefe[0].handlungsfeld = Handlungsfeld.objects.get(code="HF2")
    steckbriefe[0].save()
    steckbriefe[0].gebietskoerperschaften.add(Gebietskoerperschaft.objects.get(ags="14521"))
    return steckbriefe


@pytest.fixture
def einreichend(fuenf):
    """A member of the organisation of the first Steckbrief."""
    return mitglied(fuenf[0].organisation)


@pytest.fixture
def fremd(db):
    return mitglied()
