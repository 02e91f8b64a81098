"""Ideas of the Ideenwettbewerb in the similarity: profiled and paired with Steckbriefe and
with each other (reasons in words), recomputed when an idea is submitted or withdrawn, and
shown by role: the Geschäftsstelle names them, reviewers count them, submitters learn
nothing."""

import pytest
from django.urls import reverse

from handlungsfelder.models import Gebietskoerperschaft
from ideen import services as ideen_services
from ideen.models import Status as IdeeStatus
from ideen.models import TeamMitglied
from kooperation import berechnung
from kooperation.anzeige import (
    aehnliche_abschnitt,
    aehnliche_idee_abschnitt,
    aehnliche_verweis_idee,
)
from kooperation.models import Ideenaehnlichkeit, Ideenprofil, IdeenSchlagwort
from steckbriefe.models import Status, Steckbrief
from tests.factories import UserFactory, idee, ideenaufruf, mitglied, wirtschaftsfoerderung

from .helfer import eingereicht

pytestmark = pytest.mark.django_db

ZWICKAU = "14524"

ABWAERME = dict(
    titel="Abwärme aus der Industrie für das Nahwärmenetz",
    kernsatz="Ein Wärmetauscher-Modul macht die Abwärme kleiner Betriebe für ein "
    "Nahwärmenetz nutzbar.",
    problem="Die Abwärme der Industrie geht verloren, Wärmenetze fehlt günstige Wärme.",
    loesung="Steckbares Modul mit Wärmepumpe, das Abwärme ins Wärmenetz einspeist.",
    regionsbezug="Pilot mit Betrieben im Landkreis Zwickau.",
    unterstuetzung="Kontakte zu Stadtwerken und einem Wärmenetz.",
)


def _idee(
    aufruf, titel=None, status=IdeeStatus.EINGEREICHT, ags=ZWICKAU, team="Theo Tüftler", **felder
):
    werte = {**ABWAERME, **felder}
    if titel:
        werte["titel"] = titel
    i = idee(
        aufruf,
        UserFactory(),
        status=status,
        gebietskoerperschaft=Gebietskoerperschaft.objects.get(ags=ags) if ags else None,
        **werte,
    )
    TeamMitglied.objects.filter(idee=i).update(name=team)
    return i


@pytest.fixture
def aufruf():
    return ideenaufruf(slug="ideen-koop")


@pytest.fixture
def daten(aufruf):
    # 5 Wärmenetz Zwickau, 6 Erzgebirge, 8 Chemnitz; other themes for a real idf.
    sbs = {n: eingereicht(n) for n in [5, 6, 8, 1, 2, 9, 10, 41]}
    ideen = {
        "abwaerme": _idee(aufruf),
        "zwilling": _idee(aufruf, titel="Abwärme-Modul für Wärmenetze in Zwickau"),
        "fremd": _idee(
            aufruf,
            titel="Sensorhaut für Greifer",
            kernsatz="Eine Folie gibt Greifern Tastsinn.",
            problem="Empfindliche Teile lassen sich nicht greifen.",
            loesung="Gedruckte Sensorfolie mit Auswertung in der Folie.",
            regionsbezug="Entstanden an der TU Chemnitz.",
            unterstuetzung="",
            ags="14511",
            team="Rita Robotik",
        ),
        "entwurf": _idee(aufruf, titel="Abwärme-Entwurf", status=IdeeStatus.ENTWURF),
    }
    berechnung.alle_neu_berechnen()
    return sbs, ideen


def _von_idee(i):
    return Ideenaehnlichkeit.objects.filter(idee=i)


