"""The Kooperationsbörse (opt-in, partner search, contact requests) and the Geschäftsstelle's
Bündelung."""

import pytest
from django.core import mail
from django.urls import reverse

from kooperation import berechnung
from kooperation.models import Aehnlichkeit, Kontaktanfrage, Kooperationsprofil, Zusammenhang
from steckbriefe.models import AuditEintrag, Status
from tests.factories import mitglied, wirtschaftsfoerderung

from .helfer import eingereicht

pytestmark = pytest.mark.django_db


def _teilnehmen(sb, angebot=""):
    type(sb).objects.filter(pk=sb.pk).update(oeffentlich_listen=True)
    Kooperationsprofil.objects.update_or_create(
        steckbrief=sb, defaults={"kontakt_erlaubt": True, "angebot": angebot}
    )
    sb.refresh_from_db()


@pytest.fixture
def boerse():
    """Four Wärmenetze: 5 and 6 in the Börse, 7 only listed publicly, 8 not at all; each
    with a member of its organisation (and its contact person's address); and eight
    Steckbriefe of other themes."""
    sbs = {n: eingereicht(n, ansprechperson_email=f"kontakt{n}@example.org") for n in [5, 6, 7, 8]}
    leute = {n: mitglied(sbs[n].organisation, email=f"mitglied{n}@example.org") for n in sbs}
    _teilnehmen(sbs[5])
    _teilnehmen(sbs[6], angebot="Erfahrung mit Wärmeübergabestationen")
    type(sbs[7]).objects.filter(pk=sbs[7].pk).update(oeffentlich_listen=True)
    for n in [1, 2, 3, 4, 9, 10, 41, 42]:  # other themes, not in the Börse
        eingereicht(n)
    berechnung.alle_neu_berechnen()
    return sbs, leute


def test_an_opted_in_submitter_sees_only_others_who_opted_in(client, boerse):
    sbs, leute = boerse
    client.force_login(leute[5])
    seite = client.get(reverse("kooperation:boerse", args=[sbs[5].pk])).content.decode()
    assert sbs[6].titel in seite
    assert "Erfahrung mit Wärmeübergabestationen" in seite
    assert "Gemeinsame Begriffe" in seite
    assert sbs[7].titel not in seite  # listed publicly, but no consent to be contacted
    assert sbs[8].titel not in seite
    # Search finds only Börse entries, too.
    seite = client.get(
        reverse("kooperation:boerse", args=[sbs[5].pk]), {"q": "Wärme"}
    ).content.decode()
    assert sbs[6].titel in seite and sbs[7].titel not in seite and sbs[8].titel not in seite


def test_who_shows_nothing_sees_nothing(client, boerse):
    sbs, leute = boerse
    client.force_login(leute[8])
    seite = client.get(reverse("kooperation:boerse", args=[sbs[8].pk]), {"q": "Wärme"})
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert sbs[5].titel not in inhalt and sbs[6].titel not in inhalt
    # Consent to be contacted without the public listing is not enough.
    Kooperationsprofil.objects.create(steckbrief=sbs[8], kontakt_erlaubt=True)
    inhalt = client.get(reverse("kooperation:boerse", args=[sbs[8].pk])).content.decode()
    assert sbs[6].titel not in inhalt


def test_opting_in_through_the_page(client, boerse, django_capture_on_commit_callbacks):
    sbs, leute = boerse
    client.force_login(leute[7])
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("kooperation:boerse", args=[sbs[7].pk]),
            {"kontakt_erlaubt": "on", "angebot": "Wärmekataster"},
        )
    assert antwort.status_code == 302
    profil = Kooperationsprofil.objects.get(steckbrief=sbs[7])
    assert profil.kontakt_erlaubt and profil.angebot == "Wärmekataster"
    assert profil.geaendert_von == leute[7]
    # The others see it now.
    client.force_login(leute[5])
    assert (
        sbs[7].titel in client.get(reverse("kooperation:boerse", args=[sbs[5].pk])).content.decode()
    )


