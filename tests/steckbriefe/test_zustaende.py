"""The state machine: table, each transition, and the phase rules with a frozen clock."""

import datetime

import pytest
import time_machine
from django.core import mail

from bewertung import services as bw_services
from handlungsfelder.models import Prozessphase
from steckbriefe import services
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from steckbriefe.regeln import NichtErlaubt
from steckbriefe.signals import final_eingereicht
from steckbriefe.zustaende import UEBERGAENGE, Durch, UngueltigerUebergang, erlaubte_uebergaenge
from tests.factories import SteckbriefFactory, final_vollstaendig, geschaeftsstelle, mitglied

pytestmark = pytest.mark.django_db

IM_VORLAEUFIG = datetime.datetime(2026, 2, 15, 10, tzinfo=datetime.UTC)
IM_FINAL = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)
NACH_FINAL = datetime.datetime(2026, 9, 15, 10, tzinfo=datetime.UTC)
VOR_START = datetime.datetime(2025, 12, 1, 10, tzinfo=datetime.UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def sb(django_capture_on_commit_callbacks):
    sb = SteckbriefFactory()
    sb.user = mitglied(sb.organisation)
    return sb


def test_transition_table_is_exactly_this():
    table = {name: (sorted(u.von), u.nach) for name, u in UEBERGAENGE.items()}
    S = Status
    assert table == {
        "vorlaeufig_einreichen": ([S.ENTWURF], S.VORLAEUFIG_EINGEREICHT),
        "finalisierung_beginnen": ([S.VORLAEUFIG_EINGEREICHT], S.FINALISIERUNG),
        "final_einreichen": (sorted([S.ENTWURF, S.FINALISIERUNG]), S.FINAL_EINGEREICHT),
        "bewertung_beginnen": ([S.FINAL_EINGEREICHT], S.IN_BEWERTUNG),
        "rueckfrage_stellen": (sorted([S.FINAL_EINGEREICHT, S.IN_BEWERTUNG]), S.RUECKFRAGE),
        "rueckfrage_beantworten": ([S.RUECKFRAGE], S.IN_BEWERTUNG),
        "bewertung_abschliessen": ([S.IN_BEWERTUNG], S.BEWERTET),
        "bewertung_wieder_oeffnen": ([S.BEWERTET], S.IN_BEWERTUNG),
        "entscheiden": (
            sorted([S.FINAL_EINGEREICHT, S.IN_BEWERTUNG, S.BEWERTET, S.ENTSCHIEDEN]),
            S.ENTSCHIEDEN,
        ),
        "zurueckziehen": (
            sorted(set(Status) - {S.ENTSCHIEDEN, S.ZURUECKGEZOGEN}),
            S.ZURUECKGEZOGEN,
        ),
    }


def test_final_states_allow_nothing_but_a_changed_decision():
    assert erlaubte_uebergaenge(Status.ZURUECKGEZOGEN) == []
    assert [u.name for u in erlaubte_uebergaenge(Status.ENTSCHIEDEN)] == ["entscheiden"]


def test_vorlaeufig_submission_in_vorlaeufig_phase(sb, django_capture_on_commit_callbacks):
    with at(IM_VORLAEUFIG), django_capture_on_commit_callbacks(execute=True):
        services.vorlaeufig_einreichen(sb, sb.user)
    sb.refresh_from_db()
    assert sb.status == Status.VORLAEUFIG_EINGEREICHT
    assert sb.vorlaeufig_eingereicht_am is not None
    assert sb.versionen.get().nummer == 1
    eintrag = AuditEintrag.objects.get(steckbrief=sb)
    assert (eintrag.akteur, eintrag.alt, eintrag.neu) == (
        sb.user,
        "Entwurf",
        "Vorläufig eingereicht",
    )
    assert len(mail.outbox) == 1
    assert "Eingangsbestätigung: vorläufiger Steckbrief" in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {sb.user.email, "erika@example.org"}
    assert sb.titel in mail.outbox[0].body


@pytest.mark.parametrize("moment", [VOR_START, IM_FINAL, NACH_FINAL])
def test_vorlaeufig_submission_refused_outside_its_phase(sb, moment):
    with at(moment), pytest.raises(UngueltigerUebergang):
        services.vorlaeufig_einreichen(sb, sb.user)
    sb.refresh_from_db()
    assert sb.status == Status.ENTWURF
    assert not sb.versionen.exists()


def test_vorlaeufig_submission_needs_v_fields(sb):
    sb.titel = ""
    sb.save()
    sb.gebietskoerperschaften.clear()
    with at(IM_VORLAEUFIG), pytest.raises(UngueltigerUebergang) as exc:
        services.vorlaeufig_einreichen(sb, sb.user)
    assert "Projekttitel" in str(exc.value)
    assert "Standort" in str(exc.value)


def test_final_submission_needs_f_fields_and_final_phase(sb):
    with at(IM_FINAL), pytest.raises(UngueltigerUebergang) as exc:
        services.final_einreichen(sb, sb.user)
    assert "Mindestens ein Meilenstein" in str(exc.value)
    final_vollstaendig(sb)
    with at(IM_VORLAEUFIG), pytest.raises(UngueltigerUebergang):
        services.final_einreichen(sb, sb.user)
    with at(IM_FINAL):
        services.final_einreichen(sb, sb.user)  # new Steckbrief straight to final
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT


def test_full_path_vorlaeufig_then_final(sb):
    with at(IM_VORLAEUFIG):
        services.vorlaeufig_einreichen(sb, sb.user)
    with at(IM_FINAL):
        services.finalisierung_beginnen(sb, sb.user)
        final_vollstaendig(sb)
        services.final_einreichen(sb, sb.user)
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    assert list(sb.versionen.values_list("nummer", "art")) == [(1, "vorlaeufig"), (2, "final")]


def test_after_final_deadline_no_submission_unless_extended(sb):
    final_vollstaendig(sb)
    with at(NACH_FINAL), pytest.raises(UngueltigerUebergang) as exc:
        services.final_einreichen(sb, sb.user)
    assert "abgelaufen" in str(exc.value)
    assert "Geschäftsstelle" in str(exc.value)
    gs = geschaeftsstelle()
    services.verlaengerung_setzen(sb, gs, datetime.date(2026, 9, 30))
    with at(NACH_FINAL):
        services.final_einreichen(sb, sb.user)
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    assert sb.audit.filter(aktion="Frist verlängert", neu="30.09.2026").exists()


def test_phase_dates_edited_move_the_deadline(sb):
    final_vollstaendig(sb)
    Prozessphase.objects.filter(code="final").update(ende=datetime.date(2026, 9, 20))
    with at(NACH_FINAL):
        services.final_einreichen(sb, sb.user)


def test_rueckfrage_and_answer(sb, django_capture_on_commit_callbacks):
    final_vollstaendig(sb)
    with at(IM_FINAL):
        services.final_einreichen(sb, sb.user)
    gs = geschaeftsstelle()
    with at(NACH_FINAL):
        services.status_setzen(sb, "bewertung_beginnen", gs)
        with django_capture_on_commit_callbacks(execute=True):
            bw_services.rueckfrage_stellen(sb, gs, "Bitte <b>Finanzierungsplan</b> ergänzen.")
        sb.refresh_from_db()
        assert sb.status == Status.RUECKFRAGE
        assert "Bitte <b>Finanzierungsplan</b> ergänzen." in mail.outbox[-1].body
        assert "&lt;b&gt;" in mail.outbox[-1].alternatives[0].content
        services.rueckfrage_beantworten(sb, sb.user)  # after the deadline: still allowed
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
    assert sb.versionen.last().art == "rueckfrage"


def test_rueckfrage_needs_a_question(sb):
    final_vollstaendig(sb)
    with at(IM_FINAL):
        services.final_einreichen(sb, sb.user)
    with pytest.raises(UngueltigerUebergang):
        bw_services.rueckfrage_stellen(sb, geschaeftsstelle(), "  ")


def test_decision_and_withdrawal(sb, django_capture_on_commit_callbacks):
    final_vollstaendig(sb)
    with at(IM_FINAL):
        services.final_einreichen(sb, sb.user)
    gs = geschaeftsstelle()
    services.status_setzen(sb, "bewertung_beginnen", gs)
    services.status_setzen(sb, "bewertung_abschliessen", gs)
    with django_capture_on_commit_callbacks(execute=True):
        # No Bewertung was finalised: only as a justified exception; mailed when released.
        bw_services.entscheiden(sb, gs, "priorisiert", "Hohe Strahlkraft.", "Ohne Bewertung")
        bw_services.bescheide_versenden([sb], gs)
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "priorisiert")
    assert "priorisiert" in mail.outbox[-1].body
    with pytest.raises(UngueltigerUebergang):
        services.zurueckziehen(sb, sb.user)


