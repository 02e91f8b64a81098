"""The jury's demo step of `make run`: the demo round gets a catalogue, notice texts and the
jury account jury@demo.example with one finalised score; idempotent; the step runs after
ideen's."""

import pytest
from django.test import Client
from django.urls import reverse

from bewertung import jury
from bewertung.apps import _jury_demo
from bewertung.jury_demo import JURY_LOGIN
from bewertung.models import Jurybescheid, JuryBewertung, Jurymitglied
from handlungsfelder.models import Aufruf
from ideen import beitraege
from ideen.demo import RUNDE_2
from konten.beitraege import demoschritte
from konten.demo import DEMO_PASSWORT, demo_nutzer_anlegen

pytestmark = pytest.mark.django_db


def test_the_demo_round_has_a_jury_account_with_one_finalised_score(celery_eager):
    schritte = demoschritte()
    assert schritte.index(beitraege.demo) < schritte.index(_jury_demo)
    demo_nutzer_anlegen()
    beitraege.demo()
    text, anzahl = _jury_demo()
    assert anzahl == 2 and "Jury" in text
    assert _jury_demo()[1] == 0
    runde = Aufruf.objects.get(slug=RUNDE_2)
    m = Jurymitglied.objects.select_related("user").get(aufruf=runde)
    assert m.user.email == JURY_LOGIN and m.user.check_password(DEMO_PASSWORT)
    assert jury.ist_jury(m.user)
    assert jury.jury_katalog(runde.pk).kriterien.count() == 5
    assert Jurybescheid.objects.get(aufruf=runde).ausgewaehlt
    b = JuryBewertung.objects.get(mitglied=m)
    assert b.ist_abgeschlossen and b.punkte > 0
    zeilen = jury.ideen_rangliste(runde)
    assert [z.bewertungen for z in zeilen] == [1, 0] and zeilen[0].rang == 1
    client = Client()
    client.force_login(m.user)
    html = client.get(reverse("admin:bewertung_juryidee_changelist")).content.decode()
    assert "abgeschlossen" in html and "noch nicht begonnen" in html
