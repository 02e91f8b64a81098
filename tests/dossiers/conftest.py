"""Fixtures of the dossier tests. Unit tests run the Celery tasks in-process (celery_eager),
so they never queue messages into the development broker; the integration test uses a real
worker on Redis instead."""

import pytest

from tests.factories import UserFactory, geschaeftsstelle, mitglied, wirtschaftsfoerderung

from .hilfen import bewerten, eingereicht


@pytest.fixture(autouse=True)
def _celery_und_teile(request, settings):
    settings.DOSSIER_TEIL_GROESSE = 2
    settings.EXPORT_MAIL_AB_SEKUNDEN = 3600
    if request.node.get_closest_marker("integration"):
        yield
        return
    request.getfixturevalue("celery_eager")
    yield


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
