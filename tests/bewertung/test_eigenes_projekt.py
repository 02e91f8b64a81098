"""Nobody reviews their own project (issue 14, item 1): the attack of a Wirtschaftsförderung
that founds an organisation, submits for its own area and scores itself – refused at every
step, through the services and the pages; the conflict is recorded automatically."""

import datetime
from html import escape

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from bewertung import regeln, services
from bewertung.models import Bewertung, Kriterienkatalog, Zuweisung
from bewertung.regeln import NichtErlaubt
from bewertung.services import Eingabe
from konten.models import Mitgliedschaft, Organisation
from steckbriefe import services as sb_services
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from tests.factories import (
    OrganisationFactory,
    SteckbriefFactory,
    final_vollstaendig,
    mitglied,
    wirtschaftsfoerderung,
)

from .conftest import CHEMNITZ, ZWICKAU, final_sb, zuweisung

pytestmark = pytest.mark.django_db

IM_FINAL = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)
ORGANISATION = {
    "name": "Eigene Projekt GmbH",
    "typ": "unternehmen",
    "strasse": "Hauptmarkt 1",
    "plz": "08056",
    "ort": "Zwickau",
}


def _url(sb):
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


def _eingaben(wert=5):
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    return {k.pk: Eingabe(wert, "sehr gut") for k in katalog.kriterien.filter(aktiv=True)}


def _formular(aktion="abschliessen", wert=5, version=0):
    daten = {"aktion": aktion, "version": version, "empfehlung": "priorisieren", "kommentar": ""}
    for k in Kriterienkatalog.objects.get(aktiv=True).kriterien.filter(aktiv=True):
        daten[f"wert_{k.pk}"] = wert
        daten[f"begruendung_{k.pk}"] = "herausragend"
    return daten


def _speichern(z, user, wert=5):
    version = Bewertung.objects.filter(zuweisung=z).values_list("version", flat=True).first()
    return services.bewertung_speichern(z, user, _eingaben(wert), "priorisieren", "", version or 0)


def _angriff(client, gs, angreifer) -> Steckbrief:
    """The attack with the Geschäftsstelle's grant: the grant in the admin, the
    organisation through the portal page, a complete Steckbrief for Zwickau finally
    submitted through the service (the automatic Zuweisung follows)."""
    client.force_login(gs)
    antwort = client.post(
        reverse("admin:konten_user_change", args=[angreifer.pk]), {"darf_einreichen": "on"}
    )
    assert antwort.status_code == 302
    client.force_login(angreifer)
    antwort = client.post(reverse("konten:organisation_anlegen"), ORGANISATION)
    assert antwort.status_code == 302
    org = Organisation.objects.get(name=ORGANISATION["name"])
    assert Mitgliedschaft.objects.get(user=angreifer).organisation == org
    sb = SteckbriefFactory(organisation=org, gebiete=[ZWICKAU], erstellt_von=angreifer)
    final_vollstaendig(sb)
    with time_machine.travel(IM_FINAL, tick=False):
        sb_services.final_einreichen(sb, angreifer)
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    return sb


# --- the attack, end to end ---------------------------------------------------------------


def test_without_the_grant_the_reviewer_cannot_even_found_an_organisation(client, wf_zwickau):
    client.force_login(wf_zwickau)
    antwort = client.post(reverse("konten:organisation_anlegen"), ORGANISATION, follow=True)
    assert antwort.redirect_chain[0] == (reverse("admin:index"), 302)
    assert "können keine Organisation anlegen" in antwort.content.decode()
    assert not Organisation.objects.exists()
    assert not Mitgliedschaft.objects.filter(user=wf_zwickau).exists()


def test_sole_reviewer_of_the_area_its_own_zuweisung_is_befangen_from_the_start(
    client, gs, wf_zwickau
):
    sb = _angriff(client, gs, wf_zwickau)
    z = zuweisung(sb, ZWICKAU)
    assert z.ist_befangen
    assert z.befangen_von is None
    assert z.befangen_grund.startswith("automatisch: alle aktiven Personen")
    assert "Mitglied der einreichenden Organisation" in z.befangen_grund
    eintrag = sb.audit.get(aktion="Befangenheit festgestellt")
    assert (eintrag.akteur, eintrag.neu) == (None, z.pruefer_name)
    assert eintrag.text == z.befangen_grund
    # The grant is in the account's admin history.
    assert LogEntry.objects.filter(object_id=str(wf_zwickau.pk), user=gs).exists()

    with pytest.raises(NichtErlaubt, match="Befangenheit"):
        _speichern(z, wf_zwickau)
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "automatisch festgestellt am" in seite
    assert 'name="aktion" value="abschliessen"' not in seite
    client.post(_url(sb), _formular())
    assert not Bewertung.objects.filter(zuweisung=z).exists()


