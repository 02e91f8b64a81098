"""Leaving an Organisation: members may leave; the last one only if no Steckbrief would be
orphaned."""

import pytest
from django.urls import reverse

from konten import services
from konten.models import Einladung, Mitgliedschaft, Organisation
from steckbriefe.models import Status
from tests.factories import OrganisationFactory, SteckbriefFactory, mitglied

pytestmark = pytest.mark.django_db


def test_member_leaves_steckbriefe_stay(client):
    organisation = OrganisationFactory(name="Stadt Plauen")
    user = mitglied(organisation)
    mitglied(organisation)
    sb = SteckbriefFactory(organisation=organisation)
    client.force_login(user)
    seite = client.get(reverse("konten:organisation_verlassen"))
    assert (
        "Möchten Sie die Organisation „Stadt Plauen“ wirklich verlassen?" in seite.content.decode()
    )
    response = client.post(reverse("konten:organisation_verlassen"), follow=True)
    assert "Sie haben die Organisation „Stadt Plauen“ verlassen." in response.content.decode()
    assert not Mitgliedschaft.objects.filter(user=user).exists()
    sb.refresh_from_db()
    assert sb.organisation == organisation
    assert organisation.mitgliedschaften.count() == 1


def test_last_member_cannot_leave_with_active_steckbriefe(client):
    organisation = OrganisationFactory(name="Stadt Plauen")
    user = mitglied(organisation)
    SteckbriefFactory(organisation=organisation, status=Status.VORLAEUFIG_EINGEREICHT)
    SteckbriefFactory(organisation=organisation, status=Status.ZURUECKGEZOGEN)
    client.force_login(user)

    seite = client.get(reverse("konten:organisation")).content.decode()
    assert "Sie sind das letzte Mitglied der Organisation „Stadt Plauen“" in seite
    assert reverse("konten:organisation_verlassen") not in seite

    html = client.get(reverse("konten:organisation_verlassen")).content.decode()
    assert (
        "und sie hat noch einen Steckbrief, der nicht zurückgezogen ist. Damit er nicht ohne "
        "Ansprechperson bleibt, können Sie die Organisation erst verlassen, wenn eine weitere "
        "Person zur Organisation gehört"
    ) in html
    assert "Laden Sie unter „Meine Organisation“ eine Kollegin oder einen Kollegen ein" in html
    assert "Organisation verlassen</button>" not in html

    response = client.post(reverse("konten:organisation_verlassen"), follow=True)
    assert "Laden Sie unter „Meine Organisation“ eine Kollegin" in response.content.decode()
    assert Mitgliedschaft.objects.filter(user=user).exists()


def test_last_member_may_leave_when_only_withdrawn_steckbriefe_remain():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    sb = SteckbriefFactory(organisation=organisation, status=Status.ZURUECKGEZOGEN)
    Einladung.objects.create(organisation=organisation, email="offen@example.org")
    services.austreten(user)
    assert not Mitgliedschaft.objects.filter(user=user).exists()
    # The organisation stays with its withdrawn Steckbrief; nobody manages invitations.
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    sb.refresh_from_db()
    assert sb.organisation_id == organisation.pk
    assert not Einladung.objects.filter(organisation=organisation).exists()


def test_last_member_leaving_an_empty_organisation_deletes_it():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    services.austreten(user)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_after_a_colleague_joined_the_former_last_member_may_leave():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    SteckbriefFactory(organisation=organisation)
    SteckbriefFactory(organisation=organisation)
    with pytest.raises(services.NichtMoeglich, match="noch 2 Steckbriefe, die nicht zurückgezogen"):
        services.austreten(user)
    mitglied(organisation)
    services.austreten(user)
    assert organisation.mitgliedschaften.count() == 1


def test_leaving_without_organisation():
    from tests.factories import UserFactory

    with pytest.raises(services.NichtMoeglich, match="keiner Organisation"):
        services.austreten(UserFactory())


def test_no_withdrawal_advice_when_a_steckbrief_is_already_decided():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    SteckbriefFactory(organisation=organisation, status=Status.ENTSCHIEDEN)
    grund = services.austritt_hindernis(user, organisation)
    assert "Laden Sie unter „Meine Organisation“" in grund
    assert "Alternativ" not in grund
    SteckbriefFactory(organisation=organisation, status=Status.ENTWURF)
    assert "Alternativ" not in services.austritt_hindernis(user, organisation)


def test_withdrawal_advice_when_all_can_be_withdrawn():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    SteckbriefFactory(organisation=organisation, status=Status.ENTWURF)
    assert services.austritt_hindernis(user, organisation).endswith(
        "Alternativ ziehen Sie den Steckbrief zurück, wenn er nicht weiterverfolgt werden soll."
    )