def test_others_cannot_open_or_change_a_steckbriefs_boerse_page(client, boerse):
    sbs, leute = boerse
    client.force_login(leute[6])
    url = reverse("kooperation:boerse", args=[sbs[5].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kontakt_erlaubt": ""}).status_code == 404
    assert Kooperationsprofil.objects.get(steckbrief=sbs[5]).kontakt_erlaubt


def test_a_contact_request_reaches_the_other_side_without_revealing_its_address(
    client, boerse, django_capture_on_commit_callbacks
):
    sbs, leute = boerse
    client.force_login(leute[5])
    url = reverse("kooperation:kontakt", args=[sbs[5].pk, sbs[6].pk])
    formular = client.get(url).content.decode()
    assert "mitglied6@example.org" not in formular and "kontakt6@example.org" not in formular
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(url, {"nachricht": "Wollen wir uns austauschen?"}, follow=True)
    inhalt = antwort.content.decode()
    assert "ist unterwegs" in inhalt
    assert "mitglied6@example.org" not in inhalt and "kontakt6@example.org" not in inhalt
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert sorted(nachricht.to) == ["kontakt6@example.org", "mitglied6@example.org"]
    assert "Wollen wir uns austauschen?" in nachricht.body
    assert "mitglied5@example.org" in nachricht.body  # whom to answer
    assert sbs[5].titel in nachricht.body
    assert Kontaktanfrage.objects.filter(von=sbs[5], an=sbs[6], absender=leute[5]).exists()
    # Once per pair.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"nachricht": "Noch einmal"})
    assert len(mail.outbox) == 1
    assert Kontaktanfrage.objects.count() == 1


def test_no_contact_to_a_steckbrief_outside_the_boerse(
    client, boerse, django_capture_on_commit_callbacks
):
    sbs, leute = boerse
    client.force_login(leute[5])
    for anderer in (sbs[7], sbs[8]):
        url = reverse("kooperation:kontakt", args=[sbs[5].pk, anderer.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"nachricht": "Hallo"}).status_code == 404
    # Nor from a Steckbrief that is not in the Börse itself.
    client.force_login(leute[8])
    url = reverse("kooperation:kontakt", args=[sbs[8].pk, sbs[6].pk])
    assert client.post(url, {"nachricht": "Hallo"}).status_code == 404
    assert mail.outbox == [] and not Kontaktanfrage.objects.exists()


def test_no_contact_within_the_own_organisation(client, boerse):
    sbs, leute = boerse
    zweites = eingereicht(6, organisation=sbs[5].organisation, titel="Zweites Wärmenetz")
    _teilnehmen(zweites)
    client.force_login(leute[5])
    url = reverse("kooperation:kontakt", args=[sbs[5].pk, zweites.pk])
    assert client.get(url).status_code == 404


def test_the_geschaeftsstelle_bundles_two_and_both_submitters_are_told(
    client, boerse, geschaeftsstelle_user, django_capture_on_commit_callbacks
):
    sbs, leute = boerse
    client.force_login(geschaeftsstelle_user)
    seite = client.get(reverse("kooperation:buendelung")).content.decode()
    assert sbs[5].titel in seite and sbs[6].titel in seite
    erster, zweiter = sorted([sbs[5].pk, sbs[6].pk])
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("kooperation:urteilen", args=[erster, zweiter]),
            {
                "urteil": "buendeln",
                "begruendung": "Gleiche Abwärmenutzung",
                "benachrichtigen": "on",
            },
        )
    assert antwort.status_code == 302
    z = Zusammenhang.objects.get(erster_id=erster, zweiter_id=zweiter)
    assert (
        z.urteil == "buendeln"
        and z.benachrichtigt_am is not None
        and z.von == geschaeftsstelle_user
    )
    assert len(mail.outbox) == 2
    an = {tuple(sorted(m.to)): m for m in mail.outbox}
    an_5 = an[("kontakt5@example.org", "mitglied5@example.org")]
    an_6 = an[("kontakt6@example.org", "mitglied6@example.org")]
    assert sbs[6].titel in an_5.body and "Gleiche Abwärmenutzung" in an_5.body
    assert sbs[5].titel in an_6.body
    for m in mail.outbox:  # no addresses of the other side
        assert "@example.org" not in m.body
    for sb in (sbs[5], sbs[6]):
        assert AuditEintrag.objects.filter(
            steckbrief=sb, aktion="Bündelung: bündeln", akteur=geschaeftsstelle_user
        ).exists()


def test_kein_zusammenhang_removes_the_pair_and_mails_nobody(
    client, boerse, geschaeftsstelle_user, django_capture_on_commit_callbacks
):
    sbs, _ = boerse
    client.force_login(geschaeftsstelle_user)
    erster, zweiter = sorted([sbs[5].pk, sbs[7].pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("kooperation:urteilen", args=[erster, zweiter]),
            {"urteil": "kein_zusammenhang", "benachrichtigen": "on"},
        )
    assert mail.outbox == []
    assert not Aehnlichkeit.objects.filter(steckbrief_id=erster, anderer_id=zweiter).exists()
    assert not Aehnlichkeit.objects.filter(steckbrief_id=zweiter, anderer_id=erster).exists()
    berechnung.alle_neu_berechnen()
    assert not Aehnlichkeit.objects.filter(steckbrief_id=erster, anderer_id=zweiter).exists()


def test_drafts_are_not_bundled(client, boerse, geschaeftsstelle_user):
    sbs, _ = boerse
    entwurf = eingereicht(6, status=Status.ENTWURF)
    client.force_login(geschaeftsstelle_user)
    erster, zweiter = sorted([sbs[5].pk, entwurf.pk])
    client.post(
        reverse("kooperation:urteilen", args=[erster, zweiter]),
        {"urteil": "buendeln", "benachrichtigen": "on"},
    )
    assert not Zusammenhang.objects.exists()


def test_only_the_geschaeftsstelle_bundles(client, boerse):
    sbs, leute = boerse
    for person in (leute[5], wirtschaftsfoerderung("14524")):
        client.force_login(person)
        assert client.get(reverse("kooperation:buendelung")).status_code == 403
        antwort = client.post(
            reverse("kooperation:urteilen", args=sorted([sbs[5].pk, sbs[6].pk])),
            {"urteil": "buendeln"},
        )
        assert antwort.status_code == 403
    assert not Zusammenhang.objects.exists()


@pytest.mark.parametrize("anzahl", [1, 8])
def test_query_counts(client, geschaeftsstelle_user, django_assert_max_num_queries, anzahl):
    sb = eingereicht(5)
    person = mitglied(sb.organisation)
    _teilnehmen(sb)
    for i in range(anzahl):
        anderer = eingereicht(6, titel=f"Nahwärmenetz {i} mit Abwärme aus der Industrie")
        _teilnehmen(anderer, angebot="Abwärme")
    berechnung.alle_neu_berechnen()
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("kooperation:boerse", args=[sb.pk]), {"q": "Wärme"}).status_code
            == 200
        )
    client.force_login(geschaeftsstelle_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("kooperation:buendelung")).status_code == 200
