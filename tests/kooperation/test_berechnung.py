"""The stored similarity: full recompute, the update of one Steckbrief, the task on the
submission signal, the command."""

import pytest
from django.core.management import call_command

from handlungsfelder.models import Zieldimension
from kooperation import berechnung
from kooperation.models import (
    Aehnlichkeit,
    Kooperationsprofil,
    Stammhaeufigkeit,
    Textprofil,
    Urteil,
    Zusammenhang,
)
from steckbriefe.models import Status, Steckbrief
from steckbriefe.signals import final_eingereicht

from .helfer import eingereicht

pytestmark = pytest.mark.django_db

WAERME = [5, 6, 7, 8]
WASSERSTOFF = [1, 2, 3, 4]


@pytest.fixture
def sbs():
    return {n: eingereicht(n) for n in WAERME + WASSERSTOFF + [41, 42]}


def _liste(sb) -> list[int]:
    return list(
        Aehnlichkeit.objects.filter(steckbrief=sb)
        .order_by("-wert", "anderer_id")
        .values_list("anderer_id", flat=True)
    )


def test_full_recompute_stores_neighbours_with_reasons(sbs):
    assert berechnung.alle_neu_berechnen() == 10
    assert _liste(sbs[5])[0] == sbs[6].pk
    zeile = Aehnlichkeit.objects.get(steckbrief=sbs[5], anderer=sbs[6])
    assert "abwärme" in zeile.begriffe
    assert zeile.zieldimensionen == "HF1.2, HF5.1"
    assert zeile.region == "benachbart"
    assert zeile.gebiete == "14521,14524"
    assert 0 < zeile.wert <= 1
    # The themes stay apart: the three other Wärmenetze come before any Wasserstoff project.
    assert set(_liste(sbs[5])[:3]) == {sbs[n].pk for n in [6, 7, 8]}
    assert set(_liste(sbs[1])[:3]) == {sbs[n].pk for n in [2, 3, 4]}
    assert Textprofil.objects.count() == 10
    assert Stammhaeufigkeit.objects.get(stamm="abwarm").anzahl == 3


def test_drafts_and_withdrawn_steckbriefe_take_no_part(sbs):
    entwurf = eingereicht(6, status=Status.ENTWURF)
    zurueck = eingereicht(6, status=Status.ZURUECKGEZOGEN)
    berechnung.alle_neu_berechnen()
    beteiligt = set(Aehnlichkeit.objects.values_list("steckbrief_id", flat=True)) | set(
        Aehnlichkeit.objects.values_list("anderer_id", flat=True)
    )
    assert entwurf.pk not in beteiligt and zurueck.pk not in beteiligt


def test_update_of_one_matches_the_full_recompute(sbs):
    berechnung.alle_neu_berechnen()
    sb = sbs[41]  # Radschnellweg: becomes a Wärmenetz project
    sb.titel = "Wärmenetz Werdau mit Abwärme aus der Industrie"
    sb.kurzbeschreibung = "Die Abwärme eines Betriebs speist ein Nahwärmenetz für Wohnungen."
    sb.kernansatz = "Bau der Wärmeleitungen, Anschluss der Wohngebäude."
    sb.save()
    sb.zieldimensionen.set(Zieldimension.objects.filter(code__in=["HF5.1", "HF1.2"]))
    assert berechnung.aktualisieren(sb.pk) is True
    nach_update = _liste(sb)
    assert set(nach_update[:4]) == {sbs[n].pk for n in WAERME}
    # It takes its place in the others' lists, too.
    assert sb.pk in _liste(sbs[5])
    berechnung.alle_neu_berechnen()
    assert _liste(sb)[:4] == nach_update[:4]


def test_update_is_idempotent(sbs, django_assert_max_num_queries):
    berechnung.alle_neu_berechnen()
    vorher = list(Aehnlichkeit.objects.order_by("pk").values_list("pk", "wert"))
    with django_assert_max_num_queries(10):
        assert berechnung.aktualisieren(sbs[5].pk) is False
    assert list(Aehnlichkeit.objects.order_by("pk").values_list("pk", "wert")) == vorher


def test_document_frequencies_follow_updates(sbs):
    berechnung.alle_neu_berechnen()
    vorher = Stammhaeufigkeit.objects.get(stamm="abwarm").anzahl
    sb = sbs[5]
    sb.titel = "Wärmenetz Zwickau-Nord"
    sb.kurzbeschreibung = "Ein Nahwärmenetz für 600 Wohnungen ersetzt Gasheizungen."
    sb.kernansatz = "Verlegung der Wärmeleitung, Anschluss der Wohnblöcke."
    sb.save()
    berechnung.aktualisieren(sb.pk)
    assert Stammhaeufigkeit.objects.get(stamm="abwarm").anzahl == vorher - 1


