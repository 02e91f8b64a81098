"""Calls as data (handlungsfelder.Aufruf): the migrated calls, the phase readers, the home
page's open calls with countdown, the call page, and the call admin."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from handlungsfelder.models import STANDARD_AUFRUF, Aufruf, AufrufPhase, Prozessphase
from handlungsfelder.phasen import aufruf_offen, aufrufstand, einreichungsschluss, mit_phasen
from tests.factories import SteckbriefFactory, geschaeftsstelle, ideenaufruf, wirtschaftsfoerderung

pytestmark = pytest.mark.django_db


def _um(tag: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{tag}T10:00+01:00"), tick=False)


def test_migration_loads_both_calls_and_links_the_steckbrief_phases():
    masterplan = Aufruf.objects.get(slug=STANDARD_AUFRUF)
    assert masterplan.name == "Masterplan-Projekte 2026"
    assert masterplan.format == "projektsteckbrief" and masterplan.teilnehmende == "organisationen"
    phasen = list(masterplan.phasen.select_related("prozessphase").order_by("prozessphase__beginn"))
    assert [p.prozessphase.code for p in phasen] == ["vorlaeufig", "final", "bewertung"]
    assert [p.nimmt_einreichungen for p in phasen] == [True, True, False]
    ideen = Aufruf.objects.get(slug="industrie-neu-denken-2026")
    assert ideen.format == "ideenwettbewerb" and ideen.teilnehmende == "personen"
    assert einreichungsschluss(ideen) == datetime.date(2026, 5, 20)


def test_steckbriefe_belong_to_the_masterplan_call_by_default():
    sb = SteckbriefFactory()
    sb.refresh_from_db()
    assert sb.aufruf_id == STANDARD_AUFRUF
    assert sb.aufruf.name == "Masterplan-Projekte 2026"


def test_the_steckbrief_call_follows_the_prozessphasen_dates():
    masterplan = Aufruf.objects.get(slug=STANDARD_AUFRUF)
    Prozessphase.objects.filter(code="final").update(ende=datetime.date(2026, 9, 15))
    assert einreichungsschluss(masterplan) == datetime.date(2026, 9, 15)
    assert aufruf_offen(masterplan, datetime.date(2026, 9, 10))


@pytest.mark.parametrize(
    ("tag", "offen", "schluss", "abgeschlossen"),
    [
        ("2025-12-31", False, datetime.date(2026, 5, 20), False),
        ("2026-01-01", True, datetime.date(2026, 5, 20), False),
        ("2026-05-20", True, datetime.date(2026, 5, 20), False),
        ("2026-05-21", False, None, True),
    ],
)
def test_readers_of_a_calls_own_phases(tag, offen, schluss, abgeschlossen):
    ideen = Aufruf.objects.get(slug="industrie-neu-denken-2026")
    heute = datetime.date.fromisoformat(tag)
    stand = aufrufstand(ideen, heute)
    assert aufruf_offen(ideen, heute) is offen
    assert stand.schluss == schluss
    assert stand.abgeschlossen is abgeschlossen


def test_a_phase_needs_its_dates_or_a_prozessphase():
    from django.core.exceptions import ValidationError

    aufruf = Aufruf.objects.get(slug="industrie-neu-denken-2026")
    with pytest.raises(ValidationError):
        AufrufPhase(aufruf=aufruf, name="x", beginn=datetime.date(2026, 2, 1)).full_clean()
    with pytest.raises(ValidationError):
        AufrufPhase(
            aufruf=aufruf,
            name="x",
            beginn=datetime.date(2026, 2, 1),
            ende=datetime.date(2026, 1, 1),
        ).full_clean()


def test_home_page_lists_open_calls_with_deadline_and_countdown(client):
    with _um("2026-05-08"):
        html = client.get(reverse("start")).content.decode()
    assert "Offene Aufrufe" in html
    assert "Industrie.Neu.Denken 2026" in html
    assert "Einreichung bis 20.05.2026</strong> – noch 12 Tage" in html
    assert "Einreichung bis 31.08.2026</strong> – noch 115 Tage" in html  # the Steckbrief call
    assert reverse("ideen:neu", args=["industrie-neu-denken-2026"]) in html
    # The Steckbrief section is unchanged below it.
    assert "Aktuelle Phase" in html and 'id="countdown"' in html


def test_home_page_after_every_deadline_says_no_call_is_open(client):
    with _um("2026-10-01"):
        html = client.get(reverse("start")).content.decode()
    assert "Zurzeit nimmt kein Aufruf Einreichungen an." in html
    assert "Industrie.Neu.Denken 2026</a> (abgeschlossen)" in html


def test_home_page_counts_the_last_day(client):
    with _um("2026-05-20"):
        html = client.get(reverse("start")).content.decode()
    assert "Einreichung bis 20.05.2026</strong> – nur noch heute" in html


def test_call_page_says_what_who_until_when_and_how(client):
    with _um("2026-05-08"):
        response = client.get(reverse("aufruf", args=["industrie-neu-denken-2026"]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Worum geht es?",
        "keine Geschäftspläne",
        "Wer kann teilnehmen?",
        "Gründende und Forschende",
        "Wie wird bewertet?",
        "Innovationsgrad",
        "Einreichung bis 20.05.2026</strong> – noch 12 Tage",
        "Einzelpersonen und Teams",
        "Idee einreichen",
    ]:
        assert text in html


def test_a_closed_call_says_so_and_what_comes_next(client):
    with _um("2026-06-01"):
        html = client.get(reverse("aufruf", args=["industrie-neu-denken-2026"])).content.decode()
    assert "Dieser Aufruf ist abgeschlossen." in html
    assert "Wie geht es weiter?" in html and "zum Pitch" in html
    assert "Jetzt läuft: <strong>Bewertung durch die Jury</strong>" in html
    assert "Idee einreichen" not in html


def test_a_call_before_its_submission_phase_says_when_it_begins(client):
    ideenaufruf(slug="bald", beginn=5, ende=40)
    html = client.get(reverse("aufruf", args=["bald"])).content.decode()
    assert "Die Einreichung beginnt am" in html


def test_unpublished_or_unknown_calls_are_not_found(client):
    ideenaufruf(slug="geheim", veroeffentlicht=False)
    assert client.get(reverse("aufruf", args=["geheim"])).status_code == 404
    assert client.get(reverse("aufruf", args=["gibt-es-nicht"])).status_code == 404
    assert "geheim" not in client.get(reverse("start")).content.decode()


@pytest.mark.parametrize("anzahl", [1, 8])
def test_home_and_call_page_query_counts_do_not_grow_with_calls(
    client, django_assert_max_num_queries, anzahl
):
    for i in range(anzahl):
        ideenaufruf(slug=f"runde-{i}")
    with django_assert_max_num_queries(6):
        html = client.get(reverse("start")).content.decode()
    assert html.count('class="card h-100 aufruf-karte"') >= anzahl
    with django_assert_max_num_queries(4):
        assert client.get(reverse("aufruf", args=["runde-0"])).status_code == 200


def test_readers_ask_nothing_more_with_prefetched_phases(django_assert_num_queries):
    for i in range(3):
        ideenaufruf(slug=f"r{i}")
    with django_assert_num_queries(2):  # the calls, their phases with the Prozessphasen
        aufrufe = list(mit_phasen(Aufruf.objects.all()))
        for a in aufrufe:
            aufrufstand(a)
            einreichungsschluss(a)


def test_geschaeftsstelle_enters_a_next_round_with_its_phases_in_the_admin(client):
    client.force_login(geschaeftsstelle())
    daten = {
        "name": "Fachkräfte 2027",
        "slug": "fachkraefte-2027",
        "format": "ideenwettbewerb",
        "teilnehmende": "personen",
        "veroeffentlicht": "on",
        "reihenfolge": "40",
        "kurzbeschreibung": "Ideen gegen den Fachkräftemangel.",
        "beschreibung": "Text.",
        "zielgruppe": "Alle.",
        "bewertungsverfahren": "Jury.",
        "naechste_schritte": "",
        "phasen-TOTAL_FORMS": "1",
        "phasen-INITIAL_FORMS": "0",
        "phasen-MIN_NUM_FORMS": "0",
        "phasen-MAX_NUM_FORMS": "1000",
        "phasen-0-name": "Einreichung",
        "phasen-0-beginn": "01.02.2027",
        "phasen-0-ende": "30.04.2027",
        "phasen-0-nimmt_entwuerfe": "on",
        "phasen-0-nimmt_einreichungen": "on",
        "phasen-0-beschreibung": "",
    }
    response = client.post(reverse("admin:handlungsfelder_aufruf_add"), daten)
    assert response.status_code == 302, response.content.decode()[:3000]
    aufruf = Aufruf.objects.get(slug="fachkraefte-2027")
    assert einreichungsschluss(aufruf) == datetime.date(2027, 4, 30)
    seite = client.get(reverse("admin:handlungsfelder_aufruf_change", args=[aufruf.pk]))
    assert seite.status_code == 200
    # slug and format are fixed once the call exists; calls are not deleted
    assert 'name="slug"' not in seite.content.decode()
    assert (
        client.get(reverse("admin:handlungsfelder_aufruf_delete", args=[aufruf.pk])).status_code
        == 403
    )
    liste = client.get(reverse("admin:handlungsfelder_aufruf_changelist")).content.decode()
    assert "30.04.2027" in liste


def test_wirtschaftsfoerderung_does_not_edit_calls(client):
    client.force_login(wirtschaftsfoerderung())
    assert client.get(reverse("admin:handlungsfelder_aufruf_changelist")).status_code == 403


def test_the_deadline_runs_through_submission_phases_without_a_gap():
    masterplan = Aufruf.objects.get(slug=STANDARD_AUFRUF)
    # in the vorläufige phase, new Steckbriefe can be submitted until the end of the final
    assert aufrufstand(masterplan, datetime.date(2026, 2, 1)).schluss == datetime.date(2026, 8, 31)
    assert aufrufstand(masterplan, datetime.date(2025, 12, 1)).schluss == datetime.date(2026, 8, 31)
    Prozessphase.objects.filter(code="final").update(beginn=datetime.date(2026, 4, 15))
    assert aufrufstand(masterplan, datetime.date(2026, 2, 1)).schluss == datetime.date(2026, 3, 31)


def test_the_steckbrief_calls_linked_phases_cannot_be_changed_in_the_call_admin(client):
    """Dates and flags of the Projektsteckbrief call come from the Prozessphasen and the
    Steckbrief rules; a posted change of them is ignored."""
    client.force_login(geschaeftsstelle())
    masterplan = Aufruf.objects.get(slug=STANDARD_AUFRUF)
    phasen = list(masterplan.phasen.order_by("pk"))
    daten = {
        "name": masterplan.name,
        "teilnehmende": masterplan.teilnehmende,
        "veroeffentlicht": "on",
        "reihenfolge": "10",
        "kurzbeschreibung": masterplan.kurzbeschreibung,
        "beschreibung": masterplan.beschreibung,
        "zielgruppe": masterplan.zielgruppe,
        "bewertungsverfahren": masterplan.bewertungsverfahren,
        "naechste_schritte": masterplan.naechste_schritte,
        "phasen-TOTAL_FORMS": str(len(phasen)),
        "phasen-INITIAL_FORMS": str(len(phasen)),
        "phasen-MIN_NUM_FORMS": "0",
        "phasen-MAX_NUM_FORMS": "1000",
    }
    for i, p in enumerate(phasen):
        daten |= {
            f"phasen-{i}-id": str(p.pk),
            f"phasen-{i}-aufruf": str(masterplan.pk),
            f"phasen-{i}-name": p.name,
            f"phasen-{i}-beginn": "01.01.2030",
            f"phasen-{i}-ende": "31.12.2030",
            f"phasen-{i}-nimmt_einreichungen": "on",
            f"phasen-{i}-beschreibung": p.beschreibung,
        }
    antwort = client.post(
        reverse("admin:handlungsfelder_aufruf_change", args=[masterplan.pk]), daten
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    nachher = {p.pk: p for p in masterplan.phasen.all()}
    for p in phasen:
        assert nachher[p.pk].beginn is None and nachher[p.pk].ende is None
        assert nachher[p.pk].nimmt_einreichungen == p.nimmt_einreichungen
    assert einreichungsschluss(masterplan) == datetime.date(2026, 8, 31)