def test_an_idea_and_a_steckbrief_are_paired_both_ways_with_reasons(daten):
    sbs, ideen = daten
    zeile = _von_idee(ideen["abwaerme"]).get(anderer=sbs[5])
    assert "abwärme" in zeile.begriffe and "wärmenetz" in zeile.begriffe.replace("wärmenetzes", "")
    assert zeile.region == "gleich" and zeile.gebiete == ZWICKAU
    assert zeile.zieldimensionen == "" and zeile.wert_ziele == 0  # ideas have none
    zurueck = Ideenaehnlichkeit.objects.get(steckbrief=sbs[5], andere_idee=ideen["abwaerme"])
    assert zurueck.wert == pytest.approx(zeile.wert)
    # The Wärmenetz Steckbriefe come first among the idea's Steckbriefe.
    beste = list(_von_idee(ideen["abwaerme"]).filter(anderer__isnull=False).order_by("-wert"))
    assert beste[0].anderer_id in {sbs[5].pk, sbs[6].pk, sbs[8].pk}
    # A theme of its own is not a neighbour of the Wärmenetz ideas.
    assert not _von_idee(ideen["abwaerme"]).filter(andere_idee=ideen["fremd"], wert__gte=0.12)


def test_two_ideas_are_paired_with_the_shared_team_member(daten):
    _, ideen = daten
    zeile = _von_idee(ideen["abwaerme"]).get(andere_idee=ideen["zwilling"])
    assert zeile.partner == "theo tüftler"
    assert zeile.wert > 0.3


def test_drafts_take_no_part(daten):
    _, ideen = daten
    assert not Ideenprofil.objects.filter(idee=ideen["entwurf"]).exists()
    assert not Ideenaehnlichkeit.objects.filter(andere_idee=ideen["entwurf"]).exists()
    assert Ideenprofil.objects.count() == 3
    assert IdeenSchlagwort.objects.filter(idee=ideen["abwaerme"]).exists()


def test_the_steckbrief_pairs_stay_among_steckbriefe(daten):
    from kooperation.models import Aehnlichkeit

    sbs, _ = daten
    assert Aehnlichkeit.objects.filter(steckbrief=sbs[5], anderer=sbs[6]).exists()
    # At most NACHBARN ideas per Steckbrief, apart from its Steckbriefe.
    assert Ideenaehnlichkeit.objects.filter(steckbrief=sbs[5]).count() <= 10


def test_the_update_of_one_idea_finds_the_same_pairs_as_the_full_run(daten, aufruf):
    sbs, ideen = daten
    neu = _idee(aufruf, titel="Industrielle Abwärme für Wärmenetze im Erzgebirge", ags="14521")
    assert berechnung.idee_aktualisieren(neu.pk) is True
    assert berechnung.idee_aktualisieren(neu.pk) is False  # unchanged: a no-op
    einzeln = {(z.anderer_id, z.andere_idee_id): round(z.wert, 6) for z in _von_idee(neu)}
    assert (sbs[6].pk, None) in einzeln  # Erzgebirge Wärmenetz
    assert (None, ideen["abwaerme"].pk) in einzeln
    assert Ideenaehnlichkeit.objects.filter(idee=ideen["abwaerme"], andere_idee=neu).exists()
    assert Ideenaehnlichkeit.objects.filter(steckbrief=sbs[6], andere_idee=neu).exists()
    berechnung.alle_neu_berechnen()
    voll = {(z.anderer_id, z.andere_idee_id) for z in _von_idee(neu)}
    assert set(einzeln) == voll


def test_submitting_an_idea_profiles_it_after_commit(
    aufruf, django_capture_on_commit_callbacks, mailoutbox
):
    sb = eingereicht(5)
    eingereicht(1)
    berechnung.alle_neu_berechnen()
    i = _idee(aufruf, status=IdeeStatus.ENTWURF)
    with django_capture_on_commit_callbacks(execute=False) as rueckrufe:
        ideen_services.einreichen(i, i.eigentuemer)
    assert not Ideenprofil.objects.filter(idee=i).exists()  # not before the commit
    for rueckruf in rueckrufe:
        rueckruf()
    assert Ideenaehnlichkeit.objects.filter(idee=i, anderer=sb).exists()
    assert Ideenaehnlichkeit.objects.filter(steckbrief=sb, andere_idee=i).exists()


