"""Portal pages of the Ideenwettbewerb: Meine Ideen, the form with its error summary, the
detail page, the submit confirmation, the PDF, the pitch deck, invitations; query counts
with one and many rows."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ideen import pdf as ideen_pdf
from ideen import services
from ideen.models import Idee, IdeeEinladung, Mitwirkende, Status
from tests.factories import UserFactory, geschaeftsstelle, idee, ideenaufruf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FORM = {
    "revision": "1",
    "titel": "Sensorhaut für Greifer",
    "kernsatz": "Eine Folie gibt Greifern Tastsinn.",
    "problem": "Empfindliche Teile lassen sich nicht greifen.",
    "loesung": "Gedruckte Sensorfolie.",
    "reifegrad": "4",
    "gebietskoerperschaft": "",
    "regionsbezug": "TU Chemnitz.",
    "unterstuetzung": "",
    "team-TOTAL_FORMS": "2",
    "team-INITIAL_FORMS": "0",
    "team-MIN_NUM_FORMS": "0",
    "team-MAX_NUM_FORMS": "12",
    "team-0-name": "Theo Tüftler",
    "team-0-rolle": "Forschung",
    "team-1-name": "",
    "team-1-rolle": "",
}


@pytest.fixture
def aufruf():
    return ideenaufruf(slug="runde-2")


@pytest.fixture
def person(client):
    user = UserFactory(first_name="Lena", last_name="Lötkolben")
    client.force_login(user)
    return user


def test_a_person_without_organisation_creates_an_idea_in_the_form(client, aufruf, person):
    seite = client.get(reverse("ideen:neu", args=[aufruf.slug]))
    html = seite.content.decode()
    assert seite.status_code == 200
    assert "Ihre Idee in einem Satz" in html and "Problem und Zielmarkt / Zukunftsmarkt" in html
    assert "TRL 1 – Grundprinzipien beobachtet" in html
    assert "Höchstens 3.000 Zeichen" in html
    antwort = client.post(reverse("ideen:neu", args=[aufruf.slug]), FORM)
    neu = Idee.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == neu.get_absolute_url()
    assert neu.eigentuemer == person and neu.reifegrad == 4
    assert list(neu.team.values_list("name", flat=True)) == ["Theo Tüftler"]


def test_form_errors_are_listed_with_links_to_the_fields(client, aufruf, person):
    daten = {**FORM, "kernsatz": "x" * 301, "team-0-name": "www.spam.de", "reifegrad": "10"}
    antwort = client.post(reverse("ideen:neu", args=[aufruf.slug]), daten)
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert 'href="#id_kernsatz"' in html and 'href="#id_reifegrad"' in html
    assert (
        'href="#id_team-0-name"' in html
        and "Team, Zeile 1: Bitte geben Sie nur einen Namen" in html
    )
    assert 'aria-invalid="true"' in html
    assert not Idee.objects.exists()


def test_a_huge_post_is_refused_without_saving(client, aufruf, person):
    antwort = client.post(
        reverse("ideen:neu", args=[aufruf.slug]), {**FORM, "problem": "x" * 200_000}
    )
    assert antwort.status_code in (400, 413)
    assert not Idee.objects.exists()


def test_pitch_deck_is_checked_like_attachments_and_downloaded_by_the_team_only(
    client, aufruf, person
):
    falsch = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 kein pdf", content_type="application/pdf")
    antwort = client.post(
        reverse("ideen:neu", args=[aufruf.slug]), {**FORM, "pitchdeck_datei": falsch}
    )
    assert antwort.status_code == 400
    assert "keine gültige PDF-Datei" in antwort.content.decode()
    bild = SimpleUploadedFile(
        "deck.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"
    )
    antwort = client.post(
        reverse("ideen:neu", args=[aufruf.slug]), {**FORM, "pitchdeck_datei": bild}
    )
    assert "Als Pitch-Deck sind PDF- und PPTX-Dateien erlaubt." in antwort.content.decode()
    gut = SimpleUploadedFile("Unser Deck.pdf", PDF, content_type="application/pdf")
    client.post(reverse("ideen:neu", args=[aufruf.slug]), {**FORM, "pitchdeck_datei": gut})
    neu = Idee.objects.get()
    assert neu.pitchdeck_name == "Unser Deck.pdf" and neu.pitchdeck_typ == "application/pdf"
    assert not neu.pitchdeck.name.endswith(".pdf")  # stored under a random name
    download = client.get(reverse("ideen:pitchdeck", args=[neu.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(UserFactory())
    assert client.get(reverse("ideen:pitchdeck", args=[neu.pk])).status_code == 404


def test_someone_elses_idea_is_not_found(client, aufruf, person):
    fremd = idee(aufruf, UserFactory())
    for name in ["ideen:detail", "ideen:bearbeiten", "ideen:einreichen", "ideen:pdf"]:
        assert client.get(reverse(name, args=[fremd.pk])).status_code == 404
    antwort = client.post(
        reverse("ideen:bearbeiten", args=[fremd.pk]), {**FORM, "titel": "Gekapert"}
    )
    assert antwort.status_code == 404
    fremd.refresh_from_db()
    assert fremd.titel == "Sensorhaut für Greifer"


def test_submit_confirmation_submits_and_the_detail_shows_the_status(client, aufruf, person):
    neu = idee(aufruf, person)
    seite = client.get(reverse("ideen:einreichen", args=[neu.pk])).content.decode()
    assert "Jetzt verbindlich einreichen" in seite and "Theo Tüftler – Forschung" in seite
    antwort = client.post(reverse("ideen:einreichen", args=[neu.pk]), follow=True)
    html = antwort.content.decode()
    assert "ist eingereicht" in html
    assert 'id="status">Status: <span class="badge text-bg-success">Eingereicht</span>' in html
    assert "Version 1, eingereicht am" in html
    assert "Bearbeiten</a>" not in html


def test_submit_after_the_deadline_shows_the_german_reason(client, person):
    aufruf = ideenaufruf(slug="kurz", ende=1)  # the session outlives the jump in time
    neu = idee(aufruf, person)
    ende = aufruf.phasen.get().ende
    with time_machine.travel(
        timezone.make_aware(
            datetime.datetime.combine(ende + datetime.timedelta(days=1), datetime.time(8))
        ),
        tick=False,
    ):
        seite = client.get(reverse("ideen:einreichen", args=[neu.pk])).content.decode()
        assert f"endete am {ende:%d.%m.%Y}" in seite
        antwort = client.post(reverse("ideen:einreichen", args=[neu.pk]), follow=True)
    assert "endete am" in antwort.content.decode()
    neu.refresh_from_db()
    assert neu.status == Status.ENTWURF


def test_pdf_of_an_idea_is_rendered_without_loading_anything(client, aufruf, person, monkeypatch):
    neu = idee(aufruf, person, titel='<img src="http://169.254.169.254/x"> Idee')
    fetcher = ideen_pdf.NichtsLaden()
    monkeypatch.setattr(ideen_pdf, "NichtsLaden", lambda: fetcher)
    antwort = client.get(reverse("ideen:pdf", args=[neu.pk]))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort.content.startswith(b"%PDF")
    assert f'filename="idee-{neu.pk}.pdf"' in antwort["Content-Disposition"]
    assert fetcher.abgelehnt == []  # the title is text, not markup: nothing to fetch


def test_the_fetcher_refuses_every_url():
    fetcher = ideen_pdf.NichtsLaden()
    for url in ["file:///etc/passwd", "http://169.254.169.254/", "data:text/plain,x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.abgelehnt) == 3


def test_invitation_page_and_accepting_it(client, aufruf, person):
    neu = idee(aufruf, person)
    antwort = client.post(reverse("ideen:einladen", args=[neu.pk]), {"email": "mit@example.org"})
    assert antwort.status_code == 302
    einladung = IdeeEinladung.objects.get()
    mit = UserFactory(email="mit@example.org")
    client.force_login(mit)
    assert "Einladung zur Idee" in client.get(reverse("ideen:liste")).content.decode()
    seite = client.get(einladung.get_absolute_url()).content.decode()
    assert "Einladung annehmen" in seite
    client.post(einladung.get_absolute_url())
    assert Mitwirkende.objects.filter(idee=neu, user=mit).exists()
    # the co-entrant sees the idea, may not remove the owner's co-entrants nor invite
    html = client.get(neu.get_absolute_url()).content.decode()
    assert "Nicht mehr mitwirken" in html and "Zur Mitwirkung einladen" not in html
    client.post(reverse("ideen:einladen", args=[neu.pk]), {"email": "dritte@example.org"})
    assert IdeeEinladung.objects.count() == 1


def test_staff_are_sent_to_the_admin(client, aufruf):
    client.force_login(geschaeftsstelle())
    antwort = client.get(reverse("ideen:liste"))
    assert antwort.status_code == 302 and antwort["Location"] == reverse("admin:index")


@pytest.mark.parametrize("anzahl", [1, 25])
def test_meine_ideen_query_count_does_not_grow(
    client, aufruf, person, django_assert_max_num_queries, anzahl
):
    for i in range(anzahl):
        neu = idee(aufruf, person, titel=f"Idee {i}")
        Mitwirkende.objects.create(idee=neu, user=UserFactory())
    fremd = idee(aufruf, UserFactory(), titel="Fremde Idee")
    services.einladen(fremd, fremd.eigentuemer, person.email)
    with django_assert_max_num_queries(9):
        antwort = client.get(reverse("ideen:liste"))
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert html.count("<tr>") == min(anzahl, 20) + 1
    assert f"Ihre Ideen ({anzahl})" in html
    if anzahl > 20:
        assert "Seite 1 von 2" in html
        assert "Seite 2 von 2" in client.get(reverse("ideen:liste") + "?seite=2").content.decode()


@pytest.mark.parametrize("anzahl", [1, 10])
def test_detail_query_count_does_not_grow(
    client, aufruf, person, django_assert_max_num_queries, anzahl
):
    neu = idee(aufruf, person)
    for i in range(anzahl):
        Mitwirkende.objects.create(idee=neu, user=UserFactory())
        neu.team.create(name="Person Nummer", rolle=f"Rolle {i}")
        services.einladen(neu, person, f"p{i}@example.org")
    with django_assert_max_num_queries(10):
        antwort = client.get(neu.get_absolute_url())
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert html.count("mitwirkend seit") == anzahl
    assert html.count("gültig bis") == anzahl


@pytest.mark.parametrize("anzahl", [1, 10])
def test_submit_page_query_count_does_not_grow(
    client, aufruf, person, django_assert_max_num_queries, anzahl
):
    neu = idee(aufruf, person)
    for i in range(anzahl):
        neu.team.create(name="Person Nummer", rolle=f"Rolle {i}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("ideen:einreichen", args=[neu.pk])).status_code == 200


@pytest.mark.parametrize("anzahl", [1, 12])
def test_edit_form_query_count_does_not_grow(
    client, aufruf, person, django_assert_max_num_queries, anzahl
):
    neu = idee(aufruf, person)
    for i in range(anzahl - 1):
        neu.team.create(name="Person Nummer", rolle=f"Rolle {i}")
    with django_assert_max_num_queries(9):
        antwort = client.get(reverse("ideen:bearbeiten", args=[neu.pk]))
    assert antwort.status_code == 200
    assert antwort.content.decode().count('value="Person Nummer"') == anzahl - 1


def test_invitation_page_query_count(client, aufruf, person, django_assert_max_num_queries):
    neu = idee(aufruf, UserFactory())
    einladung = services.einladen(neu, neu.eigentuemer, person.email)
    with django_assert_max_num_queries(7):
        antwort = client.get(einladung.get_absolute_url())
    assert "Einladung annehmen" in antwort.content.decode()