def test_withdraw_any_time_before_decision(sb):
    services.zurueckziehen(sb, sb.user, "Projekt entfällt")
    sb.refresh_from_db()
    assert sb.status == Status.ZURUECKGEZOGEN
    with pytest.raises(UngueltigerUebergang):
        services.zurueckziehen(sb, sb.user)


def test_invalid_transition_keeps_state_and_writes_no_audit(sb):
    with pytest.raises(UngueltigerUebergang) as exc:
        services.status_setzen(sb, "bewertung_abschliessen", None)
    assert "im Status „Entwurf“ nicht möglich" in str(exc.value)
    assert not AuditEintrag.objects.exists()


@pytest.mark.parametrize(
    "name", [n for n, u in UEBERGAENGE.items() if u.durch == Durch.EINREICHENDE]
)
def test_submitter_transitions_check_the_member_rule_themselves(sb, name):
    """Not only the views: a colleague of another Organisation, a reviewer or the
    Geschäftsstelle cannot trigger a submitter transition through the service."""
    fremd = mitglied(SteckbriefFactory().organisation)
    for akteur in (fremd, geschaeftsstelle()):
        with pytest.raises(NichtErlaubt):
            getattr(services, name)(sb, akteur)
    sb.refresh_from_db()
    assert sb.status == Status.ENTWURF
    assert not AuditEintrag.objects.exists()


