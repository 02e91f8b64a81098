"""Issue 13, item 6: the wording reviewers and the Geschäftsstelle read – German labels,
plural forms, capitalised paragraphs, no broken promise, distinct accessible names – and
the reminders recorded on the progress page."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from bewertung import services
from bewertung.models import Bewertung, Entscheidungsvorlage, Erinnerung
from bewertung.services import Eingabe, Unvollstaendig
from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ZWICKAU, bewertet_sb, final_sb, gk, zuweisung

pytestmark = pytest.mark.django_db

RANGLISTE = "admin:bewertung_rangliste_changelist"
FORTSCHRITT = "admin:bewertung_bewertungsfortschritt_changelist"


def _text(antwort) -> str:
    return antwort.content.decode()


def test_decision_success_message_shows_the_german_label(client, gs):
    sb = bewertet_sb(titel="Zurückzustellen")
    client.force_login(gs)
    antwort = client.post(
        reverse(RANGLISTE),
        {
            "auswahl": [sb.pk],
            "entscheidung": "zurueckgestellt",
            "begruendung": "Spätere Runde.",
            "anwenden": "1",
        },
        follow=True,
    )
    inhalt = _text(antwort)
    assert "Entscheidung „zurückgestellt“" in inhalt
    assert "zurueckgestellt“" not in inhalt


def test_missing_justification_says_1_punkt_and_5_punkten(wf_zwickau):
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    kriterien = list(services.aktiver_katalog().kriterien.filter(aktiv=True))
    eingaben = {k.pk: Eingabe(3) for k in kriterien}
    eingaben[kriterien[0].pk] = Eingabe(1)
    eingaben[kriterien[1].pk] = Eingabe(5)
    b = services.bewertung_speichern(z, wf_zwickau, eingaben, "priorisieren", "", 0)
    with pytest.raises(Unvollstaendig) as fehler:
        services.bewertung_abschliessen(b, wf_zwickau, b.version)
    text = str(fehler.value)
    assert f"{kriterien[0].code}: Begründung (Pflicht bei 1 Punkt)" in text
    assert f"{kriterien[1].code}: Begründung (Pflicht bei 5 Punkten)" in text
    assert "1 Punkten" not in text


def test_reminder_with_one_open_bewertung_is_singular_and_recorded(
    client, gs, wf_zwickau, django_capture_on_commit_callbacks
):
    final_sb(titel="Einziger")
    mail.outbox.clear()
    client.force_login(gs)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse(FORTSCHRITT), {"gebietskoerperschaft": gk(ZWICKAU).pk}, follow=True
        )
    assert "(1 offene Bewertung)" in _text(antwort)
    [nachricht] = mail.outbox
    assert "ist noch 1 Bewertung offen" in nachricht.body
    assert "sind noch 1" not in nachricht.body
    erinnerung = Erinnerung.objects.get()
    assert (erinnerung.gebietskoerperschaft, erinnerung.gesendet_von, erinnerung.offen) == (
        gk(ZWICKAU),
        gs,
        1,
    )
    seite = _text(client.get(reverse(FORTSCHRITT)))
    assert "Gesendete Erinnerungen" in seite
    assert f"von {html.escape(str(gs))}" in seite


def test_reminder_with_two_open_bewertungen_is_plural(gs, wf_zwickau):
    final_sb(), final_sb()
    services.erinnern(gs, gebietskoerperschaft=gk(ZWICKAU))
    assert Erinnerung.objects.get().offen == 2


def test_progress_page_buttons_name_their_recipient(client, gs, wf_zwickau):
    final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    client.force_login(gs)
    seite = _text(client.get(reverse(FORTSCHRITT)))
    assert "Erinnerung an Wirtschaftsförderung Landkreis Zwickau senden" in seite
    assert "Erinnerung an Wirtschaftsförderung Stadt Chemnitz senden" in seite
    assert ">Erinnerung senden<" not in seite


def test_decision_mail_paragraph_starts_with_a_capital(gs, django_capture_on_commit_callbacks):
    vorlage = Entscheidungsvorlage.objects.get(entscheidung="priorisiert")
    assert vorlage.text.startswith("Wir freuen uns")  # migration 0008
    # A text the Geschäftsstelle saves in lowercase is capitalised in the mail as well.
    Entscheidungsvorlage.objects.filter(pk=vorlage.pk).update(text="wir gratulieren.")
    sb = bewertet_sb()
    services.entscheiden(sb, gs, "priorisiert", "Gut bewertet.")
    with django_capture_on_commit_callbacks(execute=True):
        services.bescheide_versenden([sb], gs)
    nachricht = mail.outbox[-1]
    assert "\nWir gratulieren." in nachricht.body
    assert "<p>Wir gratulieren.</p>" in nachricht.alternatives[0].content


def test_after_befangenheit_the_page_promises_nothing(client, wf_zwickau):
    sb = final_sb()
    services.befangenheit_erklaeren(zuweisung(sb, ZWICKAU), wf_zwickau, "Beratervertrag")
    client.force_login(wf_zwickau)
    seite = _text(client.get(reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])))
    assert "sobald Sie Ihre eigene abgeschlossen haben" not in seite
    assert "Wegen der erklärten Befangenheit sehen Sie die Bewertungen der anderen nicht." in seite


def test_ranking_has_distinct_labels_for_filter_and_new_decision(client, gs):
    bewertet_sb()
    client.force_login(gs)
    seite = _text(client.get(reverse(RANGLISTE)))
    assert '<label for="id_entscheidung">Bisherige Entscheidung</label>' in seite
    assert '<label for="id_sammel_entscheidung">Neue Entscheidung für die Auswahl</label>' in seite
    assert ">Entscheidung</label>" not in seite


def test_status_labels_are_german_on_the_lists(client, wf_zwickau):
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="k@example.org")
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    Bewertung.objects.create(zuweisung=z, katalog=services.aktiver_katalog())
    client.force_login(kollegin)
    seite = _text(client.get(reverse("admin:bewertung_bewertung_changelist")))
    assert "Entwurf" in seite and ">entwurf<" not in seite


@pytest.mark.parametrize("anzahl", [1, 25])
def test_progress_page_query_count_with_reminders_and_calibration(
    client, gs, wf_zwickau, wf_chemnitz, anzahl, django_assert_max_num_queries
):
    from .conftest import bewertung_anlegen

    for i in range(anzahl):
        sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ], titel=f"V{i}")
        bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12)
        services.erinnern(gs, gebietskoerperschaft=gk(CHEMNITZ))
    client.force_login(gs)
    client.get(reverse(FORTSCHRITT))
    with django_assert_max_num_queries(14):
        seite = _text(client.get(reverse(FORTSCHRITT)))
    assert seite.count("zuletzt erinnert am") == 1
    assert "Kalibrierung je Prüfende" in seite
