"""Service rules of an idea, including misuse: submitting after the deadline, editing or
submitting someone else's idea, a co-entrant removing the owner or others, huge fields,
invitation caps."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from ideen import services
from ideen.models import Idee, IdeeEinladung, IdeeProtokoll, IdeeVersion, Mitwirkende, Status
from tests.factories import UserFactory, geschaeftsstelle, idee, ideenaufruf

pytestmark = pytest.mark.django_db

FELDER = {
    "titel": "Zweites Leben für Batterien",
    "kernsatz": "Gebrauchte Batterien werden Speicher.",
    "problem": "Batterien fallen an.",
    "loesung": "Prüfstand und Mietmodell.",
    "reifegrad": 5,
    "gebietskoerperschaft": None,
    "regionsbezug": "Zulieferer in Zwickau.",
    "unterstuetzung": "",
}


@pytest.fixture
def aufruf():
    return ideenaufruf()


@pytest.fixture
def person():
    return UserFactory(first_name="Lena", last_name="Lötkolben")


def test_a_person_without_organisation_creates_and_submits_an_idea(
    aufruf, person, django_capture_on_commit_callbacks
):
    neu = services.idee_anlegen(aufruf, person, FELDER, [("Lena Lötkolben", "Gründerin")])
    assert neu.status == Status.ENTWURF and neu.eigentuemer == person
    assert list(neu.team.values_list("name", "rolle")) == [("Lena Lötkolben", "Gründerin")]
    with django_capture_on_commit_callbacks(execute=True):
        services.einreichen(neu, person)
    neu.refresh_from_db()
    assert neu.status == Status.EINGEREICHT and neu.eingereicht_am is not None
    version = IdeeVersion.objects.get(idee=neu)
    assert version.nummer == 1
    assert ["Titel", "Zweites Leben für Batterien"] in version.daten["felder"]
    assert ["Team (Personen und Rollen)", "Lena Lötkolben – Gründerin"] in version.daten["felder"]
    assert IdeeProtokoll.objects.filter(idee=neu, aktion="Eingereicht", akteur=person).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert "Eingangsbestätigung" in mail.outbox[0].subject
    assert neu.get_absolute_url() in mail.outbox[0].body


def test_submitting_after_the_deadline_is_refused_on_the_server(aufruf, person):
    neu = idee(aufruf, person)
    ende = aufruf.phasen.get().ende
    nach_schluss = datetime.datetime.combine(ende + datetime.timedelta(days=1), datetime.time(9))
    with time_machine.travel(timezone.make_aware(nach_schluss), tick=False):
        with pytest.raises(services.NichtMoeglich, match=r"endete am \d\d\.\d\d\.\d{4}"):
            services.einreichen(neu, person)
        with pytest.raises(services.NichtMoeglich, match="endete am"):
            services.entwurf_speichern(neu, person, FELDER, [], revision=neu.revision)
        assert services.anlegen_hindernis(person, aufruf).startswith("Die Einreichungsfrist")
    neu.refresh_from_db()
    assert neu.status == Status.ENTWURF
    assert not IdeeVersion.objects.exists()


def test_the_last_day_of_the_phase_still_takes_submissions(aufruf, person):
    neu = idee(aufruf, person)
    ende = aufruf.phasen.get().ende
    spaet = timezone.make_aware(datetime.datetime.combine(ende, datetime.time(23, 30)))
    with time_machine.travel(spaet, tick=False):
        services.einreichen(neu, person)
    neu.refresh_from_db()
    assert neu.status == Status.EINGEREICHT


def test_an_incomplete_idea_is_not_submitted(aufruf, person):
    neu = idee(aufruf, person, vollstaendig=False, titel="Nur ein Titel")
    with pytest.raises(services.NichtMoeglich, match="Es fehlen noch Angaben: Idee in einem"):
        services.einreichen(neu, person)
    neu.refresh_from_db()
    assert neu.status == Status.ENTWURF


def test_someone_elses_idea_can_be_neither_edited_nor_submitted(aufruf, person):
    neu = idee(aufruf, person)
    fremd = UserFactory()
    with pytest.raises(services.NichtMoeglich):
        services.entwurf_speichern(neu, fremd, {**FELDER, "titel": "Gekapert"}, [], revision=1)
    with pytest.raises(services.NichtMoeglich):
        services.einreichen(neu, fremd)
    with pytest.raises(services.NichtMoeglich):
        services.zurueckziehen(neu, fremd)
    with pytest.raises(services.NichtMoeglich):
        services.einladen(neu, fremd, "komplize@example.org")
    neu.refresh_from_db()
    assert neu.titel == "Sensorhaut für Greifer" and neu.status == Status.ENTWURF


def test_a_stale_revision_is_a_conflict(aufruf, person):
    neu = idee(aufruf, person)
    services.entwurf_speichern(neu, person, FELDER, [("Lena Lötkolben", "")], revision=1)
    with pytest.raises(services.Konflikt):
        services.entwurf_speichern(neu, person, {**FELDER, "titel": "Alt"}, [], revision=1)
    neu.refresh_from_db()
    assert neu.titel == FELDER["titel"] and neu.revision == 2


def test_huge_fields_and_teams_are_refused(aufruf, person):
    with pytest.raises(services.NichtMoeglich, match="höchstens 3000 Zeichen"):
        services.idee_anlegen(aufruf, person, {**FELDER, "problem": "x" * 100_000}, [])
    with pytest.raises(services.NichtMoeglich, match="höchstens 12 Personen"):
        services.idee_anlegen(aufruf, person, FELDER, [("Anna Muster", "")] * 13)
    with pytest.raises(services.NichtMoeglich, match="kein Name"):
        services.idee_anlegen(aufruf, person, FELDER, [("Besuchen Sie www.spam.de", "")])
    assert not Idee.objects.exists()


def test_staff_accounts_do_not_take_part(aufruf):
    gs = geschaeftsstelle()
    assert "Wer Steckbriefe bewertet" in services.anlegen_hindernis(gs, aufruf)
    with pytest.raises(services.NichtMoeglich):
        services.idee_anlegen(aufruf, gs, FELDER, [])


def test_drafts_per_person_are_capped(aufruf, person, settings):
    settings.IDEEN_MAX_ENTWUERFE = 2
    services.idee_anlegen(aufruf, person, FELDER, [])
    services.idee_anlegen(aufruf, person, FELDER, [])
    with pytest.raises(services.NichtMoeglich, match="bereits 2 Entwürfe"):
        services.idee_anlegen(aufruf, person, FELDER, [])


def _mitwirkende(neu, email="mit@example.org"):
    mit = UserFactory(email=email)
    einladung = services.einladen(neu, neu.eigentuemer, email)
    services.einladung_annehmen(einladung, mit)
    return mit


def test_invited_co_entrant_joins_edits_and_submits(
    aufruf, person, django_capture_on_commit_callbacks
):
    neu = idee(aufruf, person)
    with django_capture_on_commit_callbacks(execute=True):
        einladung = services.einladen(neu, person, "Mit@Example.org")
    assert einladung.email == "mit@example.org"
    assert mail.outbox[-1].to == ["mit@example.org"]
    assert einladung.get_absolute_url() in mail.outbox[-1].body
    mit = UserFactory(email="mit@example.org")
    services.einladung_annehmen(einladung, mit)
    assert Mitwirkende.objects.filter(idee=neu, user=mit).exists()
    services.entwurf_speichern(neu, mit, FELDER, [("Lena Lötkolben", "")], revision=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.einreichen(neu, mit)
    assert sorted(mail.outbox[-1].to) == sorted([person.email, mit.email])
    with pytest.raises(services.NichtMoeglich, match="Nur die Person, die die Idee angelegt"):
        services.zurueckziehen(neu, mit)


def test_an_invitation_is_only_for_its_address_and_only_once(aufruf, person):
    neu = idee(aufruf, person)
    einladung = services.einladen(neu, person, "mit@example.org")
    andere = UserFactory(email="andere@example.org")
    with pytest.raises(services.NichtMoeglich, match="gilt für die E-Mail-Adresse"):
        services.einladung_annehmen(einladung, andere)
    mit = UserFactory(email="mit@example.org")
    services.einladung_annehmen(einladung, mit)
    with pytest.raises(services.NichtMoeglich, match="bereits angenommen"):
        services.einladung_annehmen(einladung, mit)
    abgelaufen = services.einladen(neu, person, "spaet@example.org")
    IdeeEinladung.objects.filter(pk=abgelaufen.pk).update(gueltig_bis=timezone.now())
    with pytest.raises(services.NichtMoeglich, match="abgelaufen"):
        services.einladung_annehmen(abgelaufen, UserFactory(email="spaet@example.org"))


def test_a_co_entrant_cannot_remove_the_owner_or_others(aufruf, person):
    neu = idee(aufruf, person)
    mit = _mitwirkende(neu, "mit@example.org")
    zweite = _mitwirkende(neu, "zweite@example.org")
    with pytest.raises(services.NichtMoeglich, match="kann nicht entfernt werden"):
        services.mitwirkende_entfernen(neu, mit, person)
    with pytest.raises(services.NichtMoeglich, match="Nur die Person"):
        services.mitwirkende_entfernen(neu, mit, zweite)
    with pytest.raises(services.NichtMoeglich, match="kann nicht entfernt werden"):
        services.mitwirkende_entfernen(neu, person, person)
    assert neu.mitwirkende.count() == 2
    services.mitwirkende_entfernen(neu, mit, mit)  # leaving is allowed
    services.mitwirkende_entfernen(neu, person, zweite)
    assert not neu.mitwirkende.exists()
    assert list(
        IdeeProtokoll.objects.filter(idee=neu, aktion__startswith="Mitwirkende/r a")
        .order_by("pk")
        .values_list("aktion", flat=True)
    ) == ["Mitwirkende/r ausgetreten"]


def test_invitations_are_capped_per_day_and_not_to_oneself(aufruf, person, settings):
    settings.IDEEN_EINLADUNGEN_JE_TAG = 3
    neu = idee(aufruf, person)
    with pytest.raises(services.NichtMoeglich, match="nicht selbst einladen"):
        services.einladen(neu, person, person.email.upper())
    for i in range(3):
        services.einladen(neu, person, f"p{i}@example.org")
    with pytest.raises(services.NichtMoeglich, match="bereits 3 Einladungen"):
        services.einladen(neu, person, "p9@example.org")
    assert IdeeEinladung.objects.count() == 3


def test_the_owner_withdraws_and_nothing_follows(aufruf, person):
    neu = idee(aufruf, person)
    services.einreichen(neu, person)
    services.zurueckziehen(neu, person, "Wir gründen anders.")
    neu.refresh_from_db()
    assert neu.status == Status.ZURUECKGEZOGEN
    with pytest.raises(services.NichtMoeglich):
        services.zurueckziehen(neu, person)
    with pytest.raises(services.NichtMoeglich):
        services.einreichen(neu, person)
    with pytest.raises(services.NichtMoeglich):
        services.einladen(neu, person, "neu@example.org")
