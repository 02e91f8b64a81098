"""The jury's admin pages: the list „Meine Ideen zur Bewertung“, the scoring page (read-only
idea, radio groups, draft and finalise, Befangenheit, 403 with a German message when
befangen), the ranking of the Geschäftsstelle with its stage actions (confirmation page) and
„Bescheide versenden“, the ideas list (ideen/admin.py), the jury in the admin; query counts
with one and with many rows."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from bewertung import jury
from bewertung.models import JuryBewertung, Jurymitglied
from ideen.admin import als_steckbrief_url
from ideen.models import Mitwirkende, Status, Stufe
from tests.factories import UserFactory, geschaeftsstelle, idee, ideenaufruf, jurymitglied

from .test_jury_services import bewerten

pytestmark = pytest.mark.django_db

LISTE = "admin:bewertung_juryidee_changelist"
BEWERTEN = "admin:bewertung_juryidee_bewerten"
RANGLISTE = "admin:bewertung_ideenrangliste_changelist"
IDEEN = "admin:ideen_idee_changelist"


@pytest.fixture(autouse=True)
def _schnell(celery_eager, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def aufruf():
    return ideenaufruf(slug="jury-admin")


@pytest.fixture
def gs():
    return geschaeftsstelle(email="gs@example.org")


@pytest.fixture
def einreichend():
    return UserFactory(email="lena@example.org")


@pytest.fixture
def mitglied(aufruf):
    return jurymitglied(aufruf, email="juror@example.org")


def _ideen(aufruf, einreichend, n: int):
    return [
        idee(aufruf, einreichend, titel=f"Idee Nr {i}", status=Status.EINGEREICHT) for i in range(n)
    ]


def _formular(mitglied, wert: int, version: int, aktion: str, empfehlung="priorisieren"):
    katalog = jury.jury_katalog(mitglied.aufruf_id)
    daten = {"version": version, "empfehlung": empfehlung, "kommentar": "", "aktion": aktion}
    for k in katalog.kriterien.all():
        daten[f"wert_{k.pk}"] = wert
        daten[f"begruendung_{k.pk}"] = "begründet"
    return daten


# --- the jury's list ----------------------------------------------------------------------


def test_the_jury_list_shows_the_own_state_per_idea(client, aufruf, einreichend, mitglied):
    offen, begonnen, fertig, fremd = _ideen(aufruf, einreichend, 4)
    Mitwirkende.objects.create(idee=fremd, user=mitglied.user)
    bewerten(begonnen, mitglied, 3, abschliessen=False)
    bewerten(fertig, mitglied, 3)
    idee(aufruf, einreichend, titel="Noch Entwurf")
    idee(ideenaufruf(slug="andere"), einreichend, titel="Andere Runde", status=Status.EINGEREICHT)
    client.force_login(mitglied.user)
    antwort = client.get(reverse(LISTE))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Meine Ideen zur Bewertung" in html
    assert "noch nicht begonnen" in html and "Entwurf" in html and "abgeschlossen" in html
    assert "befangen" in html
    assert "Noch Entwurf" not in html and "Andere Runde" not in html
    assert reverse(BEWERTEN, args=[offen.pk]) in html
    assert reverse(BEWERTEN, args=[fremd.pk]) not in html


@pytest.mark.parametrize("anzahl", [1, 25])
def test_the_jury_list_needs_a_fixed_number_of_queries(
    client, aufruf, einreichend, mitglied, anzahl, django_assert_max_num_queries
):
    for i in _ideen(aufruf, einreichend, anzahl):
        bewerten(i, mitglied, 2, abschliessen=False)
    client.force_login(mitglied.user)
    with django_assert_max_num_queries(12):
        antwort = client.get(reverse(LISTE))
    assert antwort.content.decode().count("Idee Nr ") >= anzahl


def test_other_staff_do_not_see_the_jury_pages(client, aufruf, einreichend):
    (eine,) = _ideen(aufruf, einreichend, 1)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(LISTE)).status_code == 403
    assert client.get(reverse(BEWERTEN, args=[eine.pk])).status_code == 403
    assert client.get(reverse(RANGLISTE)).status_code == 403


# --- the scoring page ------------------------------------------------------------------------


def test_a_jury_member_scores_and_finalises_on_the_scoring_page(
    client, aufruf, einreichend, mitglied
):
    (eine,) = _ideen(aufruf, einreichend, 1)
    client.force_login(mitglied.user)
    url = reverse(BEWERTEN, args=[eine.pk])
    html = client.get(url).content.decode()
    assert "Sensorhaut" not in html  # titles of this test are „Idee Nr …“
    assert "Idee Nr 0" in html and "Eine Folie gibt Greifern Tastsinn." in html
    assert "Innovationsgrad" in html and 'type="radio"' in html
    antwort = client.post(url, _formular(mitglied, 4, 0, "speichern"))
    assert antwort.status_code == 302
    b = JuryBewertung.objects.get(idee=eine, mitglied=mitglied)
    assert b.status == "entwurf" and b.punkte == pytest.approx(80.0)
    # Finalising without the recommendation: kept as draft, with the German reason.
    antwort = client.post(url, _formular(mitglied, 4, b.version, "abschliessen", ""), follow=True)
    assert "noch nicht abgeschlossen" in antwort.content.decode()
    b.refresh_from_db()
    antwort = client.post(url, _formular(mitglied, 4, b.version, "abschliessen"))
    assert antwort.status_code == 302
    b.refresh_from_db()
    assert b.ist_abgeschlossen
    html = client.get(url).content.decode()
    assert 'id="jury-abgeschlossen"' in html and "80,0" in html
    # The replayed POST changes nothing.
    client.post(url, _formular(mitglied, 1, b.version, "speichern"))
    b.refresh_from_db()
    assert b.ist_abgeschlossen and b.punkte == pytest.approx(80.0)


def test_a_befangen_member_cannot_open_the_form(client, aufruf, einreichend, mitglied):
    eigene = idee(aufruf, mitglied.user, titel="Meine", status=Status.EINGEREICHT)
    (andere,) = _ideen(aufruf, einreichend, 1)
    client.force_login(mitglied.user)
    antwort = client.get(reverse(BEWERTEN, args=[eigene.pk]))
    assert antwort.status_code == 403
    assert "Sie haben diese Idee eingereicht." in antwort.content.decode()
    antwort = client.post(
        reverse(BEWERTEN, args=[andere.pk]), {"aktion": "befangen", "grund": "Ex-Kollege"}
    )
    assert antwort.status_code == 302
    antwort = client.get(reverse(BEWERTEN, args=[andere.pk]))
    assert antwort.status_code == 403 and "Ex-Kollege" in antwort.content.decode()
    antwort = client.post(
        reverse(BEWERTEN, args=[andere.pk]), _formular(mitglied, 3, 0, "speichern")
    )
    assert antwort.status_code == 403
    assert not JuryBewertung.objects.exists()


def test_ideas_of_other_calls_and_withdrawn_ones_are_not_found(
    client, aufruf, einreichend, mitglied
):
    fremd = idee(ideenaufruf(slug="fremd"), einreichend, status=Status.EINGEREICHT)
    weg = idee(aufruf, einreichend, status=Status.ZURUECKGEZOGEN)
    client.force_login(mitglied.user)
    for i in (fremd, weg):
        assert client.get(reverse(BEWERTEN, args=[i.pk])).status_code == 404
    assert client.get(reverse(BEWERTEN, args=["kein-id"])).status_code == 404


def test_the_geschaeftsstelle_sees_the_scores_and_reopens_one(
    client, aufruf, einreichend, mitglied, gs
):
    (eine,) = _ideen(aufruf, einreichend, 1)
    b = bewerten(eine, mitglied, 3)
    client.force_login(gs)
    url = reverse(BEWERTEN, args=[eine.pk])
    html = client.get(url).content.decode()
    assert 'id="jury-alle"' in html and "juror@example.org" in html
    antwort = client.post(url, {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": ""})
    b.refresh_from_db()
    assert b.ist_abgeschlossen
    client.post(url, {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": "Rückfrage"})
    b.refresh_from_db()
    assert not b.ist_abgeschlossen
    # A jury member may not reopen.
    client.force_login(mitglied.user)
    antwort = client.post(url, {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": "x"})
    assert antwort.status_code == 403


# --- the ranking and the decisions --------------------------------------------------------


def test_the_ranking_shows_rank_mean_and_spread_for_the_geschaeftsstelle(
    client, aufruf, einreichend, mitglied, gs
):
    gut, schwach, offen = _ideen(aufruf, einreichend, 3)
    bewerten(gut, mitglied, 5)
    bewerten(schwach, mitglied, 1)
    client.force_login(gs)
    antwort = client.get(reverse(RANGLISTE), {"aufruf": aufruf.pk})
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert html.index("Idee Nr 0") < html.index("Idee Nr 1") < html.index("Idee Nr 2")
    assert "100,0" in html and "20,0" in html
    assert "3 Ideen" in html and "Rangliste der Ideen</" in html
    assert (
        client.get(reverse(RANGLISTE), {"stufe": "vorauswahl"}).content.decode().count("Idee Nr")
        == 0
    )
    client.force_login(mitglied.user)
    assert client.get(reverse(RANGLISTE)).status_code == 403


@pytest.mark.parametrize("anzahl", [1, 30])
def test_the_ranking_needs_a_fixed_number_of_queries(
    client, aufruf, einreichend, mitglied, gs, anzahl, django_assert_max_num_queries
):
    for i in _ideen(aufruf, einreichend, anzahl):
        bewerten(i, mitglied, 3)
    client.force_login(gs)
    with django_assert_max_num_queries(12):
        antwort = client.get(reverse(RANGLISTE))
    assert antwort.status_code == 200


def test_shortlisting_asks_for_confirmation_and_refuses_unscored_ideas(
    client, aufruf, einreichend, mitglied, gs
):
    bewertet, unbewertet = _ideen(aufruf, einreichend, 2)
    bewerten(bewertet, mitglied, 4)
    client.force_login(gs)
    daten = {"action": "stufe_vorauswahl", ACTION_CHECKBOX_NAME: [bewertet.pk, unbewertet.pk]}
    antwort = client.post(reverse(RANGLISTE), daten)
    assert antwort.status_code == 200 and "In die Vorauswahl" in antwort.content.decode()
    bewertet.refresh_from_db()
    assert bewertet.stufe == Stufe.EINGEREICHT  # nothing before the confirmation
    antwort = client.post(reverse(RANGLISTE), {**daten, "anwenden": "1", "text": ""}, follow=True)
    html = antwort.content.decode()
    assert "keine abgeschlossene Bewertung der Jury" in html
    bewertet.refresh_from_db()
    unbewertet.refresh_from_db()
    assert bewertet.stufe == Stufe.VORAUSWAHL and unbewertet.stufe == Stufe.EINGEREICHT


def test_notices_from_the_ranking_and_the_stage_on_the_idea_page_only_after_them(
    client, aufruf, einreichend, mitglied, gs, django_capture_on_commit_callbacks
):
    from ideen import services as ideen_services

    (eine,) = _ideen(aufruf, einreichend, 1)
    bewerten(eine, mitglied, 4)
    ideen_services.nicht_auswaehlen(eine, gs)
    client.force_login(einreichend)
    assert "nicht ausgewählt" not in client.get(eine.get_absolute_url()).content.decode()
    client.force_login(gs)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(RANGLISTE),
            {"action": "bescheide_versenden", ACTION_CHECKBOX_NAME: [eine.pk], "anwenden": "1"},
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lena@example.org"]
    client.force_login(einreichend)
    html = client.get(eine.get_absolute_url()).content.decode()
    assert 'id="stufe"' in html and "nicht ausgewählt" in html


# --- the ideas list (ideen/admin.py) and the jury in the admin ---------------------------


def test_the_ideas_list_is_the_geschaeftsstelles(client, aufruf, einreichend, mitglied, gs):
    (eine,) = _ideen(aufruf, einreichend, 1)
    client.force_login(gs)
    antwort = client.get(reverse(IDEEN), {"q": "Idee Nr"})
    assert antwort.status_code == 200 and "Idee Nr 0" in antwort.content.decode()
    seite = client.get(reverse("admin:ideen_idee_change", args=[eine.pk]))
    assert seite.status_code == 200
    html = seite.content.decode()
    assert "Eine Folie gibt Greifern Tastsinn." in html
    assert 'name="titel"' not in html  # read-only
    # The cross-over link appears exactly when its view exists (built by another step).
    assert ('id="als-steckbrief"' in html) == (als_steckbrief_url(eine) is not None)
    antwort = client.post(reverse("admin:ideen_idee_change", args=[eine.pk]), {"titel": "X"})
    assert antwort.status_code == 403
    client.force_login(mitglied.user)
    assert client.get(reverse(IDEEN)).status_code == 403


@pytest.mark.parametrize("anzahl", [1, 30])
def test_the_ideas_list_needs_a_fixed_number_of_queries(
    client, aufruf, einreichend, gs, anzahl, django_assert_max_num_queries
):
    for i in _ideen(aufruf, einreichend, anzahl):
        Mitwirkende.objects.create(idee=i, user=UserFactory())
    client.force_login(gs)
    # Session, user, two counts, the page, co-entrants and their accounts, the filters.
    with django_assert_max_num_queries(13):
        antwort = client.get(reverse(IDEEN))
    assert antwort.status_code == 200


def test_the_geschaeftsstelle_adds_a_jury_member_by_address(
    client, aufruf, gs, django_capture_on_commit_callbacks
):
    jurymitglied(aufruf)  # the catalogue
    person = UserFactory(email="neu-in-der-jury@example.org")
    client.force_login(gs)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("admin:bewertung_jurymitglied_add"),
            {"aufruf": aufruf.pk, "email": "Neu-in-der-Jury@example.org"},
        )
    assert antwort.status_code == 302
    m = Jurymitglied.objects.get(user=person)
    assert m.hinzugefuegt_von == gs
    person.refresh_from_db()
    assert person.is_staff
    antwort = client.post(
        reverse("admin:bewertung_jurymitglied_add"),
        {"aufruf": aufruf.pk, "email": "gibt-es-nicht@example.org"},
    )
    assert antwort.status_code == 200 and "kein aktives Konto" in antwort.content.decode()


# --- pitch deck and catalogues --------------------------------------------------------------


def test_the_jury_downloads_the_pitch_deck_unless_befangen(
    client, aufruf, einreichend, mitglied, _isolated_files
):
    from django.core.files.base import ContentFile

    (eine,) = _ideen(aufruf, einreichend, 1)
    eine.pitchdeck.save("deck", ContentFile(b"%PDF-1.7\n"), save=False)
    eine.pitchdeck_name, eine.pitchdeck_typ = "Deck.pdf", "application/pdf"
    eine.save()
    url = reverse("admin:bewertung_juryidee_pitchdeck", args=[eine.pk])
    client.force_login(mitglied.user)
    assert url in client.get(reverse(BEWERTEN, args=[eine.pk])).content.decode()
    antwort = client.get(url)
    assert antwort.status_code == 200 and b"".join(antwort.streaming_content) == b"%PDF-1.7\n"
    assert 'filename="Deck.pdf"' in antwort["Content-Disposition"]
    from bewertung import jury_services

    jury_services.befangenheit_erklaeren(eine, mitglied.user, "Beteiligt")
    assert client.get(url).status_code == 403


def test_catalogues_are_listed_and_activated_per_call(client, gs):
    from bewertung import services
    from bewertung.models import Kriterienkatalog

    jurykatalog = Kriterienkatalog.alle.get(aufruf__slug="industrie-neu-denken-2026", aktiv=True)
    kopie = services.katalog_kopieren(jurykatalog)
    client.force_login(gs)
    html = client.get(reverse("admin:bewertung_kriterienkatalog_changelist")).content.decode()
    assert "Jurykatalog Industrie.Neu.Denken" in html and "Standardkatalog" in html
    antwort = client.post(
        reverse("admin:bewertung_kriterienkatalog_changelist"),
        {"action": "als_aktiv_festlegen", ACTION_CHECKBOX_NAME: [kopie.pk]},
        follow=True,
    )
    assert "ist jetzt der aktive Katalog für „Industrie.Neu.Denken 2026“" in (
        antwort.content.decode()
    )
    assert Kriterienkatalog.objects.get(aktiv=True).name == "Standardkatalog"
    assert Kriterienkatalog.alle.get(aufruf__slug="industrie-neu-denken-2026", aktiv=True) == kopie


def test_adding_the_same_person_twice_gives_a_german_message(client, aufruf, mitglied, gs):
    client.force_login(gs)
    antwort = client.post(
        reverse("admin:bewertung_jurymitglied_add"),
        {"aufruf": aufruf.pk, "email": mitglied.user.email},
        follow=True,
    )
    assert antwort.status_code == 200
    assert "gehört bereits zur Jury" in antwort.content.decode()
    assert Jurymitglied.objects.filter(aufruf=aufruf).count() == 1
    # Only Ideenwettbewerbe are offered.
    html = client.get(reverse("admin:bewertung_jurymitglied_add")).content.decode()
    assert "Masterplan-Projekte 2026" not in html and aufruf.name in html


@pytest.mark.parametrize("anzahl", [1, 8])
def test_the_scoring_page_needs_a_fixed_number_of_queries(
    client, aufruf, einreichend, gs, anzahl, django_assert_max_num_queries
):
    (eine,) = _ideen(aufruf, einreichend, 1)
    mitglieder = [jurymitglied(aufruf) for _ in range(anzahl)]
    for m in mitglieder:
        bewerten(eine, m, 3)
    url = reverse(BEWERTEN, args=[eine.pk])
    client.force_login(gs)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    client.force_login(mitglieder[0].user)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_geschaeftsstelle_edits_the_notice_texts_of_a_call(client, aufruf, mitglied, gs):
    from bewertung.models import Jurybescheid

    texte = Jurybescheid.objects.create(aufruf=aufruf)
    url = reverse("admin:bewertung_jurybescheid_change", args=[texte.pk])
    client.force_login(gs)
    antwort = client.post(
        url, {"pitch": "Pitch am 3. Juli.", "ausgewaehlt": "Glückwunsch!", "nicht_ausgewaehlt": ""}
    )
    assert antwort.status_code == 302
    texte.refresh_from_db()
    assert texte.texte() == {
        "pitch": "Pitch am 3. Juli.",
        "ausgewaehlt": "Glückwunsch!",
        "nicht_ausgewaehlt": "",
    }
    client.force_login(mitglied.user)
    assert client.post(url, {"pitch": "x"}).status_code == 403


def test_the_geschaeftsstelle_sends_the_jury_their_ideas_again(
    client, aufruf, einreichend, mitglied, gs, django_capture_on_commit_callbacks
):
    (eine,) = _ideen(aufruf, einreichend, 1)
    befangen = jurymitglied(aufruf, user=einreichend)
    client.force_login(gs)
    daten = {"action": "ideen_mitteilen", ACTION_CHECKBOX_NAME: [mitglied.pk, befangen.pk]}
    liste = reverse("admin:bewertung_jurymitglied_changelist")
    assert "E-Mails versenden" in client.post(liste, daten).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(liste, {**daten, "anwenden": "1"}, follow=True)
    assert [m.to for m in mail.outbox] == [["juror@example.org"]]
    assert reverse(BEWERTEN, args=[eine.pk]) in mail.outbox[0].body
    assert "keine Idee zu bewerten" in antwort.content.decode()
