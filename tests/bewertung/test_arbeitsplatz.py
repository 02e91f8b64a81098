"""A reviewer's workbench (issue 13): the admin home with the own counts, the phase and the
next open Steckbriefe; the Steckbrief list as a to-do list; the scoring page's
„Abschließen und weiter“, autosave, error summary, live preview and shortcuts; the
extension hook for higher apps."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from bewertung import erweiterungen, services
from bewertung.models import Bewertung
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ZWICKAU, bewertung_anlegen, final_sb, phase_setzen, zuweisung

pytestmark = pytest.mark.django_db

LISTE = "admin:steckbriefe_steckbrief_changelist"


def bewerten_url(sb):
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


def _text(antwort) -> str:
    return antwort.content.decode()


@pytest.fixture
def arbeit(wf_zwickau):
    """Zwickau's Steckbriefe: one finalised, one draft, two open, one befangen, one
    withdrawn, one of Chemnitz only (visible? no: not in the area)."""
    fertig = final_sb(titel="Fertig")
    bewertung_anlegen(zuweisung(fertig, ZWICKAU), [3] * 12)
    entwurf = final_sb(titel="Angefangen")
    bewertung_anlegen(zuweisung(entwurf, ZWICKAU), [3] * 12, abgeschlossen=False)
    offen_a, offen_b = final_sb(titel="Offen A"), final_sb(titel="Offen B")
    befangen = final_sb(titel="Befangen")
    services.befangenheit_erklaeren(zuweisung(befangen, ZWICKAU), wf_zwickau, "Beirat")
    weg = final_sb(titel="Zurückgezogen")
    Steckbrief.objects.filter(pk=weg.pk).update(status=Status.ZURUECKGEZOGEN)
    nur_gebiet = final_sb(titel="Nur im Gebiet", zuweisen=False)
    return {
        "fertig": fertig,
        "entwurf": entwurf,
        "offen_a": offen_a,
        "offen_b": offen_b,
        "befangen": befangen,
        "weg": weg,
        "nur_gebiet": nur_gebiet,
    }


# --- admin home ------------------------------------------------------------------------------


def test_reviewer_home_shows_counts_phase_end_and_next_open_ones(client, wf_zwickau, arbeit):
    client.force_login(wf_zwickau)
    seite = _text(client.get(reverse("admin:index")))
    # The befangen one does not count as to be scored; the withdrawn and the unassigned
    # are not counted at all.
    assert (
        "1 von 4 abgeschlossen</strong>, 1 Entwurf, 2 nicht begonnen, 1 befangen oder "
        "eigenes Projekt." in seite
    )
    phase_ende = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"Die Bewertungsphase endet am <strong>{phase_ende}</strong>." in seite
    # The draft first, then the open ones; links to their scoring pages.
    start = seite.index("Als Nächstes")
    naechste = seite[start : seite.index("</ul>", start)]
    assert naechste.index("Angefangen") < naechste.index("Offen A") < naechste.index("Offen B")
    assert f'href="{bewerten_url(arbeit["entwurf"])}">Fortsetzen' in naechste
    assert f'href="{bewerten_url(arbeit["offen_a"])}">Bewerten' in naechste
    for nicht in ("Fertig", "Befangen", "Zurückgezogen", "Nur im Gebiet"):
        assert nicht not in naechste
    assert "recent-actions-module" not in seite


def test_geschaeftsstelle_home_keeps_the_app_list_without_workbench(client, gs, arbeit):
    client.force_login(gs)
    seite = _text(client.get(reverse("admin:index")))
    assert "Meine Bewertungen" not in seite
    assert "Bewertung" in seite


def test_reviewer_home_outside_the_phase_links_nothing_to_score(client, wf_zwickau, arbeit):
    phase_setzen(False)
    client.force_login(wf_zwickau)
    seite = _text(client.get(reverse("admin:index")))
    assert "Als Nächstes" not in seite
    assert "derzeit kann nur mit einer Nachfrist der Geschäftsstelle bewertet werden" in seite


@pytest.mark.parametrize("anzahl", [1, 40])
def test_reviewer_home_query_count(client, wf_zwickau, anzahl, django_assert_max_num_queries):
    for i in range(anzahl):
        final_sb(titel=f"Vorhaben {i}")
    client.force_login(wf_zwickau)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(12):
        antwort = client.get(reverse("admin:index"))
    assert f"0 von {anzahl} abgeschlossen" in _text(antwort)


# --- the Steckbrief list as a to-do list ---------------------------------------------------------


def _titel(antwort) -> list[str]:
    return sorted(sb.titel for sb in antwort.context["cl"].result_list)


def test_todo_list_default_is_assigned_without_withdrawn(client, wf_zwickau, arbeit):
    client.force_login(wf_zwickau)
    antwort = client.get(reverse(LISTE))
    assert _titel(antwort) == ["Angefangen", "Befangen", "Fertig", "Offen A", "Offen B"]
    alle = client.get(reverse(LISTE), {"meine": "alle"})
    assert "Zurückgezogen" in _titel(alle) and "Nur im Gebiet" in _titel(alle)


@pytest.mark.parametrize(
    ("wert", "titel"),
    [
        ("offen", ["Offen A", "Offen B"]),
        ("entwurf", ["Angefangen"]),
        ("abgeschlossen", ["Fertig"]),
        ("befangen", ["Befangen"]),
    ],
)
def test_todo_list_filter_meine_bewertung(client, wf_zwickau, arbeit, wert, titel):
    client.force_login(wf_zwickau)
    assert _titel(client.get(reverse(LISTE), {"meine": wert})) == titel


def test_todo_list_link_text_by_state_and_title_opens_scoring_page(client, wf_zwickau, arbeit):
    client.force_login(wf_zwickau)
    seite = _text(client.get(reverse(LISTE), {"meine": "alle"}))
    erwartet = {
        "offen_a": "Bewerten",
        "entwurf": "Fortsetzen",
        "fertig": "Ansehen",
        "befangen": "Ansehen",
        "nur_gebiet": "Ansehen",
        "weg": "Ansehen",
    }
    for name, text in erwartet.items():
        sb = arbeit[name]
        assert f'<a href="{bewerten_url(sb)}">{text}</a>' in seite, name
        # The title links to the scoring page as well (not the change form).
        assert f'<a href="{bewerten_url(sb)}">{sb.titel}<br>' in seite
    assert "/change/" not in seite.split('id="result_list"')[1].split("</table>")[0]


def test_own_project_gets_no_bewerten_link(client, arbeit):
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin@example.org")
    sb = final_sb(titel="Eigenes", ansprechperson_email="kollegin@example.org")
    client.force_login(kollegin)
    seite = _text(client.get(reverse(LISTE)))
    assert f'<a href="{bewerten_url(sb)}">Ansehen</a>' in seite
    assert "eigenes Projekt" in seite
    assert "Eigenes" in _titel(client.get(reverse(LISTE), {"meine": "befangen"}))


def test_outside_the_phase_the_scoring_page_explains(client, wf_zwickau, arbeit):
    """The list does not read the phase (its link texts follow the own Bewertung); the
    scoring page says why it cannot be scored now."""
    phase_setzen(False)
    client.force_login(wf_zwickau)
    seite = _text(client.get(reverse(LISTE)))
    assert f'<a href="{bewerten_url(arbeit["offen_a"])}">Bewerten</a>' in seite
    seite = _text(client.get(bewerten_url(arbeit["offen_a"])))
    assert "Bewertungen sind nur in der Bewertungsphase" in seite
    assert "Abschließen und weiter" not in seite


def test_geschaeftsstelle_list_unchanged(client, gs, arbeit):
    client.force_login(gs)
    antwort = client.get(reverse(LISTE))
    seite = _text(antwort)
    assert "Meine Bewertung" not in seite.split('id="changelist-filter"')[1][:3000]
    assert "column-entscheidung" in seite
    assert "Zurückgezogen" in _titel(antwort)
    sb = arbeit["fertig"]
    aendern = reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk])
    assert f'<a href="{aendern}">{sb.titel}<br>' in seite


# --- scoring page ---------------------------------------------------------------------------------


def _daten(sb, wert=3, **extra):
    katalog = services.aktiver_katalog()
    daten = {"version": "0", "empfehlung": "priorisieren", "kommentar": ""}
    for k in katalog.kriterien.filter(aktiv=True):
        daten[f"wert_{k.pk}"] = str(wert)
        daten[f"begruendung_{k.pk}"] = ""
    daten.update(extra)
    return daten


def test_finalise_and_go_on_to_the_next_open_one(client, wf_zwickau, arbeit):
    client.force_login(wf_zwickau)
    antwort = client.post(
        bewerten_url(arbeit["offen_a"]), _daten(arbeit["offen_a"], aktion="abschliessen_weiter")
    )
    assert antwort.status_code == 302
    # The draft comes first.
    assert antwort["Location"] == bewerten_url(arbeit["entwurf"])
    b = zuweisung(arbeit["offen_a"], ZWICKAU).bewertung
    assert b.status == Bewertung.Status.ABGESCHLOSSEN
    seite = _text(client.get(antwort["Location"]))
    assert "Ihre Bewertung von „Offen A“ ist abgeschlossen. Weiter mit dem nächsten" in seite


def test_finalise_and_go_on_when_nothing_is_left(client, wf_zwickau):
    sb = final_sb(titel="Einziger")
    client.force_login(wf_zwickau)
    antwort = client.post(bewerten_url(sb), _daten(sb, aktion="abschliessen_weiter"), follow=True)
    assert antwort.redirect_chain[-1][0] == bewerten_url(sb)
    assert "Es ist kein weiterer Steckbrief offen" in _text(antwort)


def test_failed_finalise_shows_an_error_summary_linking_the_fields(client, wf_zwickau):
    sb = final_sb()
    client.force_login(wf_zwickau)
    daten = _daten(sb, aktion="abschliessen")
    kriterien = list(services.aktiver_katalog().kriterien.filter(aktiv=True))
    daten[f"wert_{kriterien[0].pk}"] = ""
    daten[f"wert_{kriterien[1].pk}"] = "5"
    seite = _text(client.post(bewerten_url(sb), daten))
    assert 'id="bw-fehlerzusammenfassung" tabindex="-1" role="alert"' in seite
    zusammenfassung = seite.split('id="bw-fehlerzusammenfassung"')[1].split("</div>")[0]
    assert "2 Angaben fehlen oder sind ungültig" in zusammenfassung
    assert f'href="#id_wert_{kriterien[0].pk}_0"' in zusammenfassung
    assert f'href="#id_begruendung_{kriterien[1].pk}"' in zusammenfassung
    assert "Pflicht bei 5 Punkten" in zusammenfassung
    # The targets exist on the page.
    assert f'id="id_wert_{kriterien[0].pk}_0"' in seite
    assert f'id="id_begruendung_{kriterien[1].pk}"' in seite


def test_page_has_preview_shortcuts_and_its_own_script(client, wf_zwickau):
    sb = final_sb()
    client.force_login(wf_zwickau)
    seite = _text(client.get(bewerten_url(sb)))
    assert 'src="/static/bewertung/bewerten.js"' in seite
    assert 'id="bw-vorschau" aria-live="polite"' in seite
    assert "data-gewicht=" in seite and 'data-autosave="1"' in seite
    assert "Tastenkürzel" in seite and "<kbd>Alt</kbd>+<kbd>N</kbd>" in seite
    assert "Abschließen und weiter zum nächsten offenen Steckbrief" in seite


def test_autosave_saves_the_draft_and_answers_json(client, wf_zwickau):
    sb = final_sb()
    client.force_login(wf_zwickau)
    antwort = client.post(bewerten_url(sb), _daten(sb, wert=4, aktion="autosave"))
    assert antwort.status_code == 200
    inhalt = json.loads(antwort.content)
    assert inhalt["version"] == 1 and inhalt["punkte"] == "80,0"
    assert inhalt["meldung"].startswith("Entwurf automatisch gespeichert um")
    b = zuweisung(sb, ZWICKAU).bewertung
    assert b.status == Bewertung.Status.ENTWURF and b.punkte == 80
    # A stale version is a conflict: nothing saved.
    antwort = client.post(bewerten_url(sb), _daten(sb, wert=1, aktion="autosave"))
    assert antwort.status_code == 409
    assert "inzwischen" in json.loads(antwort.content)["fehler"]
    b.refresh_from_db()
    assert b.punkte == 80
    # Invalid input: 400, nothing saved.
    antwort = client.post(bewerten_url(sb), _daten(sb, wert=9, aktion="autosave", version="1"))
    assert antwort.status_code == 400


def test_autosave_refused_for_others_and_when_befangen(client, wf_zwickau, wf_chemnitz):
    sb = final_sb()
    client.force_login(wf_chemnitz)
    assert client.post(bewerten_url(sb), _daten(sb, aktion="autosave")).status_code in {403, 404}
    services.befangenheit_erklaeren(zuweisung(sb, ZWICKAU), wf_zwickau, "Beirat")
    client.force_login(wf_zwickau)
    antwort = client.post(bewerten_url(sb), _daten(sb, aktion="autosave"))
    assert antwort.status_code == 403
    assert not Bewertung.objects.exists()


def test_autosave_of_a_finalised_bewertung_is_refused(client, wf_zwickau):
    sb = final_sb()
    b = bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12)
    client.force_login(wf_zwickau)
    antwort = client.post(
        bewerten_url(sb), _daten(sb, wert=1, aktion="autosave", version=str(b.version))
    )
    assert antwort.status_code == 403
    b.refresh_from_db()
    assert b.punkte == 60
    assert not AuditEintrag.objects.filter(steckbrief=sb, aktion="Bewertung geändert").exists()


# --- extension hook --------------------------------------------------------------------------


def test_registered_sections_appear_below_the_steckbrief_in_order(client, wf_zwickau, gs):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    gesehen = []

    def erster(steckbrief, benutzer):
        gesehen.append((steckbrief.pk, benutzer.pk))
        return format_html("<section id='erster'>Erster für {}</section>", benutzer.email)

    def leer(steckbrief, benutzer):
        return ""

    def zweiter(steckbrief, benutzer):
        return format_html("<section id='zweiter'>Zweiter {}</section>", "<b>")

    for f in (erster, leer, zweiter):
        erweiterungen.abschnitt_registrieren(f)
    erweiterungen.abschnitt_registrieren(erster)  # twice: once
    try:
        client.force_login(wf_zwickau)
        seite = _text(client.get(bewerten_url(sb)))
    finally:
        for f in (erster, leer, zweiter):
            erweiterungen.abschnitt_entfernen(f)
    panel = seite.split('<section class="bw-steckbrief"')[1].split("</section>\n\n<section")[0]
    assert panel.index("Erster für wf-zwickau@example.org") < panel.index("Zweiter &lt;b&gt;")
    assert panel.count("Erster für") == 1
    assert gesehen == [(sb.pk, wf_zwickau.pk)]


def test_unsafe_section_output_is_refused(monkeypatch):
    def unsicher(steckbrief, benutzer):
        return "<script>alert(1)</script>"

    monkeypatch.setattr(erweiterungen, "_abschnitte", [])  # only this one
    erweiterungen.abschnitt_registrieren(unsicher)
    with pytest.raises(TypeError, match="sicheres HTML"):
        erweiterungen.abschnitte(None, None)


def test_home_counts_in_one_query_each(client, wf_zwickau):
    final_sb()
    client.force_login(wf_zwickau)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as abfragen:
        client.get(reverse("admin:index"))
    arbeit = [q for q in abfragen.captured_queries if "steckbriefe_steckbrief" in q["sql"]]
    assert len(arbeit) == 2  # the counts, the next open ones
