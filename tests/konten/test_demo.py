"""Demo data: the two demo submitters share one Organisation with an open invitation."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from konten import services
from konten.demo import DEMO_EINGELADEN, demo_nutzer_anlegen
from konten.models import Einladung, Mitgliedschaft, Organisation, User

pytestmark = pytest.mark.django_db


def _stand():
    return (
        Organisation.objects.count(),
        sorted(Mitgliedschaft.objects.values_list("user__email", "organisation__name")),
        list(Einladung.objects.values_list("email", "angenommen_am")),
    )


def test_demo_organisation_is_created_idempotently():
    demo_nutzer_anlegen()
    erster = _stand()
    assert erster == (
        1,
        [
            ("einreichend@demo.example", "Stadtwerke Musterhausen GmbH"),
            ("kollegin@demo.example", "Stadtwerke Musterhausen GmbH"),
        ],
        [(DEMO_EINGELADEN, None)],
    )
    organisation = Organisation.objects.get()
    assert (organisation.strasse, organisation.plz, organisation.ort) == (
        "Bahnhofstraße 12",
        "09111",
        "Musterhausen",
    )
    demo_nutzer_anlegen()
    assert _stand() == erster


def test_demo_invitation_can_be_resent_at_once(celery_eager, django_capture_on_commit_callbacks):
    demo_nutzer_anlegen()
    organisation = Organisation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.einladen(
            organisation, User.objects.get(email="einreichend@demo.example"), DEMO_EINGELADEN
        )
    assert mail.outbox[0].to == [DEMO_EINGELADEN]


def test_expired_demo_invitation_is_renewed():
    demo_nutzer_anlegen()
    Einladung.objects.update(gueltig_bis=timezone.now() - datetime.timedelta(days=1))
    demo_nutzer_anlegen()
    einladung = Einladung.objects.get()
    assert not einladung.abgelaufen
