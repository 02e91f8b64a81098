"""Rules and services of the Bewertung: assignment, scoring, finalising, Befangenheit,
reopening, decisions, catalogue freeze – with their status transitions and audit entries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from bewertung import regeln, services
from bewertung.models import Bewertung, Entscheidungsvorlage, Kriterienkatalog, Zuweisung
from bewertung.regeln import NichtErlaubt
from bewertung.services import BewertungsFehler, Eingabe, Konflikt
from steckbriefe import services as sb_services
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from tests.factories import SteckbriefFactory, final_vollstaendig, mitglied, wirtschaftsfoerderung

from .conftest import (
    CHEMNITZ,
    ERZGEBIRGE,
    ZWICKAU,
    bewertet_sb,
    final_sb,
    gk,
    phase_setzen,
    zuweisung,
)

pytestmark = pytest.mark.django_db

IM_FINAL = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)


def _alle_werte(bewertung_or_katalog, wert=3, begruendung=""):
    katalog = getattr(bewertung_or_katalog, "katalog", bewertung_or_katalog)
    return {k.pk: Eingabe(wert, begruendung) for k in katalog.kriterien.filter(aktiv=True)}


def _speichern(z, user, wert=3, empfehlung="priorisieren", version=None, **kwargs):
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    if version is None:
        version = (
            Bewertung.objects.filter(zuweisung=z).values_list("version", flat=True).first() or 0
        )
    return services.bewertung_speichern(
        z,
        user,
        _alle_werte(katalog, wert, "weil"),
        empfehlung,
        kwargs.get("kommentar", ""),
        version,
    )


def _fertig(z, user, wert=3):
    b = _speichern(z, user, wert)
    return services.bewertung_abschliessen(b, user, b.version)


# --- Zuweisung ----------------------------------------------------------------------------


def test_final_submission_assigns_to_the_location_wirtschaftsfoerderungen():
    sb = SteckbriefFactory(gebiete=[ZWICKAU, CHEMNITZ])
    user = mitglied(sb.organisation)
    final_vollstaendig(sb)
    with time_machine.travel(IM_FINAL, tick=False):
        sb_services.final_einreichen(sb, user)
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT  # the assignment does not start the Bewertung
    assert set(sb.zuweisungen.values_list("gebietskoerperschaft__ags", "herkunft")) == {
        (ZWICKAU, "automatisch"),
        (CHEMNITZ, "automatisch"),
    }
    eintrag = sb.audit.get(aktion="Zuweisung")
    assert eintrag.akteur is None
    assert "Wirtschaftsförderung Landkreis Zwickau" in eintrag.neu


def test_whole_region_goes_to_all_five_and_assigning_is_idempotent():
    sb = final_sb(gebiete=[], gesamte_region=True)
    assert sb.zuweisungen.count() == 5
    assert services.zuweisen(sb) == []
    assert sb.zuweisungen.count() == 5
    assert sb.audit.filter(aktion="Zuweisung").count() == 1


def test_answered_rueckfrage_assigns_a_new_location(wf_zwickau):
    sb = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG)
    services.rueckfrage_stellen(sb, wf_zwickau, "Bitte den Standort präzisieren.")
    sb.gebietskoerperschaften.add(gk(CHEMNITZ))
    sb_services.rueckfrage_beantworten(sb, mitglied(sb.organisation))
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
    assert set(sb.zuweisungen.values_list("gebietskoerperschaft__ags", flat=True)) == {
        ZWICKAU,
        CHEMNITZ,
    }


def test_geschaeftsstelle_adds_reviewers_and_starts_the_bewertung_in_the_phase(gs, wf_chemnitz):
    a, b = final_sb(), final_sb()
    anzahl, uebersprungen = services.pruefende_hinzufuegen(
        Steckbrief.objects.filter(pk__in=[a.pk, b.pk]), gs, gebiete=[gk(CHEMNITZ)], personen=[gs]
    )
    assert (anzahl, uebersprungen) == (4, 0)
    a.refresh_from_db()
    assert a.status == Status.IN_BEWERTUNG
    assert a.zuweisungen.filter(pruefer=gs, herkunft="manuell").exists()
    assert a.audit.filter(aktion="Zuweisung", akteur=gs, text="durch die Geschäftsstelle").exists()
    with pytest.raises(NichtErlaubt):
        services.pruefende_hinzufuegen(
            Steckbrief.objects.filter(pk=a.pk), wf_chemnitz, [gk(CHEMNITZ)]
        )


def test_new_reviewer_reopens_a_closed_bewertung(gs, wf_zwickau):
    sb = final_sb()
    _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET
    services.pruefende_hinzufuegen(Steckbrief.objects.filter(pk=sb.pk), gs, [gk(ERZGEBIRGE)])
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG


# --- who sees what --------------------------------------------------------------------------


def test_steckbriefe_fuer_scopes_by_role(wf_zwickau, wf_chemnitz, gs, superuser, einreichend):
    from django.contrib.auth.models import AnonymousUser

    zwickau = final_sb(gebiete=[ZWICKAU])
    region = final_sb(gebiete=[], gesamte_region=True)
    chemnitz = final_sb(gebiete=[CHEMNITZ])
    entwurf = SteckbriefFactory(gebiete=[ZWICKAU])  # never submitted
    quer = final_sb(gebiete=[CHEMNITZ])
    services.pruefende_hinzufuegen(Steckbrief.objects.filter(pk=quer.pk), gs, [gk(ZWICKAU)])

    def sicht(user):
        return set(regeln.steckbriefe_fuer(user).values_list("pk", flat=True))

    assert sicht(wf_zwickau) == {zwickau.pk, region.pk, quer.pk}
    assert sicht(wf_chemnitz) == {region.pk, chemnitz.pk, quer.pk}
    assert (
        sicht(gs) == sicht(superuser) == {zwickau.pk, region.pk, chemnitz.pk, entwurf.pk, quer.pk}
    )
    assert sicht(einreichend) == set()
    assert sicht(AnonymousUser()) == set()
    assert regeln.darf_sehen(wf_zwickau, zwickau) and not regeln.darf_sehen(wf_zwickau, chemnitz)


def test_a_person_assigned_by_name_sees_and_scores(gs):
    from tests.factories import UserFactory

    person = UserFactory(rolle="Geschäftsstelle", is_staff=True)
    sb = final_sb(gebiete=[CHEMNITZ])
    services.pruefende_hinzufuegen(Steckbrief.objects.filter(pk=sb.pk), gs, personen=[person])
    z = regeln.zuweisung_fuer(person, sb)
    assert z.pruefer == person
    assert regeln.darf_bewerten(person, z)


# --- scoring -------------------------------------------------------------------------------


def test_first_save_starts_the_bewertung_and_is_audited(wf_zwickau):
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    b = _speichern(z, wf_zwickau, 4)
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
    assert (b.version, b.status, b.geaendert_von) == (1, "entwurf", wf_zwickau)
    assert b.punkte == pytest.approx(80)  # stored by the database: 4 of 5 everywhere
    eintrag = sb.audit.get(aktion="Bewertung geändert")
    assert eintrag.akteur == wf_zwickau
    assert eintrag.alt.startswith("K1: –; K2: –")
    assert eintrag.neu.startswith("K1: 4; K2: 4")
    assert "Empfehlung: priorisieren" in eintrag.neu
    assert eintrag.text == "Wirtschaftsförderung Landkreis Zwickau"

    b = _speichern(z, wf_zwickau, 4, empfehlung="zurueckstellen")
    letzter = sb.audit.filter(aktion="Bewertung geändert").first()
    assert (letzter.alt, letzter.neu) == ("Empfehlung: priorisieren", "Empfehlung: zurückstellen")


def test_stale_version_is_a_conflict_and_saves_nothing(wf_zwickau):
    kollege = wirtschaftsfoerderung(ZWICKAU)
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    _speichern(z, wf_zwickau, 3, version=0)  # version 1
    _speichern(z, kollege, 4, version=1)  # version 2
    with pytest.raises(Konflikt) as exc:
        _speichern(z, wf_zwickau, 1, version=1)
    assert "inzwischen" in str(exc.value)
    b = Bewertung.objects.get(zuweisung=z)
    assert b.version == 2
    assert set(b.einzeln.values_list("wert", flat=True)) == {4}


def test_scores_outside_the_scale_are_refused(wf_zwickau):
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    k1 = katalog.kriterien.first()
    with pytest.raises(BewertungsFehler, match="Punktzahl von 0 bis 5"):
        services.bewertung_speichern(z, wf_zwickau, {k1.pk: Eingabe(6)}, "", "", 0)
    assert not Bewertung.objects.filter(zuweisung=z, einzeln__isnull=False).exists()


def test_finalising_needs_every_score_and_justifications(wf_zwickau):
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kriterien = list(katalog.kriterien.all())
    eingaben = {k.pk: Eingabe(3) for k in kriterien[:-1]}
    eingaben[kriterien[0].pk] = Eingabe(5, "")  # 5 needs a justification
    b = services.bewertung_speichern(z, wf_zwickau, eingaben, "", "", 0)
    with pytest.raises(services.Unvollstaendig) as exc:
        services.bewertung_abschliessen(b, wf_zwickau, b.version)
    texte = [f.text for f in exc.value.fehlt]
    assert texte == [
        "K1: Begründung (Pflicht bei 5 Punkten)",
        "K12: Punktzahl",
        "Gesamtempfehlung",
    ]
    b.refresh_from_db()
    assert b.status == "entwurf"


def test_finalised_is_read_only_and_last_one_closes_the_steckbrief(wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    b = _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
    assert sb.audit.filter(aktion="Bewertung abgeschlossen", neu__contains="60,0 Punkte").exists()
    with pytest.raises(NichtErlaubt, match="abgeschlossen"):
        _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 5, version=b.version)
    _fertig(zuweisung(sb, CHEMNITZ), wf_chemnitz)
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET
    assert sb.audit.filter(aktion="Bewertung abschließen", neu="Bewertet").exists()


def test_befangenheit_blocks_scoring_and_completes_the_set(wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    _speichern(zuweisung(sb, CHEMNITZ), wf_chemnitz, 1)
    with pytest.raises(BewertungsFehler, match="Grund"):
        services.befangenheit_erklaeren(zuweisung(sb, CHEMNITZ), wf_chemnitz, " ")
    with pytest.raises(NichtErlaubt):
        services.befangenheit_erklaeren(zuweisung(sb, CHEMNITZ), wf_zwickau, "nicht meine")
    services.befangenheit_erklaeren(
        zuweisung(sb, CHEMNITZ), wf_chemnitz, "Ehemaliger Arbeitgeber der Projektleitung"
    )
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET  # the only other Zuweisung is finalised
    eintrag = sb.audit.get(aktion="Befangenheit erklärt")
    assert eintrag.text == "Ehemaliger Arbeitgeber der Projektleitung"
    with pytest.raises(NichtErlaubt, match="Befangenheit"):
        _speichern(zuweisung(sb, CHEMNITZ), wf_chemnitz, 3)


def test_not_assigned_cannot_score(wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU])
    with pytest.raises(NichtErlaubt, match="nicht zur Bewertung zugewiesen"):
        _speichern(zuweisung(sb, ZWICKAU), wf_chemnitz, 3)


def test_phase_closed_unless_extension_or_geschaeftsstelle(wf_zwickau, gs):
    sb = final_sb()
    z = zuweisung(sb, ZWICKAU)
    phase_setzen(False)
    with pytest.raises(NichtErlaubt, match="Bewertungsphase"):
        _speichern(z, wf_zwickau, 3)
    services.nachfrist_setzen(z, gs, timezone.localdate() + datetime.timedelta(days=3))
    z.refresh_from_db()
    _speichern(z, wf_zwickau, 3)  # extension
    assert sb.audit.filter(aktion="Nachfrist für Bewertung").exists()
    services.pruefende_hinzufuegen(Steckbrief.objects.filter(pk=sb.pk), gs, personen=[gs])
    _speichern(sb.zuweisungen.get(pruefer=gs), gs, 4)  # the Geschäftsstelle is not bound


def test_reopen_by_geschaeftsstelle_only(wf_zwickau, gs):
    sb = final_sb()
    b = _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    with pytest.raises(NichtErlaubt):
        services.bewertung_wieder_oeffnen(b, wf_zwickau, "Korrektur")
    with pytest.raises(BewertungsFehler, match="warum"):
        services.bewertung_wieder_oeffnen(b, gs, "")
    services.bewertung_wieder_oeffnen(b, gs, "K4 bitte prüfen")
    b.refresh_from_db()
    sb.refresh_from_db()
    assert (b.status, sb.status) == ("entwurf", Status.IN_BEWERTUNG)
    assert sb.audit.filter(aktion="Bewertung wieder geöffnet", text="K4 bitte prüfen").exists()
    assert sb.audit.filter(aktion="Bewertung wieder öffnen", akteur=gs).exists()
    _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 4, version=b.version)


def test_rueckfrage_by_reviewer_while_own_bewertung_open(
    wf_zwickau, wf_chemnitz, django_capture_on_commit_callbacks
):
    sb = final_sb()
    with pytest.raises(NichtErlaubt):
        services.rueckfrage_stellen(sb, wf_chemnitz, "Warum?")
    with django_capture_on_commit_callbacks(execute=True):
        services.rueckfrage_stellen(sb, wf_zwickau, "Bitte Finanzierungsplan ergänzen.")
    sb.refresh_from_db()
    assert sb.status == Status.RUECKFRAGE
    assert sb.audit.get(aktion="Rückfrage stellen").text == "Bitte Finanzierungsplan ergänzen."
    assert "Bitte Finanzierungsplan ergänzen." in mail.outbox[-1].body


def test_protocol_hides_other_scores_until_own_is_finalised(wf_zwickau, wf_chemnitz, gs):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    _fertig(zuweisung(sb, CHEMNITZ), wf_chemnitz)
    b = _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 2)
    aktionen = set(regeln.protokoll_fuer(wf_zwickau, sb, b).values_list("aktion", "akteur"))
    assert ("Bewertung abgeschlossen", wf_chemnitz.pk) not in aktionen
    assert ("Bewertung geändert", wf_chemnitz.pk) not in aktionen
    assert ("Bewertung geändert", wf_zwickau.pk) in aktionen
    assert ("Zuweisung", None) in aktionen
    alle = regeln.protokoll_fuer(gs, sb, None)
    assert alle.filter(aktion="Bewertung abgeschlossen", akteur=wf_chemnitz).exists()


# --- decisions -----------------------------------------------------------------------------


def test_released_decision_sends_the_editable_notice(gs, django_capture_on_commit_callbacks):
    sb = bewertet_sb()
    Entscheidungsvorlage.objects.filter(entscheidung="zurueckgestellt").update(
        text="Ihr Vorhaben <b>wartet</b> auf die nächste Runde."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.entscheiden(sb, gs, "zurueckgestellt", "Finanzierung noch offen.")
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "zurueckgestellt")
    assert mail.outbox == []  # mailed when released, not at the decision
    with django_capture_on_commit_callbacks(execute=True):
        services.bescheide_versenden([sb], gs)
    nachricht = mail.outbox[-1]
    assert "Ihr Vorhaben <b>wartet</b> auf die nächste Runde." in nachricht.body
    assert "Ihr Vorhaben &lt;b&gt;wartet&lt;/b&gt;" in nachricht.alternatives[0].content
    assert "Finanzierung noch offen." in nachricht.body
    assert sb.audit.get(aktion="Entscheidung festhalten").text == "Finanzierung noch offen."


def test_decisions_need_the_geschaeftsstelle_and_respect_the_event_rule(gs, wf_zwickau):
    veranstaltung = bewertet_sb(titel="Fachkräftebörse")
    Steckbrief.objects.filter(pk=veranstaltung.pk).update(
        vorhabenart="veranstaltung", foerdermittel=Decimal("25000")
    )
    normal = bewertet_sb(titel="Normal")
    with pytest.raises(NichtErlaubt):
        services.entscheiden(normal, wf_zwickau, "priorisiert", "x")
    erledigt, fehler = services.entscheiden_mehrere(
        Steckbrief.objects.filter(pk__in=[veranstaltung.pk, normal.pk]).order_by("titel"),
        gs,
        "priorisiert",
        "Passt.",
    )
    assert [sb.titel for sb in erledigt] == ["Normal"]
    assert fehler[0][0].titel == "Fachkräftebörse"
    assert "kann nicht priorisiert werden" in fehler[0][1]
    veranstaltung.refresh_from_db()
    assert veranstaltung.status == Status.BEWERTET
    services.entscheiden(veranstaltung, gs, "zurueckgestellt", "Zu teuer für eine Veranstaltung.")


def test_deadline_extension_through_the_steckbrief_service(gs):
    sb = final_sb()
    bis = timezone.localdate() + datetime.timedelta(days=14)
    assert services.frist_verlaengern(Steckbrief.objects.filter(pk=sb.pk), gs, bis) == 1
    sb.refresh_from_db()
    assert sb.verlaengert_bis == bis
    assert sb.audit.filter(aktion="Frist verlängert", akteur=gs).exists()
    with pytest.raises(BewertungsFehler):
        services.frist_verlaengern([sb], gs, timezone.localdate() - datetime.timedelta(days=1))


def test_reminder_mail_to_the_wirtschaftsfoerderung(
    gs, wf_zwickau, django_capture_on_commit_callbacks
):
    final_sb(titel="Offener Steckbrief <script>")
    with django_capture_on_commit_callbacks(execute=True):
        anzahl = services.erinnern(gs, gebietskoerperschaft=gk(ZWICKAU))
    assert anzahl == 1
    nachricht = mail.outbox[-1]
    assert nachricht.to == [wf_zwickau.email]
    assert "Erinnerung" in nachricht.subject
    assert "Offener Steckbrief <script>" in nachricht.body
    assert "&lt;script&gt;" in nachricht.alternatives[0].content
    with pytest.raises(BewertungsFehler, match="keine Bewertungen offen"):
        services.erinnern(gs, gebietskoerperschaft=gk(CHEMNITZ))


# --- catalogue -----------------------------------------------------------------------------


def test_catalogue_freezes_with_the_first_score_and_can_be_copied(wf_zwickau):
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    assert not katalog.ist_eingefroren
    sb = final_sb()
    _speichern(zuweisung(sb, ZWICKAU), wf_zwickau, 3)
    assert katalog.ist_eingefroren
    with pytest.raises(BewertungsFehler, match="eingefroren"):
        services.pruefe_nicht_eingefroren(katalog)
    kopie = services.katalog_kopieren(katalog)
    assert not kopie.aktiv and not kopie.ist_eingefroren
    assert kopie.kriterien.count() == 12 and kopie.stufen.count() == 6
    kopie.kriterien.filter(code="K1").update(gewicht=20)
    with pytest.raises(BewertungsFehler, match="100 ergeben \\(derzeit 105\\)"):
        services.katalog_aktivieren(kopie)
    kopie.kriterien.filter(code="K2").update(gewicht=5)
    # Not while the round scores against the active catalogue (issue 13, item 4) …
    with pytest.raises(BewertungsFehler, match="laufende Runde"):
        services.katalog_aktivieren(kopie)
    # … but once its Steckbriefe are decided.
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.ENTSCHIEDEN)
    services.katalog_aktivieren(kopie)
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.IN_BEWERTUNG)
    assert list(Kriterienkatalog.objects.filter(aktiv=True)) == [kopie]
    # The existing Bewertung keeps its catalogue; a new one uses the new catalogue.
    assert Bewertung.objects.get().katalog == katalog
    b = services.bewertung_holen(Zuweisung.objects.create(steckbrief=sb, pruefer=wf_zwickau))
    assert b.katalog == kopie


def test_audit_entries_are_written_for_every_action(wf_zwickau, gs):
    sb = final_sb()
    b = _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    services.bewertung_wieder_oeffnen(b, gs, "Nachfrage")
    aktionen = list(AuditEintrag.objects.filter(steckbrief=sb).values_list("aktion", flat=True))
    for erwartet in [
        "Zuweisung",
        "Bewertung geändert",
        "Bewertung beginnen",
        "Bewertung abgeschlossen",
        "Bewertung abschließen",
        "Bewertung wieder geöffnet",
        "Bewertung wieder öffnen",
    ]:
        assert erwartet in aktionen
