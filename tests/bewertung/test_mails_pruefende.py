"""Issue 13, item 5: reviewers are mailed when assigned (automatically and through
„Prüfende hinzufügen“) and when their Bewertung is reopened; the Rückfrage mail names the
asking office's contact. Links start with settings.SITE_URL."""

import pytest
from django.core import mail
from django.urls import reverse

from bewertung import services
from bewertung.models import Bewertung
from konten.models import Mitgliedschaft
from tests.factories import mitglied, wirtschaftsfoerderung

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, gk, zuweisung

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _an(adresse):
    return [m for m in mail.outbox if adresse in m.to]


@pytest.fixture
def nach_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks (the mails) of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_automatic_assignment_mails_each_reviewer_of_the_area_with_link_and_phase(
    wf_zwickau, wf_chemnitz, nach_commit
):
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin@example.org")
    mail.outbox.clear()
    with nach_commit():
        sb = final_sb(titel="Reallabor Zwickau")
    link = SITE + reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    for adresse in (wf_zwickau.email, kollegin.email):
        [nachricht] = _an(adresse)
        assert nachricht.subject == "Neuer Steckbrief zur Bewertung: Reallabor Zwickau"
        assert link in nachricht.body
        assert "für Wirtschaftsförderung Landkreis Zwickau" in nachricht.body
        assert "Die Bewertungsphase läuft vom" in nachricht.body
        assert f'href="{link}"' in nachricht.alternatives[0].content
    assert _an(wf_chemnitz.email) == []
    # Idempotent: assigning again mails nobody.
    mail.outbox.clear()
    with nach_commit():
        services.zuweisen(sb)
    assert mail.outbox == []


def test_no_mail_to_a_reviewer_whose_own_project_it_is(wf_zwickau, nach_commit):
    befangen = wirtschaftsfoerderung(ZWICKAU, email="befangen@example.org")
    mail.outbox.clear()
    with nach_commit():
        final_sb(ansprechperson_email="befangen@example.org")
    assert _an(befangen.email) == []
    assert len(_an(wf_zwickau.email)) == 1


def test_adding_reviewers_mails_one_list_per_person_for_the_whole_selection(
    client, gs, wf_zwickau, wf_chemnitz, nach_commit
):
    a, b = final_sb(titel="Alpha"), final_sb(titel="Beta")
    mail.outbox.clear()
    client.force_login(gs)
    with nach_commit():
        antwort = client.post(
            reverse("admin:steckbriefe_steckbrief_changelist"),
            {
                "action": "pruefende_hinzufuegen",
                "_selected_action": [a.pk, b.pk],
                "anwenden": "1",
                "gebiete": [gk(CHEMNITZ).pk],
            },
        )
    assert antwort.status_code == 302
    [nachricht] = _an(wf_chemnitz.email)
    assert nachricht.subject == "2 neue Steckbriefe zur Bewertung"
    assert "Alpha" in nachricht.body and "Beta" in nachricht.body
    for sb in (a, b):
        assert SITE + reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]) in (
            nachricht.body
        )
    # Zwickau was assigned before: no new mail.
    assert _an(wf_zwickau.email) == []


def test_reopening_mails_the_reviewers_of_that_zuweisung_with_the_reason(
    gs, wf_zwickau, nach_commit
):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    chemnitz = wirtschaftsfoerderung(CHEMNITZ, email="chemnitz@example.org")
    b = bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12)
    mail.outbox.clear()
    with nach_commit():
        services.bewertung_wieder_oeffnen(b, gs, "Bitte K3 noch einmal ansehen.")
    [nachricht] = mail.outbox
    assert nachricht.to == [wf_zwickau.email]
    assert nachricht.subject == f"Bewertung wieder geöffnet: {sb.titel}"
    assert "Bitte K3 noch einmal ansehen." in nachricht.body
    assert SITE + reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]) in nachricht.body
    assert _an(chemnitz.email) == []
    assert Bewertung.objects.get(pk=b.pk).status == Bewertung.Status.ENTWURF


def test_rueckfrage_mail_names_the_asking_office_and_its_contact(wf_zwickau, nach_commit):
    wf_zwickau.first_name, wf_zwickau.last_name = "Erika", "Muster"
    wf_zwickau.save()
    einreichend = mitglied(email="projekt@example.org", is_staff=False)
    organisation = Mitgliedschaft.objects.get(user=einreichend).organisation
    sb = final_sb(organisation=organisation)
    mail.outbox.clear()
    with nach_commit():
        services.rueckfrage_stellen(sb, wf_zwickau, "Wie hoch ist der Eigenanteil?")
    [nachricht] = _an("projekt@example.org")
    assert "die Wirtschaftsförderung Landkreis Zwickau hat eine Rückfrage" in nachricht.body
    assert "Ansprechperson für diese Rückfrage: Erika Muster, wf-zwickau@example.org" in (
        nachricht.body
    )
    assert 'href="mailto:wf-zwickau@example.org"' in nachricht.alternatives[0].content
    assert nachricht.body.count(SITE) == 1


def test_rueckfrage_of_the_geschaeftsstelle_names_it(gs, nach_commit):
    sb = final_sb()
    mail.outbox.clear()
    with nach_commit():
        services.rueckfrage_stellen(sb, gs, "Bitte Anlage nachreichen.")
    nachricht = mail.outbox[-1]
    assert "die Geschäftsstelle hat eine Rückfrage" in nachricht.body
    name = gs.get_full_name() or gs.email
    assert f"Ansprechperson für diese Rückfrage: {name}, {gs.email}" in nachricht.body
