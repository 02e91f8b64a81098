"""DSGVO: the contact requests a person sent are in their Art. 15 export and leave with
their account (Art. 17)."""

import pytest

from konten.beitraege import auskunftsteile
from konten.services import konto_loeschen
from kooperation.models import Kontaktanfrage, Kooperationsprofil
from tests.factories import mitglied

from .helfer import eingereicht

pytestmark = pytest.mark.django_db


def test_sent_requests_are_in_the_export_and_deleted_with_the_account():
    von, an = eingereicht(5), eingereicht(6)
    person = mitglied(von.organisation)
    mitglied(von.organisation)  # a colleague stays: the account may be deleted
    Kooperationsprofil.objects.create(steckbrief=von, kontakt_erlaubt=True, angebot="Abwärme")
    Kontaktanfrage.objects.create(von=von, an=an, absender=person, nachricht="Ich bin Erika.")
    teile = auskunftsteile(person, von.organisation)
    assert teile["kontaktanfragen_von_ihnen"][0]["nachricht"] == "Ich bin Erika."
    assert teile["kooperationsboerse"][0]["angebot"] == "Abwärme"
    konto_loeschen(person)
    assert not Kontaktanfrage.objects.exists()