def test_with_a_colleague_only_the_conflicted_reviewer_is_blocked(client, gs, wf_zwickau):
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin-zwickau@example.org")
    sb = _angriff(client, gs, wf_zwickau)
    z = zuweisung(sb, ZWICKAU)
    assert not z.ist_befangen  # the colleague scores for the Wirtschaftsförderung
    eintrag = sb.audit.get(aktion="Befangene Person gesperrt")
    assert eintrag.akteur is None
    assert wf_zwickau.email in eintrag.neu and kollegin.email not in eintrag.neu
    assert "Mitglied der einreichenden Organisation" in eintrag.text

    # Service: neither a draft nor 5 points on every criterion.
    with pytest.raises(NichtErlaubt, match="Ihr eigenes Projekt \\(Mitglied der einreichend"):
        _speichern(z, wf_zwickau)
    assert not Bewertung.objects.filter(zuweisung=z).exists()

    # Page: the notice instead of the form; the POST is refused with the reason.
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "Dieser Steckbrief ist Ihr eigenes Projekt (Mitglied der einreichenden" in seite
    assert "Andere Personen Ihrer Wirtschaftsförderung" in seite
    assert 'name="aktion" value="abschliessen"' not in seite
    assert 'class="bw-bewertungsformular"' not in seite
    assert 'value="befangen"' not in seite  # it would block the colleague
    antwort = client.post(_url(sb), _formular())
    assert antwort.status_code == 200
    assert "Ihr eigenes Projekt" in antwort.content.decode()
    assert not Bewertung.objects.filter(zuweisung=z).exists()

    # The colleague scores and finalises.
    client.force_login(kollegin)
    assert client.post(_url(sb), _formular(aktion="speichern", wert=2)).status_code == 302
    b = Bewertung.objects.get(zuweisung=z)
    # Finalising by the conflicted reviewer is refused, also for the colleague's draft.
    with pytest.raises(NichtErlaubt, match="eigenes Projekt"):
        services.bewertung_abschliessen(b, wf_zwickau, b.version)
    client.force_login(wf_zwickau)
    client.post(_url(sb), {**_formular(), "version": b.version})
    b.refresh_from_db()
    assert b.status == Bewertung.Status.ENTWURF
    assert set(b.einzeln.values_list("wert", flat=True)) == {2}
    client.force_login(kollegin)
    antwort = client.post(_url(sb), _formular(aktion="abschliessen", wert=2, version=b.version))
    assert antwort.status_code == 302
    b.refresh_from_db()
    assert b.status == Bewertung.Status.ABGESCHLOSSEN
    assert b.abgeschlossen_von == kollegin


def test_the_conflicted_reviewer_sees_no_scores_of_its_project(client, gs, wf_zwickau, settings):
    settings.BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS = False
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin-zwickau@example.org")
    sb = _angriff(client, gs, wf_zwickau)
    z = zuweisung(sb, ZWICKAU)
    b = _speichern(z, kollegin, wert=1)
    services.bewertung_abschliessen(b, kollegin, b.version)
    b.refresh_from_db()

    assert not regeln.darf_andere_sehen(wf_zwickau, None, sb)
    assert regeln.darf_andere_sehen(kollegin, b, sb)
    assert not regeln.bewertungen_fuer(wf_zwickau).filter(pk=b.pk).exists()
    assert regeln.bewertungen_fuer(kollegin).filter(pk=b.pk).exists()
    aktionen = set(regeln.protokoll_fuer(wf_zwickau, sb, None).values_list("aktion", flat=True))
    assert not aktionen & regeln.VERTRAULICHE_AKTIONEN

    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "Bei Ihrem eigenen Projekt sehen Sie die Bewertungen der anderen nicht." in seite
    assert 'id="bw-andere"' not in seite
    assert "Bewertung abgeschlossen" not in seite  # the colleague's audit entry
    liste = client.get(reverse("admin:bewertung_bewertung_changelist")).content.decode()
    assert sb.titel not in liste


