"""Taking access away (issue 14 item 6): organisation administrators remove members and
name other administrators; the Geschäftsstelle deactivates accounts, ends memberships and
withdraws invitations in the admin; every step is audited (Kontoereignis)."""

import pytest
from django.urls import reverse

from konten import services
from konten.models import Einladung, Ereignisart, Kontoereignis, Mitgliedschaft, User
from tests.factories import (
    PASSWORT,
    OrganisationFactory,
    SteckbriefFactory,
    UserFactory,
    geschaeftsstelle,
    mitglied,
    wirtschaftsfoerderung,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="Stadtwerke Zwickau GmbH")


@pytest.fixture
def admin_(org):
    return mitglied(org, email="gruenderin@example.org", first_name="Greta", last_name="Gruen")


@pytest.fixture
def kollege(org, admin_):
    return mitglied(org, email="kollege@example.org", first_name="Karl", last_name="Klein")


def _ereignisse(art):
    return list(Kontoereignis.objects.filter(art=art).values_list("durch", "betroffen"))


# --- the founder administers -------------------------------------------------------------------


def test_the_founder_administers_the_new_organisation(client):
    gruender = UserFactory(email="neu@example.org")
    client.force_login(gruender)
    client.post(
        reverse("konten:organisation_anlegen"),
        {
            "name": "Neu GmbH",
            "typ": "unternehmen",
            "strasse": "Markt 1",
            "plz": "09111",
            "ort": "C",
        },
    )
    assert Mitgliedschaft.objects.get(user=gruender).ist_admin


# --- removing a member: access ends at once ------------------------------------------------------


def test_admin_removes_a_member_who_loses_access_to_the_steckbriefe_at_once(
    client, org, admin_, kollege
):
    sb = SteckbriefFactory(organisation=org)
    einladung = services.einladen(org, kollege, "freund@example.org")
    kollegen_client = type(client)()
    kollegen_client.force_login(kollege)
    assert kollegen_client.get(reverse("steckbriefe:detail", args=[sb.pk])).status_code == 200

    client.force_login(admin_)
    seite = client.get(reverse("konten:mitglied_entfernen", args=[kollege.mitgliedschaft.pk]))
    assert seite.status_code == 200
    assert "Karl Klein" in seite.content.decode()
    response = client.post(reverse("konten:mitglied_entfernen", args=[kollege.mitgliedschaft.pk]))
    assert response.status_code == 302
    assert not Mitgliedschaft.objects.filter(user=kollege).exists()
    # The same session of the removed member: no Steckbrief of the organisation any more.
    assert kollegen_client.get(reverse("steckbriefe:detail", args=[sb.pk])).status_code == 404
    bearbeiten = kollegen_client.get(reverse("steckbriefe:bearbeiten", args=[sb.pk]))
    assert bearbeiten.status_code == 302
    assert bearbeiten.url == reverse("konten:organisation_anlegen")
    # Invitations the removed member sent are withdrawn.
    assert not Einladung.objects.filter(pk=einladung.pk).exists()
    assert _ereignisse(Ereignisart.MITGLIED_ENTFERNT) == [(admin_.pk, kollege.pk)]
    seite = client.get(response.url).content.decode()
    assert "Karl Klein gehört nicht mehr zur Organisation" in seite


def test_removing_a_member_names_the_steckbriefe_with_them_as_contact(client, org, admin_, kollege):
    kontakt = SteckbriefFactory(
        organisation=org, titel="Wärmenetz Nord", ansprechperson_email="Kollege@Example.org"
    )
    SteckbriefFactory(organisation=org, titel="Anderer Kontakt")
    SteckbriefFactory(
        organisation=org,
        titel="Zurückgezogen",
        ansprechperson_email=kollege.email,
        status="zurueckgezogen",
    )
    SteckbriefFactory(titel="Fremde Organisation", ansprechperson_email=kollege.email)
    client.force_login(admin_)
    url = reverse("konten:mitglied_entfernen", args=[kollege.mitgliedschaft.pk])
    seite = client.get(url).content.decode()
    assert f"Steckbrief Nr. {kontakt.pk} „Wärmenetz Nord“" in seite
    assert reverse("steckbriefe:bearbeiten", args=[kontakt.pk]) in seite
    for anderer in ("Anderer Kontakt", "Zurückgezogen", "Fremde Organisation"):
        assert anderer not in seite
    seite = client.post(url, follow=True).content.decode()
    assert (
        f"Bitte tragen Sie eine neue Ansprechperson ein in: Steckbrief Nr. {kontakt.pk} "
        "„Wärmenetz Nord“." in seite
    )


