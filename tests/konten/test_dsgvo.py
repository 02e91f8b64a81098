"""DSGVO self-service: data export (Art. 15) and account deletion (Art. 17)."""

import datetime
import json

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.urls import reverse

from konten import services
from konten.models import Einladung, Mitgliedschaft, Organisation, User
from steckbriefe.models import (
    Anlage,
    AuditEintrag,
    Autosave,
    Partner,
    Status,
    Steckbrief,
    SteckbriefVersion,
)
from steckbriefe.pruefung import fehlende_angaben
from steckbriefe.versionen import momentaufnahme
from tests.factories import (
    PASSWORT,
    OrganisationFactory,
    SteckbriefFactory,
    UserFactory,
    geschaeftsstelle,
    mitglied,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def daten():
    organisation = OrganisationFactory(name="Stadtwerke Zwickau GmbH")
    user = mitglied(organisation, email="erika@stadtwerke.example", first_name="Erika")
    kollege = mitglied(organisation, email="kollege@stadtwerke.example")
    sb = SteckbriefFactory(
        organisation=organisation, titel="Wärmenetz Zwickau-Nord", erstellt_von=user
    )
    Partner.objects.create(
        steckbrief=sb, name="Westsächsische Hochschule", rolle="Begleitforschung"
    )
    sb.meilensteine.create(bezeichnung="Machbarkeitsstudie", termin=datetime.date(2027, 3, 1))
    SteckbriefVersion.objects.create(
        steckbrief=sb,
        nummer=1,
        art="vorlaeufig",
        erstellt_von=user,
        daten={"felder": [["Projekttitel", "Wärmenetz"]]},
    )
    Anlage.objects.create(
        steckbrief=sb,
        datei="anlagen/x/y",
        name="Lageplan.pdf",
        groesse=1234,
        content_type="application/pdf",
        hochgeladen_von=kollege,
    )
    Autosave.objects.create(
        steckbrief=sb, user=user, daten={"titel": ["Wärmenetz Nord"]}, revision=1
    )
    Autosave.objects.create(
        steckbrief=sb, user=kollege, daten={"titel": ["Vom Kollegen getippt"]}, revision=1
    )
    AuditEintrag.objects.create(steckbrief=sb, akteur=user, aktion="Vorläufig einreichen")
    AuditEintrag.objects.create(steckbrief=sb, akteur=kollege, aktion="Vom Kollegen")
    Einladung.objects.create(
        organisation=organisation, email="neu@example.org", eingeladen_von=user
    )

    SteckbriefFactory(organisation=organisation, titel="Zweites Projekt", erstellt_von=kollege)
    fremde = OrganisationFactory(name="Fremde Organisation AG")
    fremd = mitglied(fremde, email="fremd@example.org")
    fremder_sb = SteckbriefFactory(organisation=fremde, titel="Geheimes Fremdprojekt")
    AuditEintrag.objects.create(steckbrief=fremder_sb, akteur=fremd, aktion="Fremde Aktion")
    return user, kollege, sb


def _export(client, user):
    client.force_login(user)
    response = client.get(reverse("konten:datenexport"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_export_contains_own_data(client, daten):
    user, kollege, sb = daten
    response, export = _export(client, user)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    assert export["konto"]["email"] == "erika@stadtwerke.example"
    assert export["konto"]["vorname"] == "Erika"
    assert export["konto"]["rollen"] == ["Einreichende"]
    assert export["mitgliedschaft"]["organisation"] == "Stadtwerke Zwickau GmbH"
    assert export["organisation"]["typ"] == "Unternehmen"
    assert export["organisation"]["plz"] == "09111"

    steckbrief, vom_kollegen = export["steckbriefe"]
    assert vom_kollegen["erstellt_von"] == "eine andere Person"
    assert steckbrief["titel"] == "Wärmenetz Zwickau-Nord"
    assert steckbrief["status"] == "Entwurf"
    assert steckbrief["handlungsfeld"] == str(sb.handlungsfeld)
    assert steckbrief["gebietskoerperschaften"] == ["Landkreis Zwickau"]
    assert steckbrief["erstellt_von"] == "Sie"
    assert steckbrief["partner"] == [
        {"name": "Westsächsische Hochschule", "rolle": "Begleitforschung", "zusage": "angefragt"}
    ]
    assert steckbrief["meilensteine"] == [
        {"bezeichnung": "Machbarkeitsstudie", "termin": "2027-03-01"}
    ]
    assert steckbrief["anlagen"] == [
        {
            "dateiname": "Lageplan.pdf",
            "groesse_bytes": 1234,
            "dateityp": "application/pdf",
            "hochgeladen_am": steckbrief["anlagen"][0]["hochgeladen_am"],
            "von_ihnen_hochgeladen": False,
        }
    ]
    assert [z["eingaben"] for z in export["zwischenstaende_von_ihnen"]] == [
        {"titel": ["Wärmenetz Nord"]}
    ]
    assert steckbrief["versionen"][0]["inhalt"] == {"felder": [["Projekttitel", "Wärmenetz"]]}
    assert steckbrief["versionen"][0]["von_ihnen_eingereicht"] is True

    assert [e["aktion"] for e in export["protokolleintraege_von_ihnen"]] == ["Vorläufig einreichen"]
    assert [e["email"] for e in export["einladungen_von_ihnen"]] == ["neu@example.org"]
    assert export["einladungen_an_sie"] == []


def test_export_contains_nothing_of_others(client, daten):
    user, kollege, _ = daten
    response, _ = _export(client, user)
    text = response.content.decode()
    for fremdes in [
        "Fremde Organisation AG",
        "Geheimes Fremdprojekt",
        "fremd@example.org",
        "Fremde Aktion",
    ]:
        assert fremdes not in text
    # Colleagues are not part of one's own data either.
    assert kollege.email not in text
    assert "Vom Kollegen" not in text
    assert "Vom Kollegen getippt" not in text


def test_export_for_user_without_organisation(client):
    user = UserFactory(email="solo@example.org")
    Einladung.objects.create(
        organisation=OrganisationFactory(name="Einladende GmbH"), email="Solo@example.org"
    )
    _, export = _export(client, user)
    assert export["mitgliedschaft"] is None
    assert export["organisation"] is None
    assert export["steckbriefe"] == []
    assert [e["organisation"] for e in export["einladungen_an_sie"]] == ["Einladende GmbH"]


def test_export_needs_login(client):
    response = client.get(reverse("konten:datenexport"))
    assert response.status_code == 302


def test_meine_daten_page(client, daten):
    user, _, _ = daten
    client.force_login(user)
    html = client.get(reverse("konten:meine_daten")).content.decode()
    assert "erika@stadtwerke.example" in html
    assert reverse("konten:datenexport") in html
    assert reverse("konten:konto_loeschen") in html
    response = client.post(
        reverse("konten:meine_daten"), {"first_name": "Erika", "last_name": "Neumann"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_name == "Neumann"


def test_delete_account_keeps_steckbriefe_and_anonymises_audit(client, daten):
    user, kollege, sb = daten
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="127.0.0.1",
        failures_since_start=1,
        user_agent="x",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    angenommen = Einladung.objects.create(
        organisation=sb.organisation,
        email=user.email,
        angenommen_von=user,
        angenommen_am=sb.erstellt,
    )
    client.force_login(user)
    seite = client.get(reverse("konten:konto_loeschen"))
    assert "Konto endgültig löschen" in seite.content.decode()

    falsch = client.post(
        reverse("konten:konto_loeschen"), {"passwort": "falsch", "bestaetigt": "on"}
    )
    assert "Das Passwort ist nicht korrekt." in falsch.content.decode()
    ohne_haken = client.post(reverse("konten:konto_loeschen"), {"passwort": PASSWORT})
    assert (
        "Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten." in ohne_haken.content.decode()
    )
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(
        reverse("konten:konto_loeschen"), {"passwort": PASSWORT, "bestaetigt": "on"}, follow=True
    )
    assert "Ihr Konto und Ihre personenbezogenen Daten sind gelöscht." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=user.pk).exists()
    sb.refresh_from_db()
    assert sb.organisation.mitgliedschaften.get().user == kollege
    assert sb.erstellt_von is None
    eintrag = AuditEintrag.objects.get(aktion="Vorläufig einreichen")
    assert eintrag.akteur is None
    assert SteckbriefVersion.objects.get(steckbrief=sb).erstellt_von is None
    assert list(Autosave.objects.values_list("user", flat=True)) == [kollege.pk]
    assert Anlage.objects.get(steckbrief=sb).name == "Lageplan.pdf"
    # The invitation the user sent stays (it names the invitee), without the sender.
    assert Einladung.objects.get(email="neu@example.org").eingeladen_von is None
    assert not Einladung.objects.filter(pk=angenommen.pk).exists()
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_last_member_with_active_steckbriefe_cannot_delete_account(client):
    organisation = OrganisationFactory(name="Gemeinde Muster")
    user = mitglied(organisation)
    SteckbriefFactory(organisation=organisation, status=Status.FINAL_EINGEREICHT)
    client.force_login(user)
    assert (
        "Sie sind das letzte Mitglied" in client.get(reverse("konten:meine_daten")).content.decode()
    )
    html = client.get(reverse("konten:konto_loeschen")).content.decode()
    assert "können Sie Ihr Konto erst löschen, wenn eine weitere Person" in html
    assert "Konto endgültig löschen" not in html
    client.post(reverse("konten:konto_loeschen"), {"passwort": PASSWORT, "bestaetigt": "on"})
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(services.NichtMoeglich):
        services.konto_loeschen(user)


def test_last_member_of_organisation_with_only_withdrawn_steckbriefe_may_delete():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    sb = SteckbriefFactory(organisation=organisation, status=Status.ZURUECKGEZOGEN)
    services.konto_loeschen(user)
    assert not User.objects.filter(pk=user.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    sb.refresh_from_db()
    assert sb.organisation_id == organisation.pk


def test_empty_organisation_is_deleted_with_its_last_member():
    organisation = OrganisationFactory()
    user = mitglied(organisation)
    Einladung.objects.create(organisation=organisation, email="offen@example.org")
    services.konto_loeschen(user)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Einladung.objects.exists()
    assert not Mitgliedschaft.objects.exists()


def test_user_without_organisation_can_delete():
    user = UserFactory()
    services.konto_loeschen(user)
    assert not User.objects.filter(pk=user.pk).exists()


def test_reviewer_accounts_are_not_self_deleted(client):
    user = geschaeftsstelle()
    client.force_login(user)
    html = client.get(reverse("konten:konto_loeschen")).content.decode()
    assert "Bitte wenden Sie sich an die Geschäftsstelle." in html
    client.post(reverse("konten:konto_loeschen"), {"passwort": PASSWORT, "bestaetigt": "on"})
    assert User.objects.filter(pk=user.pk).exists()


# --- Art. 17: the person as contact of Steckbriefe (issue 14, item 4) -------------------------


@pytest.fixture
def kontakt():
    """Erika is the contact person of her Organisation's Steckbrief (also in its submitted
    version and in a colleague's kept input), of a foreign Steckbrief by her address, and a
    namesake is the contact of another foreign one."""
    organisation = OrganisationFactory(name="Stadtwerke Zwickau GmbH")
    erika = mitglied(
        organisation, email="erika@stadtwerke.example", first_name="Erika", last_name="Muster"
    )
    EmailAddress.objects.create(user=erika, email="e.muster@privat.example", verified=True)
    kollege = mitglied(organisation, first_name="Karl", last_name="Kollege")
    person = {
        "ansprechperson_name": "Erika  Muster",
        "ansprechperson_funktion": "Projektleiterin",
        "ansprechperson_email": "Erika@Stadtwerke.example",
        "ansprechperson_telefon": "0375 1234",
    }
    sb = SteckbriefFactory(organisation=organisation, titel="Wärmenetz", **person)
    SteckbriefVersion.objects.create(
        steckbrief=sb, nummer=1, art="vorlaeufig", erstellt_von=erika, daten=momentaufnahme(sb)
    )
    Autosave.objects.create(
        steckbrief=sb,
        user=kollege,
        daten={"ansprechperson_name": ["Erika Muster"], "ansprechperson_telefon": ["0375 1234"]},
        revision=1,
    )
    vom_kollegen = SteckbriefFactory(
        organisation=organisation,
        ansprechperson_name="Karl Kollege",
        ansprechperson_email="karl@stadtwerke.example",
    )
    fremd = SteckbriefFactory(
        ansprechperson_name="E. Muster", ansprechperson_email="e.muster@privat.example"
    )
    namensvetterin = SteckbriefFactory(
        ansprechperson_name="Erika Muster", ansprechperson_email="erika@anderswo.example"
    )
    return erika, kollege, sb, vom_kollegen, fremd, namensvetterin


@time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_deleting_the_account_removes_the_person_as_contact_everywhere(client, kontakt):
    erika, kollege, sb, vom_kollegen, fremd, namensvetterin = kontakt
    revision = sb.revision
    client.force_login(erika)
    seite = client.get(reverse("konten:konto_loeschen")).content.decode()
    assert "Das wird gelöscht" in seite and "Das bleibt erhalten, und warum" in seite
    assert "als Ansprechperson eines Steckbriefs genannt" in seite
    assert "Sie gehören Ihrer Organisation" in seite

    client.post(reverse("konten:konto_loeschen"), {"passwort": PASSWORT, "bestaetigt": "on"})
    assert not User.objects.filter(pk=erika.pk).exists()

    sb.refresh_from_db()
    kontaktfelder = ("name", "funktion", "email", "telefon")
    assert [getattr(sb, f"ansprechperson_{f}") for f in kontaktfelder] == ["", "", "", ""]
    assert sb.revision == revision + 1  # a form still open cannot save the old values back
    eintrag = sb.audit.get(aktion="Ansprechperson hat ihr Konto gelöscht")
    assert eintrag.akteur is None and "Erika" not in eintrag.text + eintrag.alt + eintrag.neu
    version = dict(SteckbriefVersion.objects.get(steckbrief=sb).daten["felder"])
    assert version["Ansprechperson: Name"] == "gelöschtes Konto"
    assert version["E-Mail der Ansprechperson"] == version["Telefon"] == version["Funktion"] == ""
    assert version["Projekttitel"] == "Wärmenetz"
    assert Autosave.objects.get(user=kollege).daten == {
        "ansprechperson_name": [""],
        "ansprechperson_telefon": [""],
    }
    fremd.refresh_from_db()
    assert (fremd.ansprechperson_name, fremd.ansprechperson_email) == ("", "")
    for unberuehrt in (vom_kollegen, namensvetterin):
        vorher = unberuehrt.ansprechperson_email
        unberuehrt.refresh_from_db()
        assert unberuehrt.ansprechperson_email == vorher != ""
    # the colleagues are asked for a new contact; the final submission misses one
    assert "Ansprechperson: Name" in [x.label for x in fehlende_angaben(sb, final=True)]
    client.force_login(kollege)
    for name in ("detail", "bearbeiten"):
        html = client.get(reverse(f"steckbriefe:{name}", args=[sb.pk])).content.decode()
        assert "Die Ansprechperson hat ihr Konto gelöscht." in html
        assert "Bitte benennen Sie eine" in html
        assert "Erika Muster" not in html and "erika@stadtwerke.example" not in html.lower()
    html = client.get(reverse("steckbriefe:detail", args=[vom_kollegen.pk])).content.decode()
    assert "ihr Konto gelöscht" not in html
    versionen = client.get(reverse("steckbriefe:versionen", args=[sb.pk]))
    assert versionen.status_code == 200
    assert "gelöschtes Konto" in versionen.content.decode()
    # once a new contact is named, the notice is gone
    Steckbrief.objects.filter(pk=sb.pk).update(ansprechperson_name="Karl Kollege")
    html = client.get(reverse("steckbriefe:detail", args=[sb.pk])).content.decode()
    assert "ihr Konto gelöscht" not in html


def test_deletion_hook_runs_inside_the_transaction(kontakt, monkeypatch):
    """If the account cannot be deleted after all, the Steckbriefe keep their contact."""
    from django.db.models import ProtectedError

    erika, _, sb, *_ = kontakt

    def geschuetzt(self, *args, **kwargs):
        raise ProtectedError("geschützt", set())

    monkeypatch.setattr(User, "delete", geschuetzt)
    with pytest.raises(services.NichtMoeglich):
        services.konto_loeschen(erika)
    sb.refresh_from_db()
    assert sb.ansprechperson_name == "Erika  Muster"
    assert not sb.audit.exists()