def test_a_withdrawn_steckbrief_leaves_every_list(sbs):
    berechnung.alle_neu_berechnen()
    sb = sbs[6]
    assert Aehnlichkeit.objects.filter(anderer=sb).exists()
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.ZURUECKGEZOGEN)
    assert berechnung.aktualisieren(sb.pk) is True
    assert not Aehnlichkeit.objects.filter(anderer=sb).exists()
    assert not Aehnlichkeit.objects.filter(steckbrief=sb).exists()
    assert not Textprofil.objects.filter(steckbrief=sb).exists()


def test_pairs_judged_unrelated_are_not_stored(sbs, geschaeftsstelle_user):
    a, b = sorted([sbs[5].pk, sbs[6].pk])
    Zusammenhang.objects.create(
        erster_id=a, zweiter_id=b, urteil=Urteil.KEIN_ZUSAMMENHANG, von=geschaeftsstelle_user
    )
    berechnung.alle_neu_berechnen()
    assert sbs[6].pk not in _liste(sbs[5])
    assert sbs[5].pk not in _liste(sbs[6])
    Textprofil.objects.filter(steckbrief=sbs[5]).update(fingerabdruck="alt")
    berechnung.aktualisieren(sbs[5].pk)
    assert sbs[6].pk not in _liste(sbs[5])
    assert sbs[5].pk not in _liste(sbs[6])


def test_the_offer_of_the_boerse_counts(sbs):
    berechnung.alle_neu_berechnen()
    sucht = eingereicht(35)  # seeks a research institute for technical textiles
    bietet = eingereicht(34)
    berechnung.aktualisieren(sucht.pk)
    berechnung.aktualisieren(bietet.pk)
    vorher = Aehnlichkeit.objects.get(steckbrief=sucht, anderer=bietet).wert_gesucht
    Kooperationsprofil.objects.create(
        steckbrief=bietet, angebot="Forschung zu technischen Textilien und Faserverbund"
    )
    berechnung.aktualisieren(bietet.pk)
    zeile = Aehnlichkeit.objects.get(steckbrief=sucht, anderer=bietet)
    assert vorher == 0
    assert zeile.wert_gesucht > 0.3
    assert "faserverbund" in zeile.gesucht_begriffe


def test_the_submission_signal_recomputes_after_commit(sbs, django_capture_on_commit_callbacks):
    berechnung.alle_neu_berechnen()
    neu = eingereicht(6, titel="Nahwärmenetz Aue mit Abwärme aus der Industrie")
    with django_capture_on_commit_callbacks(execute=False) as rueckrufe:
        final_eingereicht.send(Steckbrief, steckbrief=neu, version=None, akteur=None)
    assert not Aehnlichkeit.objects.filter(steckbrief=neu).exists()  # not before the commit
    for rueckruf in rueckrufe:
        rueckruf()
    assert _liste(neu)[0] in {sbs[5].pk, sbs[6].pk}


def test_the_command_recomputes_everything(sbs):
    Aehnlichkeit.objects.all().delete()
    call_command("aehnlichkeit_neu_berechnen", stdout=(ausgabe := __import__("io").StringIO()))
    assert "10 Steckbrief(e) und Idee(n) neu berechnet" in ausgabe.getvalue()
    assert Aehnlichkeit.objects.filter(steckbrief=sbs[5]).exists()


def test_the_nightly_recompute_is_a_registered_task(settings):
    from masterplan.celery import app

    app.loader.import_default_modules()
    eintrag = settings.CELERY_BEAT_SCHEDULE["kooperation-aehnlichkeit"]
    assert eintrag["task"] in app.tasks


def test_withdrawing_by_the_service_takes_it_out_after_commit(
    sbs, django_capture_on_commit_callbacks
):
    from steckbriefe import services
    from tests.factories import mitglied

    berechnung.alle_neu_berechnen()
    sb = sbs[6]
    assert Aehnlichkeit.objects.filter(anderer=sb).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.zurueckziehen(sb, mitglied(sb.organisation), "Projekt entfällt")
    assert not Aehnlichkeit.objects.filter(anderer=sb).exists()
    assert not Aehnlichkeit.objects.filter(steckbrief=sb).exists()


def test_the_preliminary_submission_signal_recomputes_after_commit(
    sbs, django_capture_on_commit_callbacks
):
    from steckbriefe.signals import vorlaeufig_eingereicht

    berechnung.alle_neu_berechnen()
    neu = eingereicht(6, status=Status.VORLAEUFIG_EINGEREICHT, titel="Nahwärmenetz Aue")
    with django_capture_on_commit_callbacks(execute=True):
        vorlaeufig_eingereicht.send(Steckbrief, steckbrief=neu, version=None, akteur=None)
    assert _liste(neu)[0] in {sbs[5].pk, sbs[6].pk}


def test_a_broker_that_is_down_does_not_fail_the_submission(sbs, monkeypatch, caplog):
    """Redis down: the submission goes through; the nightly recompute catches up."""
    from kombu.exceptions import OperationalError

    from kooperation import signale, tasks

    def kaputt(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.aehnlichkeit_aktualisieren, "delay", kaputt)
    assert signale.einreihen(sbs[5].pk) is False
    assert "Broker nicht erreichbar" in caplog.text
