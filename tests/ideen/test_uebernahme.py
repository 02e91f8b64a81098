"""Cross-over: the Geschäftsstelle turns a submitted idea into a draft Steckbrief for the
same people (ideen.uebernahme), and misuse: a second time (replayed POST), drafts,
withdrawn ideas, other roles, an Organisation the people do not belong to, a closed phase."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from handlungsfelder.models import Gebietskoerperschaft, Prozessphase
from ideen.models import Idee, IdeeProtokoll, Mitwirkende, Status
from ideen.services import NichtMoeglich
from ideen.uebernahme import als_steckbrief_uebernehmen
from steckbriefe.models import AuditEintrag, Steckbrief
from steckbriefe.models import Status as SbStatus
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    geschaeftsstelle,
    idee,
    ideenaufruf,
    mitglied,
    wirtschaftsfoerderung,
)
from tests.sicherheit.matrix import _phasen_um_heute

pytestmark = pytest.mark.django_db


@pytest.fixture
def gs():
    return geschaeftsstelle()


@pytest.fixture
def org():
    return OrganisationFactory(name="Sensorik Tüftler GmbH")


@pytest.fixture
def eingereicht(org):
    _phasen_um_heute()
    aufruf = ideenaufruf(slug="uebernahme")
    person = mitglied(org, first_name="Lena", last_name="Lötkolben")
    return idee(
        aufruf,
        person,
        status=Status.EINGEREICHT,
        eingereicht_am=timezone.now(),
        gebietskoerperschaft=Gebietskoerperschaft.objects.get(ags="14511"),
        unterstuetzung="Kontakte zu Maschinenbauern",
    )


def test_the_idea_becomes_a_linked_draft_with_the_fields_that_match(
    eingereicht, gs, org, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        sb = als_steckbrief_uebernehmen(eingereicht, gs)
    eingereicht.refresh_from_db()
    assert eingereicht.steckbrief == sb and sb.aus_idee == eingereicht
    assert sb.status == SbStatus.ENTWURF and sb.organisation == org
    assert sb.titel == "Sensorhaut für Greifer"
    assert sb.kurzbeschreibung == eingereicht.kernsatz
    assert sb.ausgangssituation == eingereicht.problem
    assert sb.kernansatz == eingereicht.loesung
    assert sb.transformationsbezug == eingereicht.regionsbezug
    assert list(sb.gebietskoerperschaften.values_list("ags", flat=True)) == ["14511"]
    assert sb.ansprechperson_name == "Lena Lötkolben"
    assert sb.ansprechperson_email == eingereicht.eigentuemer.email
    assert sb.gesuchte_partner == ""  # the support needed stays with the idea
    assert not sb.partner.exists()  # nor is the team carried over
    assert eingereicht.status == Status.EINGEREICHT  # the idea stays in the competition
    assert IdeeProtokoll.objects.filter(
        idee=eingereicht,
        aktion="Als Steckbrief übernommen",
        akteur=gs,
        neu=f"Steckbrief Nr. {sb.pk}",
    ).exists()
    eintrag = AuditEintrag.objects.get(steckbrief=sb, aktion="Aus Idee übernommen")
    assert eintrag.akteur == gs and f"Idee Nr. {eingereicht.pk}" in eintrag.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [eingereicht.eigentuemer.email]
    assert f"https://portal.example.org/steckbriefe/{sb.pk}/" in mail.outbox[0].body


def test_a_second_cross_over_is_refused(eingereicht, gs):
    sb = als_steckbrief_uebernehmen(eingereicht, gs)
    with pytest.raises(NichtMoeglich, match=f"bereits als Steckbrief Nr. {sb.pk}"):
        als_steckbrief_uebernehmen(Idee.objects.get(pk=eingereicht.pk), gs)
    # Even with the stale object of before the first (a replayed form).
    eingereicht.steckbrief_id = None
    with pytest.raises(NichtMoeglich):
        als_steckbrief_uebernehmen(eingereicht, gs)
    assert Steckbrief.objects.count() == 1


def test_drafts_withdrawn_ideas_and_other_roles_are_refused(eingereicht, gs, org):
    for person in (eingereicht.eigentuemer, wirtschaftsfoerderung(), mitglied(org)):
        with pytest.raises(NichtMoeglich, match="Nur die Geschäftsstelle"):
            als_steckbrief_uebernehmen(eingereicht, person)
    Idee.objects.filter(pk=eingereicht.pk).update(status=Status.ENTWURF)
    with pytest.raises(NichtMoeglich, match="Entwurf"):
        als_steckbrief_uebernehmen(eingereicht, gs)
    Idee.objects.filter(pk=eingereicht.pk).update(status=Status.ZURUECKGEZOGEN)
    with pytest.raises(NichtMoeglich, match="zurückgezogen"):
        als_steckbrief_uebernehmen(eingereicht, gs)
    assert not Steckbrief.objects.exists()


def test_without_an_organisation_it_is_refused_with_the_reason(gs):
    _phasen_um_heute()
    ohne = idee(ideenaufruf(slug="ohne-org"), UserFactory(), status=Status.EINGEREICHT)
    with pytest.raises(NichtMoeglich, match="gehört immer zu einer Organisation"):
        als_steckbrief_uebernehmen(ohne, gs)
    assert not Steckbrief.objects.exists()


def test_only_an_organisation_of_the_ideas_people(eingereicht, gs, org):
    fremd = OrganisationFactory(name="Fremde AG")
    with pytest.raises(NichtMoeglich, match="zu der die Person"):
        als_steckbrief_uebernehmen(eingereicht, gs, fremd)
    # A co-entrant's Organisation is possible; with two the Geschäftsstelle chooses.
    zweite = OrganisationFactory(name="Zweite Werkstatt eG")
    Mitwirkende.objects.create(idee=eingereicht, user=mitglied(zweite))
    with pytest.raises(NichtMoeglich, match="wählen Sie die Organisation"):
        als_steckbrief_uebernehmen(eingereicht, gs)
    sb = als_steckbrief_uebernehmen(eingereicht, gs, zweite)
    assert sb.organisation == zweite
    assert not Steckbrief.objects.filter(organisation=fremd).exists()


def test_a_closed_submission_phase_refuses_with_the_reason(eingereicht, gs):
    gestern = timezone.localdate() - datetime.timedelta(days=1)
    for code in ("vorlaeufig", "final", "bewertung"):
        Prozessphase.objects.filter(code=code).update(
            beginn=gestern - datetime.timedelta(days=60), ende=gestern
        )
    with pytest.raises(NichtMoeglich, match="Neue Steckbriefe können nicht mehr angelegt werden"):
        als_steckbrief_uebernehmen(eingereicht, gs)
    assert not Steckbrief.objects.exists()


# --- the page -------------------------------------------------------------------------------


def test_the_page_by_role(client, eingereicht, gs, org):
    url = reverse("ideen:als_steckbrief", args=[eingereicht.pk])
    assert client.get(url).status_code == 302
    for person in (eingereicht.eigentuemer, wirtschaftsfoerderung(), mitglied(org)):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert not Steckbrief.objects.exists()
    client.force_login(gs)
    seite = client.get(url).content.decode()
    assert "Sensorhaut für Greifer" in seite and org.name in seite
    assert "Kernansatz und Maßnahmen" in seite
    assert client.get(reverse("ideen:als_steckbrief", args=[999999])).status_code == 404


def test_the_geschaeftsstelle_confirms_and_a_replayed_post_changes_nothing(
    client, eingereicht, gs, org
):
    client.force_login(gs)
    url = reverse("ideen:als_steckbrief", args=[eingereicht.pk])
    antwort = client.post(url, {"organisation": org.pk})
    sb = Steckbrief.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == sb.get_absolute_url()
    nochmal = client.post(url, {"organisation": org.pk}, follow=True)
    assert Steckbrief.objects.count() == 1
    assert f"bereits als Steckbrief Nr. {sb.pk} übernommen" in nochmal.content.decode()
    # Garbage and foreign Organisations are refused.
    for wert in ("abc", "999999"):
        client.post(url, {"organisation": wert})
    assert Steckbrief.objects.count() == 1


def test_a_draft_idea_is_not_found_for_the_geschaeftsstelle(client, eingereicht, gs):
    Idee.objects.filter(pk=eingereicht.pk).update(status=Status.ENTWURF)
    client.force_login(gs)
    assert client.get(reverse("ideen:als_steckbrief", args=[eingereicht.pk])).status_code == 404


def test_the_ideas_page_shows_the_steckbrief_to_who_may_see_it(client, eingereicht, gs):
    sb = als_steckbrief_uebernehmen(eingereicht, gs)
    client.force_login(eingereicht.eigentuemer)
    seite = client.get(eingereicht.get_absolute_url()).content.decode()
    assert f"Übernommen als Steckbrief Nr. {sb.pk}" in seite
    assert sb.get_absolute_url() in seite
    # A co-entrant outside the Organisation learns of it, without a link it could not open.
    aussen = UserFactory()
    Mitwirkende.objects.create(idee=eingereicht, user=aussen)
    client.force_login(aussen)
    seite = client.get(eingereicht.get_absolute_url()).content.decode()
    assert f"Übernommen als Steckbrief Nr. {sb.pk}" in seite
    assert sb.get_absolute_url() not in seite
    # The member sees the draft.
    client.force_login(eingereicht.eigentuemer)
    assert client.get(sb.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("mitwirkende", [0, 6])
def test_query_count_of_the_confirmation_page(
    client, eingereicht, gs, mitwirkende, django_assert_max_num_queries
):
    for _ in range(mitwirkende):
        Mitwirkende.objects.create(idee=eingereicht, user=mitglied())
    client.force_login(gs)
    with django_assert_max_num_queries(12):
        antwort = client.get(reverse("ideen:als_steckbrief", args=[eingereicht.pk]))
    assert antwort.status_code == 200