def test_a_member_who_does_not_administer_cannot_remove_or_name(client, org, admin_, kollege):
    client.force_login(kollege)
    url = reverse("konten:mitglied_entfernen", args=[admin_.mitgliedschaft.pk])
    response = client.post(url, follow=True)
    assert "Nur wer die Organisation verwaltet" in response.content.decode()
    assert Mitgliedschaft.objects.filter(user=admin_).exists()
    response = client.post(
        reverse("konten:verwaltung_uebertragen", args=[kollege.mitgliedschaft.pk]), follow=True
    )
    assert "Nur wer die Organisation verwaltet" in response.content.decode()
    assert not Mitgliedschaft.objects.get(user=kollege).ist_admin
    assert not Kontoereignis.objects.exclude(art=Ereignisart.EINLADUNG_VERSENDET).exists()
    # The page offers no buttons to them.
    seite = client.get(reverse("konten:organisation")).content.decode()
    assert "Entfernen …" not in seite
    assert "Mit Verwaltung betrauen" not in seite


def test_members_of_another_organisation_are_not_found(client, admin_):
    fremd = mitglied()
    client.force_login(admin_)
    for name in ("konten:mitglied_entfernen", "konten:verwaltung_uebertragen"):
        url = reverse(name, args=[fremd.mitgliedschaft.pk])
        assert client.post(url).status_code == 404
    assert Mitgliedschaft.objects.filter(user=fremd).exists()


def test_admin_cannot_remove_themselves(client, admin_, kollege):
    client.force_login(admin_)
    response = client.post(
        reverse("konten:mitglied_entfernen", args=[admin_.mitgliedschaft.pk]), follow=True
    )
    assert "Verlassen Sie die Organisation" in response.content.decode()
    assert Mitgliedschaft.objects.filter(user=admin_).exists()


# --- handing over the administration ---------------------------------------------------------------


def test_hand_over_the_administration(client, admin_, kollege):
    client.force_login(admin_)
    # Alone, the administration cannot be given up.
    seite = client.get(reverse("konten:organisation")).content.decode()
    assert "Sie sind die einzige Person, die die Organisation verwaltet." in seite
    response = client.post(reverse("konten:verwaltung_abgeben"), follow=True)
    assert "Sie sind die einzige Person" in response.content.decode()
    assert Mitgliedschaft.objects.get(user=admin_).ist_admin

    client.post(reverse("konten:verwaltung_uebertragen", args=[kollege.mitgliedschaft.pk]))
    assert Mitgliedschaft.objects.get(user=kollege).ist_admin
    response = client.post(reverse("konten:verwaltung_abgeben"), follow=True)
    assert "Sie verwalten die Organisation nicht mehr." in response.content.decode()
    assert not Mitgliedschaft.objects.get(user=admin_).ist_admin
    assert _ereignisse(Ereignisart.ADMIN_ERNANNT) == [(admin_.pk, kollege.pk)]
    assert _ereignisse(Ereignisart.ADMIN_ABGEGEBEN) == [(admin_.pk, admin_.pk)]
    # The new administrator may now remove the former one.
    client.force_login(kollege)
    client.post(reverse("konten:mitglied_entfernen", args=[admin_.mitgliedschaft.pk]))
    assert not Mitgliedschaft.objects.filter(user=admin_).exists()


def test_when_the_last_administrator_leaves_the_longest_member_takes_over(client, org, admin_):
    erste = mitglied(org, email="erste@example.org")
    mitglied(org, email="zweite@example.org")
    client.force_login(admin_)
    client.post(reverse("konten:organisation_verlassen"))
    assert list(org.mitgliedschaften.filter(ist_admin=True).values_list("user", flat=True)) == [
        erste.pk
    ]
    assert _ereignisse(Ereignisart.ADMIN_NACHGERUECKT) == [(None, erste.pk)]
    assert _ereignisse(Ereignisart.AUSGETRETEN) == [(admin_.pk, admin_.pk)]


def test_when_the_last_administrator_deletes_the_account_another_takes_over(client, org, admin_):
    kollege = mitglied(org)
    client.force_login(admin_)
    client.post(reverse("konten:konto_loeschen"), {"passwort": PASSWORT, "bestaetigt": "on"})
    assert not User.objects.filter(pk=admin_.pk).exists()
    assert Mitgliedschaft.objects.get(user=kollege).ist_admin


# --- the Geschäftsstelle in the admin --------------------------------------------------------------


def _aktion(client, modell, aktion, *objekte):
    return client.post(
        reverse(f"admin:konten_{modell}_changelist"),
        {"action": aktion, "_selected_action": [o.pk for o in objekte]},
        follow=True,
    )


def test_geschaeftsstelle_deactivates_an_account_whose_session_ends(client, org, admin_, kollege):
    sb = SteckbriefFactory(organisation=org)
    admin_client = type(client)()
    admin_client.force_login(admin_)
    assert admin_client.get(reverse("steckbriefe:detail", args=[sb.pk])).status_code == 200
    gs = geschaeftsstelle()
    client.force_login(gs)
    response = _aktion(client, "user", "deaktivieren", admin_)
    assert "1 Konto/Konten deaktiviert" in response.content.decode()
    admin_.refresh_from_db()
    assert not admin_.is_active
    # The open session is over: the next request is anonymous.
    antwort = admin_client.get(reverse("steckbriefe:detail", args=[sb.pk]))
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("account_login"))
    # The organisation keeps an active administrator.
    assert Mitgliedschaft.objects.get(user=kollege).ist_admin
    assert _ereignisse(Ereignisart.KONTO_DEAKTIVIERT) == [(gs.pk, admin_.pk)]
    assert _ereignisse(Ereignisart.ADMIN_NACHGERUECKT) == [(gs.pk, kollege.pk)]

    _aktion(client, "user", "reaktivieren", admin_)
    admin_.refresh_from_db()
    assert admin_.is_active
    assert _ereignisse(Ereignisart.KONTO_REAKTIVIERT) == [(gs.pk, admin_.pk)]


