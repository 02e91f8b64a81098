"""Issue 13, item 4: another criteria catalogue cannot be activated while the running round
scores against the active one; the attempt is refused with a German message and recorded."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from bewertung import services
from bewertung.models import Kriterienkatalog
from bewertung.services import BewertungsFehler
from steckbriefe.models import Status, Steckbrief

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, zuweisung

pytestmark = pytest.mark.django_db

LISTE = "admin:bewertung_kriterienkatalog_changelist"


def _kopie():
    return services.katalog_kopieren(Kriterienkatalog.objects.get(aktiv=True))


def test_a_draft_of_the_round_blocks_the_switch_and_names_what_uses_the_catalogue():
    aktiv = Kriterienkatalog.objects.get(aktiv=True)
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12, abgeschlossen=False)
    kopie = _kopie()
    with pytest.raises(BewertungsFehler) as fehler:
        services.katalog_aktivieren(kopie)
    text = str(fehler.value)
    assert "1 Bewertung (davon 1 Entwurf) zu 1 Steckbrief, der noch nicht entschieden ist" in text
    assert f"„{aktiv}“" in text
    assert list(Kriterienkatalog.objects.filter(aktiv=True)) == [aktiv]


def test_finalised_reviews_of_undecided_steckbriefe_block_as_well_plural_wording():
    a, b = final_sb(gebiete=[ZWICKAU, CHEMNITZ]), final_sb()
    bewertung_anlegen(zuweisung(a, ZWICKAU), [3] * 12)
    bewertung_anlegen(zuweisung(a, CHEMNITZ), [3] * 12)
    bewertung_anlegen(zuweisung(b, ZWICKAU), [3] * 12, abgeschlossen=False)
    with pytest.raises(
        BewertungsFehler,
        match="3 Bewertungen \\(davon 1 Entwurf\\) zu 2 "
        "Steckbriefen, die noch nicht entschieden sind",
    ):
        services.katalog_aktivieren(_kopie())


def test_the_switch_is_free_once_every_steckbrief_of_the_round_is_decided_or_withdrawn():
    a, b = final_sb(), final_sb()
    bewertung_anlegen(zuweisung(a, ZWICKAU), [3] * 12)
    bewertung_anlegen(zuweisung(b, ZWICKAU), [3] * 12, abgeschlossen=False)
    Steckbrief.objects.filter(pk=a.pk).update(status=Status.ENTSCHIEDEN)
    Steckbrief.objects.filter(pk=b.pk).update(status=Status.ZURUECKGEZOGEN)
    kopie = _kopie()
    services.katalog_aktivieren(kopie)
    assert list(Kriterienkatalog.objects.filter(aktiv=True)) == [kopie]


def test_without_any_bewertung_the_copy_is_activated():
    final_sb()
    kopie = _kopie()
    services.katalog_aktivieren(kopie)
    kopie.refresh_from_db()
    assert kopie.aktiv


def test_admin_action_refuses_with_the_message_and_records_attempt_and_switch(client, gs):
    sb = final_sb()
    bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12, abgeschlossen=False)
    kopie = _kopie()
    client.force_login(gs)
    antwort = client.post(
        reverse(LISTE),
        {"action": "als_aktiv_festlegen", "_selected_action": [kopie.pk]},
        follow=True,
    )
    inhalt = antwort.content.decode()
    assert "kann nicht aktiviert werden: Die laufende Runde bewertet mit" in inhalt
    kopie.refresh_from_db()
    assert not kopie.aktiv
    eintrag = LogEntry.objects.get(object_id=str(kopie.pk))
    assert eintrag.user == gs and "Aktivierung abgelehnt" in eintrag.get_change_message()

    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.ENTSCHIEDEN)
    antwort = client.post(
        reverse(LISTE),
        {"action": "als_aktiv_festlegen", "_selected_action": [kopie.pk]},
        follow=True,
    )
    assert "ist jetzt der aktive Katalog" in antwort.content.decode()
    kopie.refresh_from_db()
    assert kopie.aktiv
    assert LogEntry.objects.filter(
        object_id=str(kopie.pk), change_message__contains="Als aktiven Katalog festgelegt"
    ).exists()
