"""The jury's evaluation of ideas, service level: the catalogue per call, the jury and its
mails, Befangenheit, scoring (draft, finalise, replay, reopen), the numbers per idea and
the ranking, the stages (shortlist → pitch → decision) and the notices – with the refusals:
befangen, own idea, not on the jury of that call, withdrawn idea, deciding without scores,
replayed requests."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from bewertung import jury, jury_services, services
from bewertung.jury_services import Eingabe
from bewertung.models import (
    Jurybescheid,
    JuryBewertung,
    Jurymitglied,
    Kriterienkatalog,
)
from handlungsfelder.models import Aufruf
from ideen import services as ideen_services
from ideen.models import IdeeProtokoll, Mitwirkende, Status, Stufe
from tests.factories import UserFactory, geschaeftsstelle, idee, ideenaufruf, jurymitglied

pytestmark = pytest.mark.django_db

IDEEN_2026 = "industrie-neu-denken-2026"


@pytest.fixture(autouse=True)
def _schnell(celery_eager, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def aufruf():
    return ideenaufruf(slug="jury-test")


@pytest.fixture
def gs():
    return geschaeftsstelle(email="gs@example.org")


@pytest.fixture
def einreichend():
    return UserFactory(email="lena@example.org")


@pytest.fixture
def eingereicht(aufruf, einreichend):
    return idee(aufruf, einreichend, titel="Sensorhaut", status=Status.EINGEREICHT)


def _werte(mitglied, wert: int, begruendung: str = "passt") -> dict:
    katalog = jury.jury_katalog(mitglied.aufruf_id)
    return {k.pk: Eingabe(wert, begruendung) for k in katalog.kriterien.filter(aktiv=True)}


def bewerten(idee_, mitglied, wert: int, abschliessen: bool = True) -> JuryBewertung:
    b = jury_services.bewertung_speichern(
        idee_, mitglied.user, _werte(mitglied, wert), "priorisieren", "", 0
    )
    if abschliessen:
        b = jury_services.bewertung_abschliessen(idee_, mitglied.user, b.version)
    return b


# --- catalogue per call ------------------------------------------------------------------


def test_the_ideenwettbewerb_has_its_own_active_catalogue_beside_the_steckbrief_one():
    aufruf = Aufruf.objects.get(slug=IDEEN_2026)
    katalog = Kriterienkatalog.alle.get(aufruf=aufruf, aktiv=True)
    kriterien = list(katalog.kriterien.values_list("name", "gewicht"))
    assert [n for n, _ in kriterien] == [
        "Innovationsgrad",
        "Marktpotenzial",
        "Umsetzbarkeit",
        "Team",
        "Beitrag zur Region",
    ]
    assert sum(g for _, g in kriterien) == 100
    assert sorted(katalog.stufen.values_list("wert", flat=True)) == [0, 1, 2, 3, 4, 5]
    # The Steckbrief side reads exactly one active catalogue, its own.
    steckbrief = Kriterienkatalog.objects.get(aktiv=True)
    assert steckbrief.aufruf_id == "masterplan-projekte-2026"
    assert Kriterienkatalog.alle.filter(aktiv=True).count() == 2
    assert Jurybescheid.objects.get(aufruf=aufruf).pitch
    assert Group.objects.filter(name=jury.JURY).exists()


def test_activating_a_copy_of_the_jury_catalogue_leaves_the_steckbrief_catalogue_active():
    jurykatalog = Kriterienkatalog.alle.get(aufruf__slug=IDEEN_2026, aktiv=True)
    kopie = services.katalog_kopieren(jurykatalog)
    assert kopie.aufruf_id == IDEEN_2026 and not kopie.aktiv
    services.katalog_aktivieren(kopie)
    jurykatalog.refresh_from_db()
    assert not jurykatalog.aktiv
    assert Kriterienkatalog.objects.get(aktiv=True).aufruf_id == "masterplan-projekte-2026"
    assert Kriterienkatalog.alle.get(aufruf__slug=IDEEN_2026, aktiv=True) == kopie


def test_the_jury_catalogue_does_not_switch_while_undecided_ideas_are_scored_with_it(
    aufruf, eingereicht
):
    m = jurymitglied(aufruf)
    bewerten(eingereicht, m, 3, abschliessen=False)
    kopie = services.katalog_kopieren(jury.jury_katalog(aufruf.pk))
    with pytest.raises(services.BewertungsFehler, match="Die Jury bewertet mit"):
        services.katalog_aktivieren(kopie)


# --- the jury and its mail --------------------------------------------------------------


def test_adding_a_jury_member_makes_a_staff_account_and_mails_the_ideas_to_score(
    aufruf, gs, einreichend, django_capture_on_commit_callbacks
):
    jurymitglied(aufruf)  # the catalogue
    a = idee(aufruf, einreichend, titel="Idee A", status=Status.EINGEREICHT)
    idee(aufruf, einreichend, titel="Entwurf B")  # a draft: not to score
    person = UserFactory(email="jurorin@example.org")
    eigene = idee(aufruf, person, titel="Eigene Idee", status=Status.EINGEREICHT)
    with django_capture_on_commit_callbacks(execute=True):
        m = jury_services.jury_hinzufuegen(aufruf, person, gs)
    person.refresh_from_db()
    assert person.is_staff and person.groups.filter(name=jury.JURY).exists()
    assert m.hinzugefuegt_von == gs
    assert len(mail.outbox) == 1
    text = mail.outbox[0].body
    assert mail.outbox[0].to == ["jurorin@example.org"]
    assert "Idee A" in text and f"/admin/bewertung/juryidee/{a.pk}/bewerten/" in text
    assert "Entwurf B" not in text and eigene.titel not in text
    assert jury.ist_jury(person)


def test_no_mail_to_a_jury_member_who_is_befangen_for_every_idea(
    aufruf, gs, django_capture_on_commit_callbacks
):
    jurymitglied(aufruf)
    person = UserFactory(email="nur-eigene@example.org")
    idee(aufruf, person, status=Status.EINGEREICHT)
    andere = idee(aufruf, UserFactory(), status=Status.EINGEREICHT)
    Mitwirkende.objects.create(idee=andere, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        jury_services.jury_hinzufuegen(aufruf, person, gs)
    assert mail.outbox == []


def test_only_the_geschaeftsstelle_adds_jury_members_and_only_to_an_ideenwettbewerb(aufruf, gs):
    person = UserFactory()
    with pytest.raises(jury.JuryFehler, match="Nur die Geschäftsstelle"):
        jury_services.jury_hinzufuegen(aufruf, person, UserFactory(is_staff=True))
    steckbriefaufruf = Aufruf.objects.get(slug="masterplan-projekte-2026")
    with pytest.raises(jury.JuryFehler, match="kein Ideenwettbewerb"):
        jury_services.jury_hinzufuegen(steckbriefaufruf, person, gs)
    jury_services.jury_hinzufuegen(aufruf, person, gs)
    with pytest.raises(jury.JuryFehler, match="bereits zur Jury"):
        jury_services.jury_hinzufuegen(aufruf, person, gs)


def test_a_member_who_scored_stays_on_the_jury(aufruf, gs, eingereicht):
    m = jurymitglied(aufruf)
    bewerten(eingereicht, m, 4, abschliessen=False)
    with pytest.raises(jury.JuryFehler, match="bleibt deshalb"):
        jury_services.jury_entfernen(m, gs)
    leer = jurymitglied(aufruf)
    jury_services.jury_entfernen(leer, gs)
    assert not Jurymitglied.objects.filter(pk=leer.pk).exists()


# --- scoring ----------------------------------------------------------------------------


def test_a_jury_member_scores_an_idea_as_draft_then_finalises_it(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    entwurf = jury_services.bewertung_speichern(eingereicht, m.user, _werte(m, 4), "", "", 0)
    assert entwurf.version == 1 and entwurf.punkte == pytest.approx(80.0)
    with pytest.raises(jury_services.Unvollstaendig, match="Gesamtempfehlung"):
        jury_services.bewertung_abschliessen(eingereicht, m.user, entwurf.version)
    entwurf = jury_services.bewertung_speichern(
        eingereicht, m.user, _werte(m, 4), "priorisieren", "stark", entwurf.version
    )
    fertig = jury_services.bewertung_abschliessen(eingereicht, m.user, entwurf.version)
    assert fertig.ist_abgeschlossen and fertig.abgeschlossen_von == m.user
    assert jury.abgeschlossene_bewertungen(eingereicht) == 1
    aktionen = set(IdeeProtokoll.objects.filter(idee=eingereicht).values_list("aktion", flat=True))
    assert {"Jury-Bewertung geändert", "Jury-Bewertung abgeschlossen"} <= aktionen
    # Finalised: read-only.
    with pytest.raises(jury.JuryFehler, match="abgeschlossen"):
        jury_services.bewertung_speichern(eingereicht, m.user, _werte(m, 1), "", "", fertig.version)


def test_the_extremes_need_a_justification_like_for_steckbriefe(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    b = jury_services.bewertung_speichern(
        eingereicht, m.user, {k: Eingabe(5, "") for k in _werte(m, 5)}, "priorisieren", "", 0
    )
    with pytest.raises(jury_services.Unvollstaendig, match="Begründung"):
        jury_services.bewertung_abschliessen(eingereicht, m.user, b.version)


def test_a_replayed_save_with_an_old_version_is_a_conflict(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    jury_services.bewertung_speichern(eingereicht, m.user, _werte(m, 3), "", "", 0)
    with pytest.raises(jury_services.Konflikt):
        jury_services.bewertung_speichern(eingereicht, m.user, _werte(m, 2), "", "", 0)
    assert JuryBewertung.objects.get().einzeln.first().wert == 3


def test_garbage_scores_are_refused(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    fremd = Kriterienkatalog.objects.get(aktiv=True).kriterien.first()
    with pytest.raises(jury.JuryFehler, match="gehört nicht zum Katalog"):
        jury_services.bewertung_speichern(eingereicht, m.user, {fremd.pk: Eingabe(3)}, "", "", 0)
    with pytest.raises(jury.JuryFehler, match="Punktzahl von 0 bis 5"):
        jury_services.bewertung_speichern(
            eingereicht, m.user, {k: Eingabe(9) for k in _werte(m, 1)}, "", "", 0
        )


def test_nobody_scores_their_own_idea_or_one_they_work_on(aufruf, einreichend):
    eigene = idee(aufruf, einreichend, status=Status.EINGEREICHT)
    m = jurymitglied(aufruf, user=einreichend)
    einreichend.is_staff = True
    einreichend.save()
    with pytest.raises(jury.JuryFehler, match="befangen.*eingereicht"):
        bewerten(eigene, m, 5)
    mitwirkend = jurymitglied(aufruf)
    Mitwirkende.objects.create(idee=eigene, user=mitwirkend.user)
    with pytest.raises(jury.JuryFehler, match="wirken an dieser Idee mit"):
        bewerten(eigene, mitwirkend, 5)
    assert not JuryBewertung.objects.exists()


def test_a_declared_befangenheit_blocks_scoring_and_is_audited(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    with pytest.raises(jury.JuryFehler, match="Grund"):
        jury_services.befangenheit_erklaeren(eingereicht, m.user, "  ")
    jury_services.befangenheit_erklaeren(eingereicht, m.user, "Früherer Arbeitgeber")
    with pytest.raises(jury.JuryFehler, match="befangen.*Früherer Arbeitgeber"):
        bewerten(eingereicht, m, 3)
    with pytest.raises(jury.JuryFehler, match="bereits erklärt"):
        jury_services.befangenheit_erklaeren(eingereicht, m.user, "nochmal")
    assert IdeeProtokoll.objects.filter(
        idee=eingereicht, aktion="Befangenheit erklärt (Jury)", text="Früherer Arbeitgeber"
    ).exists()


def test_only_the_jury_of_that_call_scores(aufruf, eingereicht):
    anderer = jurymitglied(ideenaufruf(slug="andere-runde"))
    with pytest.raises(jury.JuryFehler, match="nicht zur Jury"):
        bewerten(eingereicht, anderer, 3)
    with pytest.raises(jury.JuryFehler, match="nicht zur Jury"):
        jury_services.bewertung_speichern(eingereicht, geschaeftsstelle(), {}, "", "", 0)


def test_a_withdrawn_idea_drops_out(aufruf, eingereicht, einreichend):
    m = jurymitglied(aufruf)
    bewerten(eingereicht, m, 3, abschliessen=False)
    ideen_services.zurueckziehen(eingereicht, einreichend)
    with pytest.raises(jury.JuryFehler, match="zurückgezogen"):
        bewerten(eingereicht, m, 3)
    assert jury.ideen_rangliste(aufruf) == []
    assert not jury.ideen_fuer(m.user).exists()


def test_the_geschaeftsstelle_reopens_a_finalised_score_with_a_reason(aufruf, gs, eingereicht):
    m = jurymitglied(aufruf)
    b = bewerten(eingereicht, m, 3)
    with pytest.raises(jury.JuryFehler, match="Nur die Geschäftsstelle"):
        jury_services.bewertung_wieder_oeffnen(b, m.user, "bitte")
    with pytest.raises(jury.JuryFehler, match="warum"):
        jury_services.bewertung_wieder_oeffnen(b, gs, "")
    b = jury_services.bewertung_wieder_oeffnen(b, gs, "Team falsch gelesen")
    assert not b.ist_abgeschlossen
    assert jury.abgeschlossene_bewertungen(eingereicht) == 0
    assert IdeeProtokoll.objects.filter(
        idee=eingereicht, aktion="Jury-Bewertung wieder geöffnet", text="Team falsch gelesen"
    ).exists()
    with pytest.raises(jury.JuryFehler, match="nicht abgeschlossen"):
        jury_services.bewertung_wieder_oeffnen(b, gs, "nochmal")


# --- numbers and ranking -----------------------------------------------------------------


def test_the_ranking_has_mean_count_assigned_spread_rank_and_stage(aufruf, einreichend, settings):
    settings.BEWERTUNG_STREUUNG_SCHWELLE = 30
    a, b, c = (jurymitglied(aufruf) for _ in range(3))
    jurymitglied(aufruf, user=einreichend)  # befangen for own ideas: not counted as assigned
    einreichend.is_staff = True
    einreichend.save()
    gut = idee(aufruf, einreichend, titel="Gut", status=Status.EINGEREICHT)
    streit = idee(aufruf, einreichend, titel="Streit", status=Status.EINGEREICHT)
    gleich = idee(aufruf, einreichend, titel="Gleich", status=Status.EINGEREICHT)
    leer = idee(aufruf, einreichend, titel="Leer", status=Status.EINGEREICHT)
    idee(aufruf, einreichend, titel="Entwurf")
    bewerten(gut, a, 4)
    bewerten(gut, b, 4)
    bewerten(streit, a, 1)
    bewerten(streit, b, 5)
    bewerten(streit, c, 3, abschliessen=False)  # a draft does not count
    bewerten(gleich, c, 4)
    jury_services.befangenheit_erklaeren(leer, c.user, "Nachbar")

    zeilen = jury.ideen_rangliste(aufruf)
    nach_titel = {z.idee.titel: z for z in zeilen}
    assert [z.idee.titel for z in zeilen] == ["Gleich", "Gut", "Streit", "Leer"]
    assert nach_titel["Gut"].rang == 1 and nach_titel["Gleich"].rang == 1
    assert nach_titel["Streit"].rang == 3
    assert nach_titel["Leer"].rang is None and nach_titel["Leer"].mittelwert is None
    assert nach_titel["Gut"].mittelwert == pytest.approx(80.0)
    assert nach_titel["Streit"].mittelwert == pytest.approx(60.0)
    assert nach_titel["Gut"].bewertungen == 2 and nach_titel["Streit"].bewertungen == 2
    assert nach_titel["Gut"].zugewiesen == 3 and nach_titel["Leer"].zugewiesen == 2
    assert nach_titel["Streit"].streuung_hoch and not nach_titel["Gut"].streuung_hoch
    assert nach_titel["Gut"].stufe == "eingereicht"
    # frozen dataclass
    with pytest.raises(AttributeError):
        nach_titel["Gut"].rang = 5


def test_the_ranking_needs_a_fixed_number_of_queries(
    aufruf, einreichend, django_assert_max_num_queries
):
    m = jurymitglied(aufruf)
    for i in range(12):
        bewerten(idee(aufruf, einreichend, titel=f"Idee {i}", status=Status.EINGEREICHT), m, i % 6)
    with django_assert_max_num_queries(2):
        zeilen = jury.ideen_rangliste(aufruf)
        [list(z.idee.team.all()) for z in zeilen]
    assert len(zeilen) == 12


# --- stages and notices ----------------------------------------------------------------


def test_nothing_is_shortlisted_or_decided_that_nobody_reviewed(aufruf, gs, eingereicht):
    for funktion in (ideen_services.in_vorauswahl, ideen_services.nicht_auswaehlen):
        with pytest.raises(ideen_services.NichtMoeglich, match="keine abgeschlossene Bewertung"):
            funktion(eingereicht, gs)
    m = jurymitglied(aufruf)
    bewerten(eingereicht, m, 2, abschliessen=False)
    with pytest.raises(ideen_services.NichtMoeglich, match="keine abgeschlossene Bewertung"):
        ideen_services.in_vorauswahl(eingereicht, gs)


def test_shortlist_pitch_and_selection_each_audited_and_not_replayable(
    aufruf, gs, eingereicht, django_capture_on_commit_callbacks
):
    bewerten(eingereicht, jurymitglied(aufruf), 4)
    with pytest.raises(ideen_services.NichtMoeglich, match="Nur die Geschäftsstelle"):
        ideen_services.in_vorauswahl(eingereicht, UserFactory(is_staff=True))
    with pytest.raises(ideen_services.NichtMoeglich, match="nicht möglich"):
        ideen_services.zum_pitch_einladen(eingereicht, gs)
    ideen_services.in_vorauswahl(eingereicht, gs, "stark")
    with pytest.raises(ideen_services.NichtMoeglich, match="Stufe „Vorauswahl“"):
        ideen_services.in_vorauswahl(eingereicht, gs)  # the replayed POST
    ideen_services.zum_pitch_einladen(eingereicht, gs)
    ideen_services.auswaehlen(eingereicht, gs)
    eingereicht.refresh_from_db()
    assert eingereicht.stufe == Stufe.AUSGEWAEHLT
    with pytest.raises(ideen_services.NichtMoeglich, match="nicht möglich"):
        ideen_services.nicht_auswaehlen(eingereicht, gs)
    protokoll = list(
        IdeeProtokoll.objects.filter(idee=eingereicht, akteur=gs)
        .order_by("pk")
        .values_list("aktion", "alt", "neu")
    )
    assert protokoll == [
        ("In die Vorauswahl", "eingereicht", "Vorauswahl"),
        ("Zum Pitch eingeladen", "Vorauswahl", "zum Pitch eingeladen"),
        ("Ausgewählt", "zum Pitch eingeladen", "ausgewählt"),
    ]
    assert mail.outbox == []  # a stage alone mails nobody


def test_a_withdrawn_idea_gets_no_stage(aufruf, gs, eingereicht, einreichend):
    bewerten(eingereicht, jurymitglied(aufruf), 4)
    ideen_services.zurueckziehen(eingereicht, einreichend)
    with pytest.raises(ideen_services.NichtMoeglich, match="zurückgezogen"):
        ideen_services.nicht_auswaehlen(eingereicht, gs)


def test_notices_go_once_per_decided_stage_to_owner_and_co_entrants(
    aufruf, gs, eingereicht, django_capture_on_commit_callbacks
):
    mit = UserFactory(email="mit@example.org")
    Mitwirkende.objects.create(idee=eingereicht, user=mit)
    bewerten(eingereicht, jurymitglied(aufruf), 4)
    Jurybescheid.objects.create(aufruf=aufruf, pitch="Wir laden Sie zum Pitch am 3.7. ein.")
    ideen_services.in_vorauswahl(eingereicht, gs)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesendet, uebersprungen = jury_services.bescheide_versenden([eingereicht], gs)
    assert gesendet == 0 and "noch nichts entschieden" in uebersprungen[0]
    ideen_services.zum_pitch_einladen(eingereicht, gs)
    with django_capture_on_commit_callbacks(execute=True):
        gesendet, _ = jury_services.bescheide_versenden([eingereicht], gs)
    assert gesendet == 1
    assert sorted(mail.outbox[0].to) == ["lena@example.org", "mit@example.org"]
    assert "zum Pitch eingeladen" in mail.outbox[0].subject
    assert "Wir laden Sie zum Pitch am 3.7. ein." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        gesendet, uebersprungen = jury_services.bescheide_versenden([eingereicht], gs)
    assert gesendet == 0 and "bereits am" in uebersprungen[0]
    assert len(mail.outbox) == 1
    eingereicht.refresh_from_db()
    assert eingereicht.sichtbare_stufe == "zum Pitch eingeladen"
    assert IdeeProtokoll.objects.filter(idee=eingereicht, aktion="Bescheid versendet").count() == 1
    with pytest.raises(ideen_services.NichtMoeglich, match="Nur die Geschäftsstelle"):
        ideen_services.bescheid_versenden(eingereicht, UserFactory(), {})


def test_an_announced_decision_closes_the_idea_an_unannounced_one_reveals_nothing(
    client, aufruf, gs, einreichend, eingereicht
):
    bewerten(eingereicht, jurymitglied(aufruf), 4)
    ideen_services.in_vorauswahl(eingereicht, gs)
    ideen_services.zum_pitch_einladen(eingereicht, gs)
    ideen_services.auswaehlen(eingereicht, gs)
    # Decided, not yet announced: the people may still invite (nothing tells them more).
    ideen_services.einladen(eingereicht, einreichend, "neu@example.org")
    client.force_login(einreichend)
    seite = client.get(eingereicht.get_absolute_url()).content.decode()
    assert "Idee endgültig zurückziehen" in seite and "ausgewählt" not in seite
    jury_services.bescheide_versenden([eingereicht], gs)
    eingereicht.refresh_from_db()
    for versuch in (
        lambda: ideen_services.zurueckziehen(eingereicht, einreichend),
        lambda: ideen_services.einladen(eingereicht, einreichend, "spaet@example.org"),
    ):
        with pytest.raises(ideen_services.NichtMoeglich, match="entschieden"):
            versuch()
    seite = client.get(eingereicht.get_absolute_url()).content.decode()
    assert "Idee endgültig zurückziehen" not in seite and "Zur Mitwirkung einladen" not in seite
    antwort = client.post(f"/ideen/{eingereicht.pk}/zurueckziehen/", {"grund": "doch nicht"})
    assert antwort.status_code in (200, 302)
    eingereicht.refresh_from_db()
    assert eingereicht.status == Status.EINGEREICHT


def test_the_dsgvo_export_names_a_jury_members_scores_and_declarations(aufruf, eingereicht):
    from konten.beitraege import auskunftsteile

    m = jurymitglied(aufruf)
    bewerten(eingereicht, m, 4)
    zweite = idee(aufruf, UserFactory(), titel="Zweite", status=Status.EINGEREICHT)
    jury_services.befangenheit_erklaeren(zweite, m.user, "Schwager")
    teil = auskunftsteile(m.user, None)["Jury des Ideenwettbewerbs"]
    assert teil["aufrufe"][0]["aufruf"] == aufruf.name
    [b] = teil["bewertungen"]
    assert b["titel"] == "Sensorhaut" and b["status"] == "abgeschlossen"
    assert {k["wert"] for k in b["kriterien"]} == {4} and len(b["kriterien"]) == 3
    assert teil["befangenheit"] == [{"idee": zweite.pk, "titel": "Zweite", "grund": "Schwager"}]
    assert "Jury des Ideenwettbewerbs" not in auskunftsteile(UserFactory(), None)


def test_a_jury_catalogue_with_scores_is_frozen(aufruf, eingereicht):
    m = jurymitglied(aufruf)
    katalog = jury.jury_katalog(aufruf.pk)
    assert not katalog.ist_eingefroren
    bewerten(eingereicht, m, 3, abschliessen=False)
    assert katalog.ist_eingefroren
    with pytest.raises(services.BewertungsFehler, match="eingefroren"):
        services.pruefe_nicht_eingefroren(katalog)
