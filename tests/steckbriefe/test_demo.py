"""Demo Steckbriefe: one per status, idempotent, on any day."""

import datetime

import pytest
from django.core.management import call_command

from konten.demo import demo_nutzer_anlegen
from steckbriefe.demo import NACHGEBILDET, STECKBRIEFE, demo_steckbriefe_anlegen
from steckbriefe.models import Entscheidung, Status, Steckbrief

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "heute",
    [None, datetime.datetime(2025, 11, 1, 9, tzinfo=datetime.UTC)],
    ids=["heute", "vor-der-ersten-phase"],
)
def test_demo_has_every_status_and_is_idempotent(heute, uhr, django_capture_on_commit_callbacks):
    if heute:
        uhr(heute)
    demo_nutzer_anlegen()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_steckbriefe_anlegen() == len(STECKBRIEFE)
    assert demo_steckbriefe_anlegen() == 0
    steckbriefe = Steckbrief.objects.filter(organisation__name="Stadtwerke Musterhausen GmbH")
    assert set(steckbriefe.values_list("status", flat=True)) == set(Status)
    entschieden = steckbriefe.get(status=Status.ENTSCHIEDEN)
    assert entschieden.entscheidung == Entscheidung.PRIORISIERT
    # the re-enacted submissions say so; later steps went through the services
    assert entschieden.audit.filter(text=NACHGEBILDET).count() == 1
    assert entschieden.audit.filter(aktion="Entscheidung festhalten").exists()
    akademie = steckbriefe.get(titel="Transformationsakademie Energietechnik")
    assert list(akademie.versionen.values_list("art", flat=True)) == ["vorlaeufig", "final"]
    mitglieder = set(
        steckbriefe.first().organisation.mitgliedschaften.values_list("user__email", flat=True)
    )
    assert {"einreichend@demo.example", "kollegin@demo.example"} <= mitglieder


def test_demodaten_command_loads_the_steckbriefe(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demodaten")
    assert Steckbrief.objects.count() == len(STECKBRIEFE)