def test_rueckfrage_and_befangenheit_of_the_area_are_refused(client, gs, wf_zwickau):
    wirtschaftsfoerderung(ZWICKAU, email="kollegin-zwickau@example.org")
    sb = _angriff(client, gs, wf_zwickau)
    z = zuweisung(sb, ZWICKAU)
    with pytest.raises(NichtErlaubt, match="eigenes Projekt"):
        services.rueckfrage_stellen(sb, wf_zwickau, "Bitte mehr Geld beantragen.")
    with pytest.raises(NichtErlaubt, match="eigenes Projekt"):
        services.befangenheit_erklaeren(z, wf_zwickau, "Ich möchte die Kollegin blockieren.")
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert 'value="rueckfrage"' not in seite
    sb.refresh_from_db()
    z.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    assert not z.ist_befangen


# --- Zuweisungen by name and later conflicts --------------------------------------------


def test_zuweisung_by_name_to_a_member_is_created_befangen_and_audited(client, gs):
    sb = final_sb(gebiete=[CHEMNITZ])
    person = wirtschaftsfoerderung(ZWICKAU, email="wf-mitglied@example.org")
    Mitgliedschaft.objects.create(user=person, organisation=sb.organisation)
    andere = wirtschaftsfoerderung(ZWICKAU, email="wf-unbeteiligt@example.org")

    anzahl, _ = services.pruefende_hinzufuegen([sb], gs, personen=[person, andere])
    assert anzahl == 2
    z = Zuweisung.objects.get(steckbrief=sb, pruefer=person)
    assert z.ist_befangen
    assert (z.befangen_von, z.befangen_grund) == (
        None,
        "automatisch: Mitglied der einreichenden Organisation",
    )
    assert not Zuweisung.objects.get(steckbrief=sb, pruefer=andere).ist_befangen
    eintrag = AuditEintrag.objects.get(steckbrief=sb, aktion="Befangenheit festgestellt")
    assert (eintrag.akteur, eintrag.neu, eintrag.text) == (None, str(person), z.befangen_grund)
    with pytest.raises(NichtErlaubt):
        _speichern(z, person)

    # The Geschäftsstelle sees it in the Steckbrief's inline and in the Zuweisungen.
    client.force_login(gs)
    seite = client.get(reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk]))
    assert "automatisch festgestellt am" in seite.content.decode()
    assert "Mitglied der einreichenden Organisation" in seite.content.decode()
    liste = client.get(reverse("admin:bewertung_zuweisung_changelist"), {"befangen": "automatisch"})
    assert list(liste.context["cl"].result_list) == [z]


def test_a_person_who_joins_the_organisation_later_is_blocked_when_scoring(client, gs):
    sb = final_sb(gebiete=[ZWICKAU])
    person = wirtschaftsfoerderung(ZWICKAU, email="spaeter@example.org")
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin-zwickau@example.org")
    z = zuweisung(sb, ZWICKAU)
    _speichern(z, person, wert=3)  # not conflicted yet
    Mitgliedschaft.objects.create(user=person, organisation=sb.organisation)

    with pytest.raises(NichtErlaubt, match="Mitglied der einreichenden Organisation"):
        _speichern(z, person)
    assert _speichern(z, kollegin, wert=4).version == 2
    client.force_login(gs)
    seite = client.get(reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk]))
    assert f"Eigenes Projekt, gesperrt: {escape(str(person))}" in seite.content.decode()


# --- the rule ------------------------------------------------------------------------------


