import datetime

import pytest
import time_machine
from django.urls import reverse

from handlungsfelder.models import Prozessphase, Seite
from handlungsfelder.phasen import prozessstand

pytestmark = pytest.mark.django_db


def test_start_page_explains_process_and_lists_handlungsfelder(client):
    response = client.get(reverse("start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projektsteckbriefe für den Masterplan" in html
    assert "Aktuelle Phase" in html
    for name in ["Wirtschaft", "Infrastruktur und Mobilität", "Öffentliche Daseinsvorsorge"]:
        assert name in html
    assert 'lang="de"' in html
    assert 'href="#inhalt"' in html  # skip link
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


@pytest.mark.parametrize(
    ("heute", "phase_name", "zeitraum", "hinweis"),
    [
        ("2025-12-31", None, None, "Die nächste Phase „Unverbindliche Sammlung"),
        (
            "2026-01-01",
            "Unverbindliche Sammlung",
            "01.01.2026 bis 31.03.2026",
            "vorläufigen, unverbindlichen",
        ),
        (
            "2026-03-31",
            "Unverbindliche Sammlung",
            "01.01.2026 bis 31.03.2026",
            "vorläufigen, unverbindlichen",
        ),
        (
            "2026-04-01",
            "Ergänzung zum finalen",
            "01.04.2026 bis 31.08.2026",
            "direkt final einreichen",
        ),
        (
            "2026-08-31",
            "Ergänzung zum finalen",
            "01.04.2026 bis 31.08.2026",
            "direkt final einreichen",
        ),
        (
            "2026-09-01",
            "Bewertung der eingegangenen",
            "01.09.2026 bis 31.12.2026",
            "Einreichungsfrist ist abgelaufen",
        ),
        (
            "2026-12-31",
            "Bewertung der eingegangenen",
            "01.09.2026 bis 31.12.2026",
            "Einreichungsfrist ist abgelaufen",
        ),
        ("2027-01-01", None, None, "Alle Phasen dieser Runde sind abgeschlossen"),
    ],
)
def test_start_page_shows_phase_for_date(client, heute, phase_name, zeitraum, hinweis):
    with time_machine.travel(
        datetime.datetime.fromisoformat(f"{heute}T10:00:00+01:00"), tick=False
    ):
        html = client.get(reverse("start")).content.decode()
    aktuell = html.split('id="aktuelle-phase"')[1].split("</section>")[0]
    if phase_name:
        assert phase_name in aktuell
        assert zeitraum in aktuell
    else:
        assert "Zurzeit läuft keine Phase." in aktuell
    assert hinweis in aktuell


def test_phase_follows_dates_edited_by_geschaeftsstelle():
    Prozessphase.objects.filter(code="final").update(ende=datetime.date(2026, 9, 15))
    Prozessphase.objects.filter(code="bewertung").update(beginn=datetime.date(2026, 9, 16))
    assert prozessstand(datetime.date(2026, 9, 10)).code == "final"
    assert prozessstand(datetime.date(2026, 9, 16)).code == "bewertung"


def test_phase_boundaries_use_local_date_not_utc(client):
    # 01.09.2026 00:30 in Chemnitz (CEST) is 31.08. 22:30 UTC: it already counts as Bewertung.
    with time_machine.travel(
        datetime.datetime(2026, 8, 31, 22, 30, tzinfo=datetime.UTC), tick=False
    ):
        assert prozessstand().code == "bewertung"


def test_handlungsfelder_overview_lists_all_with_zieldimensionen(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("handlungsfelder"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card h-100 hf-karte"') == 5
    assert "Digitale Prozesse ausbauen" in html
    assert "Familienfreundlichkeit und Generationengerechtigkeit gewährleisten" in html


def test_handlungsfeld_page_shows_zieldimensionen_teilziele_kpis(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("handlungsfeld", kwargs={"code": "HF4"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Handlungsfeld Bildung und Fachkräftesicherung" in html
    assert "MINT/Machertum entlang der Bildungskette etablieren" in html
    assert "Up- und Reskilling von Beschäftigten in den Leitmärkten" in html  # Teilziel
    assert "Weiterbildungsbeteiligung" in html  # KPI
    assert html.count('class="card mb-3"') == 4


def test_unknown_handlungsfeld_is_404(client):
    assert client.get(reverse("handlungsfeld", kwargs={"code": "HF9"})).status_code == 404


@pytest.mark.parametrize(
    ("slug", "titel"),
    [
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutzerklärung"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_show_the_operators_example_data_marked_as_such(client, slug, titel):
    """Issue 12, item 7: no "[BITTE ERGÄNZEN: …]" in the running portal; the demo's
    operator data are examples and say so."""
    html = client.get(reverse("seite", kwargs={"slug": slug})).content.decode()
    assert f"<h1>{titel}</h1>" in html
    assert "BITTE ERGÄNZEN" not in html
    assert "{" not in html.split('class="seitentext"')[1].split("</div>")[0]
    assert "(Beispiel)" in html and 'id="beispieldaten"' in html


def test_legal_pages_show_the_configured_operator(client, settings):
    settings.BETREIBER = {
        "name": "Prüf-Betreiber GmbH",
        "anschrift": "Markt 1, 09111 Chemnitz",
        "vertreten_durch": "Anna Vorstand",
        "telefon": "0371 123",
        "email": "kontakt@betreiber.example",
        "datenschutzbeauftragte": "DSB <dsb@betreiber.example>",
        "speicherdauer": "fünf Jahre",
        "barrierefreiheit_stand": "geprüft am 01.12.2026",
        "durchsetzungsstelle": "Stelle X",
    }
    html = client.get(reverse("seite", kwargs={"slug": "impressum"})).content.decode()
    assert "Prüf-Betreiber GmbH<br>Markt 1, 09111 Chemnitz" in html
    assert "Telefon 0371 123, E-Mail kontakt@betreiber.example" in html
    assert "(Beispiel)" not in html and "beispieldaten" not in html
    html = client.get(reverse("seite", kwargs={"slug": "datenschutz"})).content.decode()
    assert "DSB &lt;dsb@betreiber.example&gt;" in html  # escaped
    assert "fünf Jahre" in html


def test_a_placeholder_typed_in_the_admin_is_still_marked(client):
    Seite.objects.filter(slug="impressum").update(inhalt="Kontakt: [BITTE ERGÄNZEN: Telefon]")
    html = client.get(reverse("seite", kwargs={"slug": "impressum"})).content.decode()
    assert '<mark class="platzhalter">[BITTE ERGÄNZEN: Telefon]</mark>' in html


def test_check_deploy_warns_while_example_data_or_placeholders_are_left(settings):
    from handlungsfelder.checks import betreiberangaben

    settings.BETREIBER = {}
    ids = {m.id for m in betreiberangaben()}
    assert ids == {"handlungsfelder.W001"}
    Seite.objects.filter(slug="datenschutz").update(inhalt="[BITTE ERGÄNZEN: Speicherdauer]")
    meldungen = betreiberangaben()
    assert {m.id for m in meldungen} == {"handlungsfelder.W001", "handlungsfelder.W002"}
    assert "BETREIBER_TELEFON" in meldungen[0].hint
    assert "Datenschutzerklärung" in meldungen[1].msg
    from handlungsfelder.betreiber import ANGABEN

    settings.BETREIBER = {k: f"Wert {k}" for k in ANGABEN}
    Seite.objects.filter(slug="datenschutz").update(inhalt="Gespeichert: {speicherdauer}")
    assert betreiberangaben() == []


def test_check_deploy_runs_the_operator_check():
    from django.core import checks

    meldungen = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "handlungsfelder.W001" in {m.id for m in meldungen}


def test_legal_page_text_edited_in_admin_is_shown_escaped(client):
    Seite.objects.filter(slug="impressum").update(
        inhalt="Prognos AG\nGoethestraße 85\n\n<script>alert(1)</script>"
    )
    html = client.get(reverse("seite", kwargs={"slug": "impressum"})).content.decode()
    assert "Prognos AG<br>Goethestraße 85" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_start_page_calls_to_action_counts_down_and_answers_questions(client):
    """Issue 12: a visible call to action, what a Steckbrief asks for (page and PDF), a
    deadline countdown, FAQ and contact."""
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        html = client.get(reverse("start")).content.decode()
    assert "Registrieren und Steckbrief anlegen" in html
    assert reverse("steckbriefe:felder") in html and reverse("steckbriefe:checkliste") in html
    final = Prozessphase.objects.get(code="final")
    tage = (final.ende - datetime.date(2026, 6, 15)).days
    assert f"Noch {tage} Tage</strong> bis zum Ende der Phase „{final.name}“" in html
    assert "Häufige Fragen" in html and "zwischengespeichert – nur für Sie" in html
    assert 'id="kontakt"' in html and "mailto:" in html


def test_start_page_counts_down_to_the_next_phase_before_it(client):
    with time_machine.travel(datetime.datetime(2025, 12, 21, 10, tzinfo=datetime.UTC), tick=False):
        html = client.get(reverse("start")).content.decode()
    assert "bis zum Beginn der Phase" in html and "am 01.01.2026" in html