@pytest.mark.parametrize(
    "name", [n for n, u in UEBERGAENGE.items() if u.durch == Durch.EINREICHENDE]
)
def test_the_verfahren_setter_refuses_submitter_transitions(sb, name):
    with pytest.raises(ValueError):
        services.status_setzen(sb, name, geschaeftsstelle())


def test_every_transition_has_exactly_one_entry_point():
    """Submitter transitions are functions of steckbriefe.services; the Verfahren's go
    through status_setzen, so steckbriefe has no function of their name (bewertung.services
    is their public entry)."""
    for name, u in UEBERGAENGE.items():
        assert hasattr(services, name) == (u.durch == Durch.EINREICHENDE), name


def test_decision_goes_through_the_table_and_is_audited(sb):
    final_vollstaendig(sb)
    with at(IM_FINAL):
        services.final_einreichen(sb, sb.user)
    gs = geschaeftsstelle()
    services.status_setzen(sb, "entscheiden", gs, entscheidung="zurueckgestellt", text="Offen.")
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "zurueckgestellt")
    eintrag = AuditEintrag.objects.latest("pk")
    assert (eintrag.aktion, eintrag.alt, eintrag.neu, eintrag.text) == (
        "Entscheidung festhalten",
        "–",
        "zurückgestellt",
        "Offen.",
    )
    with pytest.raises(UngueltigerUebergang):
        services.status_setzen(sb, "bewertung_beginnen", gs)


def test_final_submission_announces_itself_and_bewertung_assigns(sb):
    empfangen = []

    def mithoeren(sender, steckbrief, version, akteur, **kwargs):
        empfangen.append((steckbrief.pk, version.art, akteur))

    final_eingereicht.connect(mithoeren, sender=Steckbrief, weak=False)
    try:
        final_vollstaendig(sb)
        with at(IM_FINAL):
            services.final_einreichen(sb, sb.user)
    finally:
        final_eingereicht.disconnect(mithoeren, sender=Steckbrief)
    assert empfangen == [(sb.pk, "final", sb.user)]
    assert sb.zuweisungen.exists()  # bewertung's receiver (BewertungConfig.ready)