def test_the_reasons_of_an_own_project(wf_zwickau):
    org = OrganisationFactory()
    fremd = SteckbriefFactory(ansprechperson_email="jemand@example.org")
    assert regeln.eigenes_projekt(wf_zwickau, fremd) is None
    faelle = {
        "hat den Steckbrief angelegt": SteckbriefFactory(organisation=org, erstellt_von=wf_zwickau),
        "hat den Steckbrief zuletzt bearbeitet": SteckbriefFactory(
            organisation=org, zuletzt_bearbeitet_von=wf_zwickau
        ),
        # Case-insensitive, the login address or a further address of the account.
        "als Ansprechperson des Steckbriefs genannt": SteckbriefFactory(
            organisation=org, ansprechperson_email="WF-Zwickau@Example.org"
        ),
    }
    zweite = SteckbriefFactory(organisation=org, ansprechperson_email="Privat@example.org")
    EmailAddress.objects.create(user=wf_zwickau, email="privat@example.org", verified=False)
    for grund, sb in faelle.items():
        assert regeln.eigenes_projekt(wf_zwickau, sb) == grund
    assert (
        regeln.eigenes_projekt(wf_zwickau, zweite) == "als Ansprechperson des Steckbriefs genannt"
    )
    # Partners are free text: a partner of the same name does not count.
    fremd.partner.create(name=str(wf_zwickau))
    assert regeln.eigenes_projekt(wf_zwickau, fremd) is None
    Mitgliedschaft.objects.create(user=wf_zwickau, organisation=org)
    mitglied_von = SteckbriefFactory(organisation=org)
    assert (
        regeln.eigenes_projekt(wf_zwickau, mitglied_von)
        == "Mitglied der einreichenden Organisation"
    )
    # The set-based form agrees.
    assert set(regeln.eigene_projekte(wf_zwickau)) == {*faelle.values(), zweite, mitglied_von}


def test_the_rule_reads_the_annotations_of_the_page_without_a_query(
    wf_zwickau, django_assert_num_queries
):
    sb = SteckbriefFactory(organisation=mitglied().mitgliedschaft.organisation)
    Mitgliedschaft.objects.create(user=wf_zwickau, organisation=sb.organisation)
    geladen = regeln.mit_eigenem_projekt(Steckbrief.objects.filter(pk=sb.pk), wf_zwickau).get()
    with django_assert_num_queries(0):
        assert regeln.eigenes_projekt(wf_zwickau, geladen) == regeln.MITGLIED
    # Annotated for somebody else: the rule asks the database itself.
    anderer = wirtschaftsfoerderung(CHEMNITZ)
    with django_assert_num_queries(1):
        assert regeln.eigenes_projekt(anderer, geladen) is None


@pytest.fixture
def eigenes_der_gs(gs):
    """A Steckbrief of an organisation a member of the Geschäftsstelle belongs to (granted
    to submit), fully reviewed by Zwickau."""
    from .conftest import bewertung_anlegen

    gs.darf_einreichen = True
    gs.save()
    sb = final_sb(gebiete=(ZWICKAU,), status=Status.IN_BEWERTUNG)
    Mitgliedschaft.objects.create(user=gs, organisation=sb.organisation)
    z = sb.zuweisungen.get()
    anzahl = Kriterienkatalog.objects.get(aktiv=True).kriterien.filter(aktiv=True).count()
    bewertung_anlegen(z, [5] * anzahl)
    return sb


def test_the_geschaeftsstelle_does_not_steer_its_own_project(gs, eigenes_der_gs):
    sb = eigenes_der_gs
    bewertung = Bewertung.objects.get(zuweisung__steckbrief=sb)
    versuche = [
        lambda: services.entscheiden(sb, gs, "priorisiert", "Passt gut."),
        lambda: services.bewertung_wieder_oeffnen(bewertung, gs, "Noch einmal ansehen"),
        lambda: services.frist_verlaengern([sb], gs, datetime.date(2099, 1, 1)),
        lambda: services.pruefende_hinzufuegen([sb], gs, personen=[gs]),
        lambda: services.zuweisung_entfernen(bewertung.zuweisung, gs),
        lambda: services.nachfrist_setzen(bewertung.zuweisung, gs, datetime.date(2099, 1, 1)),
    ]
    for versuch in versuche:
        with pytest.raises(NichtErlaubt, match="Ihr eigenes Vorhaben"):
            versuch()
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG and not sb.entscheidung


def test_a_colleague_of_the_geschaeftsstelle_decides_it(eigenes_der_gs):
    from tests.factories import geschaeftsstelle

    kollegin = geschaeftsstelle(email="kollegin@example.org")
    sb = services.entscheiden(eigenes_der_gs, kollegin, "priorisiert", "Passt gut.")
    assert sb.status == Status.ENTSCHIEDEN
