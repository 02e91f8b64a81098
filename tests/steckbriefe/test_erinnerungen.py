"""The reminder 7 days before the final deadline: a daily Celery task, sent once per
Steckbrief and deadline."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from steckbriefe import services
from steckbriefe.models import Fristerinnerung, Status
from steckbriefe.tasks import fristerinnerungen_senden
from tests.factories import SteckbriefFactory, final_vollstaendig, geschaeftsstelle

pytestmark = pytest.mark.django_db


def am(tag: str):
    return datetime.datetime.fromisoformat(f"{tag}T07:30:00+02:00")


@pytest.fixture
def steckbriefe(sb, user, uhr):
    uhr(am("2026-06-15"))
    final = SteckbriefFactory(organisation=sb.organisation, titel="Schon final")
    final_vollstaendig(final)
    services.final_einreichen(final, user)
    finalisierung = SteckbriefFactory(organisation=sb.organisation, titel="In <Arbeit>")
    services.zurueckziehen(SteckbriefFactory(organisation=sb.organisation), user)
    return {"entwurf": sb, "final": final, "finalisierung": finalisierung}


def senden(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return fristerinnerungen_senden.delay().get()


def test_reminder_once_per_steckbrief_and_deadline(
    steckbriefe, user, uhr, django_capture_on_commit_callbacks
):
    uhr(am("2026-08-23"))  # 8 days before: not yet
    assert senden(django_capture_on_commit_callbacks) == 0
    uhr(am("2026-08-24"))
    assert senden(django_capture_on_commit_callbacks) == 2
    betreffe = sorted(m.subject for m in mail.outbox)
    assert betreffe == [
        "Erinnerung: Frist für den finalen Steckbrief „In <Arbeit>“ endet am 31.08.2026",
        f"Erinnerung: Frist für den finalen Steckbrief „{steckbriefe['entwurf'].titel}“ endet am 31.08.2026",
    ]
    nachricht = next(m for m in mail.outbox if "In <Arbeit>" in m.subject)
    assert user.email in nachricht.to
    assert "in 7 Tagen" in nachricht.body and "In <Arbeit>" in nachricht.body
    assert "In &lt;Arbeit&gt;" in nachricht.alternatives[0].content
    assert "Geschäftsstelle" in nachricht.body
    # the same day again, and the following days: nothing twice
    assert senden(django_capture_on_commit_callbacks) == 0
    uhr(am("2026-08-30"))
    assert senden(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    assert Fristerinnerung.objects.count() == 2
    assert not Fristerinnerung.objects.filter(steckbrief=steckbriefe["final"]).exists()


def test_missed_day_is_caught_up_but_not_after_the_deadline(
    steckbriefe, uhr, django_capture_on_commit_callbacks
):
    uhr(am("2026-08-29"))
    assert senden(django_capture_on_commit_callbacks) == 2
    assert "in 2 Tagen" in mail.outbox[0].body
    Fristerinnerung.objects.all().delete()
    uhr(am("2026-09-01"))
    assert senden(django_capture_on_commit_callbacks) == 0


def test_an_extension_gets_its_own_reminder(steckbriefe, uhr, django_capture_on_commit_callbacks):
    uhr(am("2026-08-24"))
    senden(django_capture_on_commit_callbacks)
    sb = steckbriefe["entwurf"]
    services.verlaengerung_setzen(sb, geschaeftsstelle(), datetime.date(2026, 9, 30))
    uhr(am("2026-09-23"))
    assert senden(django_capture_on_commit_callbacks) == 1
    assert "endet am 30.09.2026" in mail.outbox[-1].subject
    assert set(Fristerinnerung.objects.filter(steckbrief=sb).values_list("frist", flat=True)) == {
        datetime.date(2026, 8, 31),
        datetime.date(2026, 9, 30),
    }


def test_vorlaeufig_submitted_steckbriefe_are_reminded_to_finalise(
    sb, user, uhr, django_capture_on_commit_callbacks
):
    uhr(am("2026-02-15"))
    services.vorlaeufig_einreichen(sb, user)
    mail.outbox.clear()
    uhr(am("2026-08-25"))
    assert senden(django_capture_on_commit_callbacks) == 1
    assert "Zum finalen Steckbrief vervollständigen" in mail.outbox[0].body
    sb.refresh_from_db()
    assert sb.status == Status.VORLAEUFIG_EINGEREICHT


def test_task_runs_daily_by_beat():
    eintrag = settings.CELERY_BEAT_SCHEDULE["steckbriefe-fristerinnerungen"]
    assert eintrag["task"] == "steckbriefe.tasks.fristerinnerungen_senden"
    assert eintrag["schedule"].hour == {7} and eintrag["schedule"].minute == {30}
    from masterplan.celery import app

    app.loader.import_default_modules()
    assert "steckbriefe.tasks.fristerinnerungen_senden" in app.tasks


@pytest.mark.parametrize("vorlage", ["eingang", "rueckfrage", "entscheidung", "erinnerung"])
def test_mail_subjects_are_plain_text_and_html_parts_escaped(sb, vorlage):
    from kern.mail import rendern

    sb.titel = "Forschung & <Entwicklung>"
    kontext = {
        "steckbrief": sb,
        "version": sb.versionen.model(nummer=1),
        "final": True,
        "frage": "Warum <b>?",
        "entscheidung": "priorisiert",
        "begruendung": "Weil <i>",
        "frist": datetime.date(2026, 8, 31),
        "tage": 7,
    }
    betreff, text, html = rendern(vorlage, kontext)
    assert "„Forschung & <Entwicklung>“" in betreff
    assert "Forschung & <Entwicklung>" in text
    assert "Forschung &amp; &lt;Entwicklung&gt;" in html
    assert "<Entwicklung>" not in html
