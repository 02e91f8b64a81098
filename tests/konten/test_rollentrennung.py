"""Separation of roles (issue 14, item 1): staff accounts (Wirtschaftsförderung,
Geschäftsstelle, superuser, admin access) neither found an Organisation nor join one,
unless the Geschäftsstelle granted it on the account in the admin (audited there)."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from konten import services
from konten.models import Einladung, Mitgliedschaft, Organisation, Rolle, User
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    geschaeftsstelle,
    mitglied,
    wirtschaftsfoerderung,
)

pytestmark = pytest.mark.django_db

ADRESSE = {
    "name": "Eigene Projekt GmbH",
    "typ": "unternehmen",
    "strasse": "Hauptmarkt 1",
    "plz": "08056",
    "ort": "Zwickau",
}
MELDUNG = "können keine Organisation anlegen und keiner Organisation beitreten"


def _wf(**kwargs):
    return wirtschaftsfoerderung("14524", email="wf-zwickau@example.org", **kwargs)


STAFF = {
    "wirtschaftsfoerderung": _wf,
    "geschaeftsstelle": lambda: geschaeftsstelle(email="gs@example.org"),
    "superuser": lambda: User.objects.create_superuser("admin@example.org", "x"),
    "verwaltungszugang": lambda: UserFactory(is_staff=True),
}


@pytest.fixture(params=sorted(STAFF))
def staff(request):
    return STAFF[request.param]()


def _einladung(email):
    return Einladung.objects.create(organisation=OrganisationFactory(), email=email)


# --- without the grant ------------------------------------------------------------------


def test_staff_cannot_found_an_organisation(client, staff):
    assert services.einreichen_hindernis(staff) == services.ROLLENTRENNUNG
    with pytest.raises(services.NichtMoeglich, match=MELDUNG):
        services.organisation_anlegen(staff, Organisation(name="X", typ="unternehmen"))

    client.force_login(staff)
    antwort = client.get(reverse("konten:organisation_anlegen"), follow=True)
    assert antwort.redirect_chain == [(reverse("admin:index"), 302)]
    assert MELDUNG in antwort.content.decode()
    antwort = client.post(reverse("konten:organisation_anlegen"), ADRESSE)
    assert antwort.url == reverse("admin:index")
    assert not Organisation.objects.filter(name=ADRESSE["name"]).exists()
    assert not Mitgliedschaft.objects.filter(user=staff).exists()


def test_staff_cannot_accept_an_invitation(client, staff):
    einladung = _einladung(staff.email)
    assert services.annahme_hindernis(einladung, staff) == services.ROLLENTRENNUNG
    with pytest.raises(services.NichtMoeglich, match=MELDUNG):
        services.einladung_annehmen(einladung, staff)

    client.force_login(staff)
    seite = client.get(einladung.get_absolute_url()).content.decode()
    assert MELDUNG in seite
    assert "Einladung annehmen</button>" not in seite
    client.post(einladung.get_absolute_url())
    assert not Mitgliedschaft.objects.filter(user=staff).exists()
    einladung.refresh_from_db()
    assert not einladung.angenommen


def test_a_role_without_admin_access_gets_the_reason_on_the_page(client):
    ohne_verwaltung = UserFactory(rolle=Rolle.WIRTSCHAFTSFOERDERUNG)
    client.force_login(ohne_verwaltung)
    antwort = client.get(reverse("konten:organisation_anlegen"))
    assert antwort.status_code == 403
    seite = antwort.content.decode()
    assert MELDUNG in seite
    assert 'name="name"' not in seite  # no form


def test_submitters_are_not_affected(client):
    user = UserFactory()
    assert services.einreichen_hindernis(user) is None
    client.force_login(user)
    assert client.post(reverse("konten:organisation_anlegen"), ADRESSE).status_code == 302
    assert Mitgliedschaft.objects.get(user=user).organisation.name == ADRESSE["name"]


# --- with the grant ---------------------------------------------------------------------


def test_with_the_grant_staff_found_and_join(client, staff):
    User.objects.filter(pk=staff.pk).update(darf_einreichen=True)
    # The services read the account as stored, not the copy in hand.
    assert not staff.darf_einreichen
    org = services.organisation_anlegen(staff, Organisation(name="Eigene", typ="unternehmen"))
    assert Mitgliedschaft.objects.get(user=staff).organisation == org

    kollege = wirtschaftsfoerderung("14511", email="wf-chemnitz@example.org", darf_einreichen=True)
    einladung = services.einladen(org, staff, kollege.email)
    client.force_login(kollege)
    assert client.post(einladung.get_absolute_url()).status_code == 302
    assert Mitgliedschaft.objects.get(user=kollege).organisation == org


def test_a_withdrawn_grant_counts_at_once(staff):
    staff.darf_einreichen = True
    staff.save()
    User.objects.filter(pk=staff.pk).update(darf_einreichen=False)
    with pytest.raises(services.NichtMoeglich, match=MELDUNG):
        services.organisation_anlegen(staff, Organisation(name="X", typ="unternehmen"))
    with pytest.raises(services.NichtMoeglich, match=MELDUNG):
        services.einladung_annehmen(_einladung(staff.email), staff)


# --- the grant in the admin --------------------------------------------------------------


def test_the_geschaeftsstelle_grants_in_the_admin_and_it_is_logged(client):
    gs = geschaeftsstelle(email="gs@example.org")
    wf = _wf()
    client.force_login(gs)
    liste = client.get(reverse("admin:konten_user_changelist"))
    assert liste.status_code == 200
    assert wf in liste.context["cl"].result_list
    assert mitglied() not in liste.context["cl"].result_list  # submitters need no grant

    url = reverse("admin:konten_user_change", args=[wf.pk])
    seite = client.get(url).content.decode()
    assert "Darf trotz Rolle einreichen" in seite
    assert "Änderungshistorie" in seite  # the help text says where it is logged
    # Only the grant is changed, whatever else is posted.
    antwort = client.post(
        url, {"darf_einreichen": "on", "is_superuser": "on", "email": "neu@example.org"}
    )
    assert antwort.status_code == 302
    wf.refresh_from_db()
    assert (wf.darf_einreichen, wf.is_superuser, wf.email) == (
        True,
        False,
        "wf-zwickau@example.org",
    )
    eintrag = LogEntry.objects.get(object_id=str(wf.pk))
    assert (eintrag.user, eintrag.action_flag) == (gs, CHANGE)
    assert "Darf trotz Rolle einreichen" in eintrag.get_change_message()


def test_nobody_grants_it_to_themselves_and_reviewers_see_no_accounts(client):
    gs = geschaeftsstelle(email="gs@example.org")
    client.force_login(gs)
    url = reverse("admin:konten_user_change", args=[gs.pk])
    seite = client.get(url)
    assert seite.status_code == 200  # read-only
    assert 'name="darf_einreichen"' not in seite.content.decode()
    assert client.post(url, {"darf_einreichen": "on"}).status_code == 403
    gs.refresh_from_db()
    assert not gs.darf_einreichen

    wf = _wf()
    client.force_login(wf)
    assert client.get(reverse("admin:konten_user_changelist")).status_code == 403
    antwort = client.post(
        reverse("admin:konten_user_change", args=[wf.pk]), {"darf_einreichen": "on"}
    )
    assert antwort.status_code == 403
    wf.refresh_from_db()
    assert not wf.darf_einreichen