def test_geschaeftsstelle_cannot_deactivate_itself_or_a_superuser(client):
    gs = geschaeftsstelle()
    su = User.objects.create_superuser("su@example.org", "x")
    client.force_login(gs)
    response = _aktion(client, "user", "deaktivieren", gs, su).content.decode()
    assert "Das eigene Konto deaktiviert eine andere Person" in response
    assert "nur die technische Administration" in response
    assert User.objects.filter(is_active=False).count() == 0
    assert not Kontoereignis.objects.exists()


def test_geschaeftsstelle_ends_a_membership(client, org, admin_, kollege):
    sb = SteckbriefFactory(organisation=org)
    gs = geschaeftsstelle()
    client.force_login(gs)
    response = _aktion(client, "mitgliedschaft", "beenden", admin_.mitgliedschaft)
    assert "1 Mitgliedschaft(en) beendet" in response.content.decode()
    assert not Mitgliedschaft.objects.filter(user=admin_).exists()
    admin_client = type(client)()
    admin_client.force_login(admin_)
    assert admin_client.get(reverse("steckbriefe:detail", args=[sb.pk])).status_code == 404
    assert Mitgliedschaft.objects.get(user=kollege).ist_admin
    assert _ereignisse(Ereignisart.MITGLIEDSCHAFT_BEENDET) == [(gs.pk, admin_.pk)]


def test_geschaeftsstelle_withdraws_an_invitation(client, org, admin_):
    einladung = Einladung.objects.create(organisation=org, email="x@example.org")
    gs = geschaeftsstelle()
    client.force_login(gs)
    response = _aktion(client, "einladung", "zurueckziehen", einladung)
    assert "1 Einladung(en) zurückgezogen" in response.content.decode()
    assert not Einladung.objects.exists()
    assert _ereignisse(Ereignisart.EINLADUNG_ZURUECKGEZOGEN) == [(gs.pk, None)]


def test_reviewers_cannot_use_the_actions(client, admin_):
    wf = wirtschaftsfoerderung()
    client.force_login(wf)
    response = client.post(
        reverse("admin:konten_user_changelist"),
        {"action": "deaktivieren", "_selected_action": [admin_.pk]},
    )
    assert response.status_code == 403
    admin_.refresh_from_db()
    assert admin_.is_active


# --- query counts of the pages ----------------------------------------------------------------------


@pytest.mark.parametrize("anzahl", [1, 15])
def test_organisation_page_queries_do_not_grow_with_members(
    client, org, admin_, anzahl, django_assert_max_num_queries
):
    for _ in range(anzahl - 1):
        mitglied(org)
    client.force_login(admin_)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("konten:organisation"))
    assert response.content.decode().count("Entfernen …") == anzahl - 1


@pytest.mark.parametrize("anzahl", [1, 15])
@pytest.mark.parametrize(
    "modell", ["user", "organisation", "mitgliedschaft", "einladung", "kontoereignis"]
)
def test_admin_lists_queries_do_not_grow(client, modell, anzahl, django_assert_max_num_queries):
    for i in range(anzahl):
        m = mitglied(email=f"m{i}@example.org")
        organisation = m.mitgliedschaft.organisation
        Einladung.objects.create(
            organisation=organisation, email=f"e{i}@example.org", eingeladen_von=m
        )
        services.ereignis(
            Ereignisart.MITGLIED_ENTFERNT, durch=m, betroffen=m, organisation=organisation
        )
    client.force_login(geschaeftsstelle())
    with django_assert_max_num_queries(16):
        response = client.get(reverse(f"admin:konten_{modell}_changelist"))
    assert response.status_code == 200


def test_the_audit_names_people_only_by_account_and_is_in_the_data_export(
    client, org, admin_, kollege
):
    client.force_login(admin_)
    client.post(reverse("konten:mitglied_entfernen", args=[kollege.mitgliedschaft.pk]))
    client.force_login(kollege)
    import json

    daten = json.loads(client.get(reverse("konten:datenexport")).content)
    (eintrag,) = daten["kontoereignisse"]
    assert eintrag["ereignis"] == "Mitglied entfernt"
    assert (eintrag["durch"], eintrag["betroffen"]) == ("eine andere Person", "Sie")
    assert "gruenderin@example.org" not in json.dumps(daten)
    # Deleting the remover's account leaves the entry without their person.
    admin_.delete()
    assert Kontoereignis.objects.get(art=Ereignisart.MITGLIED_ENTFERNT).durch is None
