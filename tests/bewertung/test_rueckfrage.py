"""Issue 13, item 2: the Rückfrage loop closes. While a Rückfrage is open no Bewertung of the
Steckbrief is finalised; the submitters' answer reopens the finalised Bewertungen (audited),
keeps the Steckbrief „In Bewertung“, mails the asking and the other reviewers a link to the
scoring page, and the scoring page shows what changed since the question."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bewertung import services
from bewertung.aggregation import ergebnisse_aktualisieren
from bewertung.models import Bewertung, Bewertungsergebnis
from bewertung.regeln import NichtErlaubt
from steckbriefe import services as sb_services
from steckbriefe.models import Status, Steckbrief, SteckbriefVersion, VersionArt
from steckbriefe.versionen import momentaufnahme
from tests.factories import mitglied

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, gk, zuweisung
from .test_admin_bewerten import _daten
from .test_services import _fertig, _speichern

pytestmark = pytest.mark.django_db


def _url(sb):
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


def _mit_finaler_version(sb):
    """The final version the Rückfrage is about (final_sb sets the status directly)."""
    SteckbriefVersion.objects.create(
        steckbrief=sb, nummer=1, art=VersionArt.FINAL, daten=momentaufnahme(sb)
    )
    return sb


def _beantworten(sb, **aenderungen):
    """The submitters revise the Steckbrief and answer the Rückfrage."""
    Steckbrief.objects.filter(pk=sb.pk).update(**aenderungen)
    sb.refresh_from_db()
    return sb_services.rueckfrage_beantworten(sb, mitglied(sb.organisation))


def test_no_bewertung_is_finalised_while_the_rueckfrage_is_open(wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    b = _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 4)
    services.rueckfrage_stellen(sb, wf_chemnitz, "Wer betreibt die Anlage?")
    with pytest.raises(NichtErlaubt, match="Rückfrage an die Einreichenden offen"):
        services.bewertung_abschliessen(b, wf_zwickau, b.version)
    b = _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 5)  # drafts may still be saved
    b.refresh_from_db()
    assert b.status == Bewertung.Status.ENTWURF


def test_scoring_page_refuses_finalising_during_the_rueckfrage(client, wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    services.rueckfrage_stellen(sb, wf_chemnitz, "Wer betreibt die Anlage?")
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "Rückfrage offen." in seite and "Wer betreibt die Anlage?" in seite
    assert 'value="speichern"' in seite and 'value="abschliessen"' not in seite
    antwort = client.post(_url(sb), _daten(aktion="abschliessen", wert=3, version=0))
    assert antwort.status_code == 200
    assert "Solange die Rückfrage an die Einreichenden offen ist" in antwort.content.decode()
    b = Bewertung.objects.get(zuweisung=zuweisung(sb, ZWICKAU))
    assert b.status == Bewertung.Status.ENTWURF  # the draft is kept


def test_answer_reopens_the_finalised_bewertungen_and_tells_the_reviewers(
    gs, wf_zwickau, wf_chemnitz, django_capture_on_commit_callbacks
):
    sb = _mit_finaler_version(final_sb(gebiete=[ZWICKAU, CHEMNITZ], titel="Wärmenetz"))
    _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    services.rueckfrage_stellen(sb, wf_chemnitz, "Bitte den Finanzierungsplan belegen.")
    # Finalised during the Rückfrage before this was refused (old data): both count now.
    bewertung_anlegen(zuweisung(sb, CHEMNITZ), [4] * 12)
    ergebnisse_aktualisieren()
    assert Bewertungsergebnis.objects.get(steckbrief=sb).anzahl == 2
    with django_capture_on_commit_callbacks(execute=True):
        _beantworten(sb, finanzierungsplan="Land 60 Prozent, Stadt 40 Prozent")
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG  # not straight to „Bewertet“
    assert set(
        Bewertung.objects.filter(zuweisung__steckbrief=sb).values_list("status", flat=True)
    ) == {Bewertung.Status.ENTWURF}
    eintraege = sb.audit.filter(aktion="Bewertung wieder geöffnet")
    assert eintraege.count() == 2
    assert {(e.akteur, e.text) for e in eintraege} == {(None, "Überarbeitung nach Rückfrage")}
    assert not Bewertungsergebnis.objects.filter(steckbrief=sb).exists()  # no longer counted

    an_pruefende = [m for m in mail.outbox if "erneut bewerten" in m.subject]
    assert sorted(m.to for m in an_pruefende) == [[wf_chemnitz.email], [wf_zwickau.email]]
    frage = next(m for m in an_pruefende if m.to == [wf_chemnitz.email])
    andere = next(m for m in an_pruefende if m.to == [wf_zwickau.email])
    assert "Ihre Rückfrage" in frage.body
    assert f"die Rückfrage von {wf_chemnitz}" in andere.body
    link = f"{settings.SITE_URL}{_url(sb)}"
    for m in an_pruefende:
        assert link in m.body and f'href="{link}"' in m.alternatives[0].content
        assert "Bitte den Finanzierungsplan belegen." in m.body
        assert "Geänderte Angaben: Finanzierungsplan." in m.body
        assert m.subject == "Rückfrage beantwortet: „Wärmenetz“ bitte erneut bewerten"

    # Scored again and finalised by both: now it is „Bewertet“.
    for z, wf in ((zuweisung(sb, ZWICKAU), wf_zwickau), (zuweisung(sb, CHEMNITZ), wf_chemnitz)):
        b = Bewertung.objects.get(zuweisung=z)
        b = _speichern(z, wf, 4, version=b.version)
        services.bewertung_abschliessen(b, wf, b.version)
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET


def test_geschaeftsstelle_question_answered_mails_the_geschaeftsstelle_too(
    gs, wf_zwickau, django_capture_on_commit_callbacks
):
    sb = _mit_finaler_version(final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG))
    _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.IN_BEWERTUNG)  # another pending
    services.rueckfrage_stellen(sb, gs, "Bitte Partner nennen.")
    with django_capture_on_commit_callbacks(execute=True):
        _beantworten(sb)
    an_pruefende = [m for m in mail.outbox if "erneut bewerten" in m.subject]
    assert sorted(m.to for m in an_pruefende) == [[gs.email], [wf_zwickau.email]]
    assert "Die Angaben des Steckbriefs sind unverändert." in an_pruefende[0].body


def test_scoring_page_shows_what_changed_since_the_question(client, wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    Steckbrief.objects.filter(pk=sb.pk).update(ziele="Wärme für 300 Haushalte")
    sb.refresh_from_db()
    _mit_finaler_version(sb)
    services.rueckfrage_stellen(sb, wf_chemnitz, "Wie viele Haushalte genau?")
    _beantworten(sb, ziele="Wärme für 450 Haushalte")
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    vor_formular = seite.split('class="bw-bewertungsformular"')[0]
    assert "Überarbeitung nach Rückfrage (Version 2" in vor_formular
    assert "Wie viele Haushalte genau?" in vor_formular
    abschnitt = vor_formular.split('id="bw-aenderungen"')[1]
    assert "Ziele (konkret, überprüfbar)" in abschnitt
    assert "[entfernt: </span>300<" in abschnitt and "[neu: </span>450<" in abschnitt
    assert "Projekttitel" not in abschnitt  # unchanged fields are not listed


def test_a_reviewer_added_by_the_revision_is_told_as_well(
    wf_zwickau, wf_chemnitz, django_capture_on_commit_callbacks
):
    sb = _mit_finaler_version(final_sb(gebiete=[ZWICKAU]))
    services.rueckfrage_stellen(sb, wf_zwickau, "Liegt der Standort nicht in Chemnitz?")
    sb.gebietskoerperschaften.add(gk(CHEMNITZ))
    with django_capture_on_commit_callbacks(execute=True):
        _beantworten(sb)
    assert sb.zuweisungen.filter(gebietskoerperschaft__ags=CHEMNITZ).exists()
    an_pruefende = [m.to for m in mail.outbox if "erneut bewerten" in m.subject]
    assert sorted(an_pruefende) == [[wf_chemnitz.email], [wf_zwickau.email]]