def test_a_withdrawn_idea_drops_out(daten, django_capture_on_commit_callbacks):
    sbs, ideen = daten
    i = ideen["abwaerme"]
    assert Ideenaehnlichkeit.objects.filter(andere_idee=i).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ideen_services.zurueckziehen(i, i.eigentuemer, "Passt nicht mehr")
    assert not Ideenprofil.objects.filter(idee=i).exists()
    assert not Ideenaehnlichkeit.objects.filter(andere_idee=i).exists()
    assert not Ideenaehnlichkeit.objects.filter(idee=i).exists()
    assert not IdeenSchlagwort.objects.filter(idee=i).exists()


def test_a_withdrawn_steckbrief_leaves_the_ideas_lists(daten):
    sbs, ideen = daten
    Steckbrief.objects.filter(pk=sbs[5].pk).update(status=Status.ZURUECKGEZOGEN)
    assert berechnung.aktualisieren(sbs[5].pk) is True
    assert not Ideenaehnlichkeit.objects.filter(anderer=sbs[5]).exists()
    assert not Ideenaehnlichkeit.objects.filter(steckbrief=sbs[5]).exists()


def test_a_broker_that_is_down_does_not_fail_the_idea(monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    from kooperation import signale, tasks

    def kaputt(*args, **kwargs):
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(tasks.idee_aehnlichkeit_aktualisieren, "delay", kaputt)
    assert signale.idee_einreihen(4711) is False
    assert "Broker nicht erreichbar" in caplog.text


# --- who sees what --------------------------------------------------------------------------


def test_the_geschaeftsstelle_sees_similar_ideas_on_the_steckbrief(daten, geschaeftsstelle_user):
    sbs, ideen = daten
    html = aehnliche_abschnitt(sbs[5], geschaeftsstelle_user)
    assert "Ähnliche Ideen aus dem Ideenwettbewerb" in html
    assert f"Idee: {ideen['abwaerme'].titel}" in html
    assert reverse("kooperation:aehnliche_idee", args=[ideen["abwaerme"].pk]) in html
    assert "Gleiche Gebietskörperschaft: Landkreis Zwickau" in html
    assert ideen["entwurf"].titel not in html


def test_a_reviewer_only_counts_similar_ideas(daten):
    sbs, ideen = daten
    sbs[5].zuweisungen.all()  # scope: the Wirtschaftsförderung of the Steckbrief's area
    html = aehnliche_abschnitt(sbs[5], wirtschaftsfoerderung(ZWICKAU))
    anzahl = Ideenaehnlichkeit.objects.filter(steckbrief=sbs[5], wert__gte=0.12).count()
    assert anzahl >= 2
    assert f"{anzahl} ähnliche Ideen aus dem Ideenwettbewerb" in html
    for i in ideen.values():
        assert i.titel not in html
    assert "/kooperation/idee/" not in html


def test_submitters_learn_nothing_about_ideas(daten):
    sbs, ideen = daten
    eigen = mitglied(sbs[5].organisation)
    html = aehnliche_abschnitt(sbs[5], eigen)
    assert html  # they see their own Steckbrief's panel
    assert "Idee" not in html and "Ideenwettbewerb" not in html
    # Nor does an idea's owner see the Steckbriefe similar to it.
    assert aehnliche_idee_abschnitt(ideen["abwaerme"], ideen["abwaerme"].eigentuemer) == ""


def test_the_idea_panel_names_steckbriefe_and_ideas(daten, geschaeftsstelle_user):
    sbs, ideen = daten
    html = aehnliche_idee_abschnitt(ideen["abwaerme"], geschaeftsstelle_user)
    assert sbs[5].titel in html and sbs[5].get_absolute_url() in html
    assert f"Idee: {ideen['zwilling'].titel}" in html
    assert "Gemeinsame Namen (Team, Partner): theo tüftler" in html
    assert ideen["fremd"].titel not in html
    assert "Steckbriefe" in html and "Ideen" in html


def test_the_idea_frame(daten, geschaeftsstelle_user):
    _, ideen = daten
    url = reverse("kooperation:aehnliche_idee", args=[ideen["abwaerme"].pk])
    html = aehnliche_verweis_idee(ideen["abwaerme"], geschaeftsstelle_user)
    assert f'data-teil-url="{url}?teil=1"' in html and f'href="{url}"' in html
    assert aehnliche_verweis_idee(ideen["abwaerme"], wirtschaftsfoerderung(ZWICKAU)) == ""
    assert aehnliche_verweis_idee(ideen["abwaerme"], ideen["abwaerme"].eigentuemer) == ""


def test_the_idea_page_by_role(client, daten, geschaeftsstelle_user):
    sbs, ideen = daten
    url = reverse("kooperation:aehnliche_idee", args=[ideen["abwaerme"].pk])
    assert client.get(url).status_code == 302  # to the login
    for person in (
        ideen["abwaerme"].eigentuemer,
        mitglied(sbs[5].organisation),
        wirtschaftsfoerderung(ZWICKAU),
    ):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(geschaeftsstelle_user)
    antwort = client.get(url)
    assert antwort.status_code == 200 and antwort["Cache-Control"] == "private, no-store"
    seite = antwort.content.decode()
    assert ideen["abwaerme"].titel in seite and sbs[5].titel in seite
    assert reverse("ideen:als_steckbrief", args=[ideen["abwaerme"].pk]) in seite
    teil = client.get(url, {"teil": 1}).content.decode()
    assert teil.lstrip().startswith('<section class="koop-aehnliche"')
    # A draft is its people's only; an unknown id is not found.
    entwurf = reverse("kooperation:aehnliche_idee", args=[ideen["entwurf"].pk])
    assert client.get(entwurf).status_code == 404
    assert client.get(reverse("kooperation:aehnliche_idee", args=[999999])).status_code == 404


@pytest.mark.parametrize("weitere", [1, 8])
def test_query_counts_of_the_panels_with_ideas(
    aufruf, geschaeftsstelle_user, django_assert_max_num_queries, client, weitere
):
    sb = eingereicht(5)
    eingereicht(6)
    eingereicht(1)
    erste = _idee(aufruf)
    for n in range(weitere):
        _idee(aufruf, titel=f"Abwärme-Modul Variante {n}")
    berechnung.alle_neu_berechnen()
    wf = wirtschaftsfoerderung(ZWICKAU)
    for person in (geschaeftsstelle_user, wf):
        person = type(person).objects.get(pk=person.pk)
        with django_assert_max_num_queries(7):
            aehnliche_abschnitt(sb, person)
    gs = type(geschaeftsstelle_user).objects.get(pk=geschaeftsstelle_user.pk)
    with django_assert_max_num_queries(3):  # the role, the rows, the region names
        html = aehnliche_idee_abschnitt(erste, gs)
    assert html.count("Idee: ") == min(weitere, 5)
    client.force_login(geschaeftsstelle_user)
    with django_assert_max_num_queries(6):
        antwort = client.get(reverse("kooperation:aehnliche_idee", args=[erste.pk]))
    assert antwort.status_code == 200


def test_the_idea_page_links_the_steckbrief_made_of_it(client, daten, geschaeftsstelle_user):
    from ideen.uebernahme import als_steckbrief_uebernehmen
    from tests.factories import OrganisationFactory
    from tests.sicherheit.matrix import _phasen_um_heute

    _, ideen = daten
    _phasen_um_heute()
    i = ideen["abwaerme"]
    from konten.models import Mitgliedschaft

    Mitgliedschaft.objects.create(user=i.eigentuemer, organisation=OrganisationFactory())
    sb = als_steckbrief_uebernehmen(i, geschaeftsstelle_user)
    client.force_login(geschaeftsstelle_user)
    seite = client.get(reverse("kooperation:aehnliche_idee", args=[i.pk])).content.decode()
    assert f"Steckbrief Nr. {sb.pk}" in seite and sb.get_absolute_url() in seite
    assert reverse("ideen:als_steckbrief", args=[i.pk]) not in seite
