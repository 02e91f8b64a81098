"""Creating, editing and viewing the Organisation; access only for its members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konten.models import Einladung, Mitgliedschaft, Organisation, Rolle
from steckbriefe.models import Status
from tests.factories import OrganisationFactory, SteckbriefFactory, UserFactory, mitglied

from .hilfen import unbeschriftete_felder

pytestmark = pytest.mark.django_db

ADRESSE = {
    "name": "  Stadtwerke   Zwickau GmbH ",
    "typ": "unternehmen",
    "strasse": "Bahnhofstraße 1",
    "plz": "08056",
    "ort": "Zwickau",
}


def test_organisation_pages_need_login(client):
    for name in ["organisation", "organisation_anlegen", "meine_daten"]:
        response = client.get(reverse(f"konten:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_without_organisation_the_organisation_page_sends_to_creation(client):
    client.force_login(UserFactory())
    response = client.get(reverse("konten:organisation"))
    assert response.status_code == 302
    assert response.url == reverse("konten:organisation_anlegen")


def test_create_organisation_makes_user_first_member(client):
    user = UserFactory()
    client.force_login(user)
    formular = client.get(reverse("konten:organisation_anlegen"))
    assert formular.status_code == 200
    assert unbeschriftete_felder(formular.content.decode()) == []

    response = client.post(reverse("konten:organisation_anlegen"), ADRESSE)
    assert response.status_code == 302
    assert response.url == reverse("steckbriefe:dashboard")
    organisation = Organisation.objects.get()
    assert organisation.name == "Stadtwerke Zwickau GmbH"
    assert (organisation.typ, organisation.plz, organisation.ort) == (
        "unternehmen",
        "08056",
        "Zwickau",
    )
    assert Mitgliedschaft.objects.get(user=user).organisation == organisation
    user.refresh_from_db()
    assert user.hat_rolle(Rolle.EINREICHENDE)


def test_create_organisation_validates_in_german(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("konten:organisation_anlegen"), {**ADRESSE, "plz": "123", "typ": "", "ort": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie eine fünfstellige Postleitzahl an." in html
    assert html.count("Dieses Feld ist zwingend erforderlich.") == 2
    assert not Organisation.objects.exists()


def test_member_cannot_create_a_second_organisation(client):
    user = mitglied()
    client.force_login(user)
    assert client.get(reverse("konten:organisation_anlegen")).url == reverse("konten:organisation")
    response = client.post(reverse("konten:organisation_anlegen"), ADRESSE)
    assert response.status_code == 302
    assert Organisation.objects.count() == 1


def test_creation_page_points_to_pending_invitations(client):
    user = UserFactory(email="neu@example.org")
    andere = OrganisationFactory(name="Landkreis Zwickau")
    einladung = Einladung.objects.create(organisation=andere, email="neu@example.org")
    client.force_login(user)
    html = client.get(reverse("konten:organisation_anlegen")).content.decode()
    assert "Sie wurden eingeladen" in html
    assert einladung.get_absolute_url() in html


def test_edit_organisation(client):
    user = mitglied(OrganisationFactory(name="Alt GmbH"))
    client.force_login(user)
    assert client.get(reverse("konten:organisation_bearbeiten")).status_code == 200
    response = client.post(
        reverse("konten:organisation_bearbeiten"), {**ADRESSE, "name": "Neu GmbH"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Neu GmbH"


def test_organisation_page_shows_members_and_open_invitations_escaped(client):
    organisation = OrganisationFactory(name="<b>Tüftler & Co</b>")
    user = mitglied(organisation, first_name="Erika", last_name="<i>Muster</i>")
    kollegin = mitglied(organisation, email="kollegin@example.org")
    Einladung.objects.create(
        organisation=organisation, email="offen@example.org", eingeladen_von=user
    )
    Einladung.objects.create(organisation=OrganisationFactory(), email="fremd@example.org")
    SteckbriefFactory(organisation=organisation)
    SteckbriefFactory(organisation=organisation, status=Status.ZURUECKGEZOGEN)
    client.force_login(user)
    html = client.get(reverse("konten:organisation")).content.decode()
    assert "&lt;b&gt;Tüftler &amp; Co&lt;/b&gt;" in html
    assert "<b>Tüftler" not in html
    assert "Erika &lt;i&gt;Muster&lt;/i&gt;" in html
    assert kollegin.email in html
    assert "offen@example.org" in html
    assert "fremd@example.org" not in html
    assert "2 (davon 1 nicht zurückgezogen)" in html
    assert unbeschriftete_felder(html) == []


def _mitglieder(organisation, anzahl):
    for _ in range(anzahl):
        mitglied(organisation)


def _organisation_mit(anzahl):
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    _mitglieder(organisation, anzahl - 1)
    for i in range(anzahl):
        Einladung.objects.create(
            organisation=organisation, email=f"e{i}@example.org", eingeladen_von=user
        )
    return user


# session, user, membership, organisation with Steckbrief counts, members, invitations,
# and the user's groups for the navigation (base.html)
ABFRAGEN = 7


@pytest.mark.parametrize("anzahl", [1, 25])
def test_organisation_page_query_count_is_pinned(client, django_assert_max_num_queries, anzahl):
    client.force_login(_organisation_mit(anzahl))
    with django_assert_max_num_queries(ABFRAGEN):
        response = client.get(reverse("konten:organisation"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == anzahl


def test_organisation_page_query_count_does_not_grow_with_members(client):
    anzahl_abfragen = []
    for anzahl in (1, 25):
        client.force_login(_organisation_mit(anzahl))
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(reverse("konten:organisation")).status_code == 200
        anzahl_abfragen.append(len(abfragen))
    assert anzahl_abfragen[0] == anzahl_abfragen[1]


def test_foreign_organisation_is_never_shown_or_changed(client):
    fremde = OrganisationFactory(name="Fremde Hochschule")
    mitglied(fremde)
    fremde_einladung = Einladung.objects.create(organisation=fremde, email="x@example.org")
    user = mitglied(OrganisationFactory(name="Eigene GmbH"))
    client.force_login(user)
    assert "Fremde Hochschule" not in client.get(reverse("konten:organisation")).content.decode()
    response = client.post(
        reverse("konten:einladung_zurueckziehen", kwargs={"pk": fremde_einladung.pk})
    )
    assert response.status_code == 404
    assert Einladung.objects.filter(pk=fremde_einladung.pk).exists()
    client.post(reverse("konten:organisation_bearbeiten"), {**ADRESSE, "name": "Übernommen"})
    fremde.refresh_from_db()
    assert fremde.name == "Fremde Hochschule"


def test_invitation_revoke_is_post_only(client):
    user = mitglied()
    einladung = Einladung.objects.create(
        organisation=user.mitgliedschaft.organisation, email="a@example.org"
    )
    client.force_login(user)
    url = reverse("konten:einladung_zurueckziehen", kwargs={"pk": einladung.pk})
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not Einladung.objects.filter(pk=einladung.pk).exists()


def test_navigation_links_for_submitters_and_reviewers(client):
    client.force_login(mitglied())
    html = client.get(reverse("start")).content.decode()
    assert f'href="{reverse("konten:organisation")}">Meine Organisation' in html
    assert f'href="{reverse("konten:meine_daten")}">Meine Daten' in html
    client.force_login(UserFactory(is_staff=True))
    html = client.get(reverse("start")).content.decode()
    assert "Meine Organisation" not in html
    assert "Meine Daten" in html
