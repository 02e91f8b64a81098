"""Demo Bewertungen: idempotent, consistent with the statuses, robust without demo data."""

import pytest
from django.core.management import call_command

from bewertung.aggregation import rangliste
from bewertung.demo import demo_bewertungen_anlegen
from bewertung.models import Bewertung, Zuweisung
from konten.demo import demo_nutzer_anlegen
from steckbriefe.models import Status, Steckbrief

from .conftest import CHEMNITZ, ZWICKAU, final_sb

pytestmark = pytest.mark.django_db


def test_nothing_to_do_without_steckbriefe():
    assert demo_bewertungen_anlegen() == 0
    assert not Zuweisung.objects.exists()


def test_scores_what_exists_and_is_idempotent():
    demo_nutzer_anlegen()
    bewertet = final_sb(gebiete=[ZWICKAU], status=Status.BEWERTET, titel="Bewertet")
    laufend = final_sb(gebiete=[CHEMNITZ], status=Status.IN_BEWERTUNG, titel="Laufend")
    eingereicht = final_sb(gebiete=[ZWICKAU], zuweisen=False, titel="Eingereicht")
    entwurf = final_sb(status=Status.ENTWURF, zuweisen=False, titel="Entwurf")

    neu = demo_bewertungen_anlegen()
    assert neu == 4
    assert demo_bewertungen_anlegen() == 0
    assert Bewertung.objects.count() == 4

    # bewertet: location + cross-review, both finalised
    assert bewertet.zuweisungen.count() == 2
    assert not bewertet.zuweisungen.exclude(bewertung__status="abgeschlossen").exists()
    # in Bewertung: one finalised, one draft
    assert sorted(laufend.zuweisungen.values_list("bewertung__status", flat=True)) == [
        "abgeschlossen",
        "entwurf",
    ]
    assert (
        eingereicht.zuweisungen.count() == 1
        and not Bewertung.objects.filter(zuweisung__steckbrief=eingereicht).exists()
    )
    assert not entwurf.zuweisungen.exists()
    # statuses untouched
    assert list(Steckbrief.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.BEWERTET,
        Status.IN_BEWERTUNG,
        Status.FINAL_EINGEREICHT,
        Status.ENTWURF,
    ]
    zeilen = {z.titel: z for z in rangliste()}
    assert zeilen["Bewertet"].anzahl_bewertungen == 2 and zeilen["Bewertet"].rang is not None
    assert zeilen["Laufend"].anzahl_bewertungen == 1


def test_demodaten_command_gives_the_ranking_content():
    call_command("demodaten")
    ranked = [z for z in rangliste() if z.rang is not None]
    assert ranked, "the demo ranking has scored Steckbriefe"
    vorher = (Bewertung.objects.count(), Zuweisung.objects.count(), Steckbrief.objects.count())
    call_command("demodaten")
    assert (Bewertung.objects.count(), Zuweisung.objects.count(), Steckbrief.objects.count()) == (
        vorher
    )
    bewertet = Steckbrief.objects.filter(status__in=[Status.BEWERTET, Status.ENTSCHIEDEN])
    assert (
        not Zuweisung.objects.filter(steckbrief__in=bewertet)
        .exclude(bewertung__status="abgeschlossen")
        .exists()
    )
