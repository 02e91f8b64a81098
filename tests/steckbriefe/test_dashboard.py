"""Dashboard "Meine Steckbriefe" and the query counts of dashboard and form page."""

import pytest
from django.urls import reverse

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension
from steckbriefe import services
from steckbriefe.models import Meilenstein, Partner, Status, Steckbrief
from steckbriefe.pruefung import fehlende_angaben
from tests.factories import SteckbriefFactory, final_vollstaendig

from .conftest import IM_FINAL, url
from .hilfen import formular_daten

pytestmark = pytest.mark.django_db

# 8, and the count of the Organisation's drafts: whether it may start a new one (issue 12)
MAX_QUERIES_DASHBOARD = 9
# 20, and the criteria of the active catalogue (one query of the source bewertung registers,
# steckbriefe.hilfen; the tests below register one like it).
MAX_QUERIES_FORMULAR = 21


@pytest.fixture
def kriterienquelle(monkeypatch):
    """A criteria source that reads the database once, as bewertung's does."""
    from bewertung.models import Kriterium
    from steckbriefe import hilfen

    monkeypatch.setattr(hilfen, "_QUELLEN", [])
    hilfen.kriterien_registrieren(
        lambda: Kriterium.objects.filter(katalog__aktiv=True).values_list(
            "name", "leitfrage", "gewicht"
        )
    )


def zeile(html: str, titel: str) -> str:
    """The table row that holds `titel`."""
    stelle = html.index(titel)
    return html[html.rfind("<tr>", 0, stelle) : html.index("</tr>", stelle)]


def test_dashboard_shows_status_deadline_and_next_step(mc, sb, user, uhr):
    from .conftest import IM_VORLAEUFIG

    uhr(IM_VORLAEUFIG)
    eingereicht = SteckbriefFactory(organisation=sb.organisation, titel="Schon eingereicht")
    services.vorlaeufig_einreichen(eingereicht, user)
    html = mc.get(url("dashboard")).content.decode()
    assert "Meine Steckbriefe" in html
    assert f'href="{url("neu")}"' in html and "Neuer Steckbrief" in html
    assert "Unverbindliche Sammlung (vorläufiger Projektsteckbrief)" in html
    entwurf = zeile(html, sb.titel)
    assert "Entwurf" in entwurf
    assert "31.03.2026" in entwurf and "noch 44 Tage" in entwurf
    assert "Weiter bearbeiten" in entwurf
    assert f'href="{url("druck", sb)}"' in entwurf
    pdf_url = reverse("dossiers:steckbrief_pdf", kwargs={"pk": sb.pk})
    assert f'href="{pdf_url}"' in entwurf
    detail = mc.get(url("detail", sb)).content.decode()
    assert f'href="{pdf_url}"' in detail and "PDF erstellen" in detail
    vorlaeufig = zeile(html, "Schon eingereicht")
    assert "Vorläufig eingereicht" in vorlaeufig
    assert "31.08.2026" in vorlaeufig
    assert "Zum finalen Steckbrief vervollständigen" in vorlaeufig
    assert f'action="{url("finalisieren", eingereicht)}"' in vorlaeufig
    assert f'href="{url("versionen", eingereicht)}"' in vorlaeufig
    assert "Versionen (1)" in vorlaeufig


def test_status_filter_and_pagination(mc, sb, im_final):
    for i in range(24):
        SteckbriefFactory(organisation=sb.organisation, titel=f"Projekt {i:02d}")
    services.zurueckziehen(sb, _mitglied(sb), "")
    html = mc.get(url("dashboard")).content.decode()
    assert "25 Steckbriefe, Seite 1 von 2" in html
    assert html.count("<tr>") == 21  # header + 20
    assert 'href="?seite=2"' in html
    html = mc.get(url("dashboard") + "?seite=2").content.decode()
    assert html.count("<tr>") == 6
    html = mc.get(url("dashboard") + "?status=zurueckgezogen").content.decode()
    assert "1 Steckbrief<" in html and sb.titel in html
    assert "Projekt 00" not in html
    html = mc.get(url("dashboard") + "?status=entwurf&seite=2").content.decode()
    assert "24 Steckbriefe, Seite 2 von 2" in html
    assert 'href="?status=entwurf&amp;seite=1"' in html
    assert mc.get(url("dashboard") + "?status=unsinn").status_code == 200


def _mitglied(sb):
    return sb.organisation.mitgliedschaften.first().user


def _viele(sb, anzahl):
    for i in range(anzahl - 1):
        weiterer = SteckbriefFactory(organisation=sb.organisation, gebiete=["14511", "14524"])
        if i % 3 == 0:
            final_vollstaendig(weiterer)
        if i % 5 == 0:
            services.zurueckziehen(weiterer, _mitglied(sb))


@pytest.mark.parametrize("anzahl", [1, 50])
def test_dashboard_query_count_does_not_grow(mc, sb, uhr, anzahl, django_assert_num_queries):
    uhr(IM_FINAL)
    _viele(sb, anzahl)
    with django_assert_num_queries(MAX_QUERIES_DASHBOARD):
        response = mc.get(url("dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 1 + min(anzahl, 20)


@pytest.mark.parametrize("anzahl", [1, 50])
def test_form_page_query_count_does_not_grow(
    mc, sb, uhr, anzahl, django_assert_max_num_queries, kriterienquelle
):
    uhr(IM_FINAL)
    _viele(sb, anzahl)
    final_vollstaendig(sb)
    for i in range(min(anzahl, 25)):  # rows in the formsets as well
        Partner.objects.create(steckbrief=sb, name=f"Partner {i}")
        Meilenstein.objects.create(steckbrief=sb, bezeichnung=f"M{i}", termin="2027-01-01")
    with django_assert_max_num_queries(MAX_QUERIES_FORMULAR):
        response = mc.get(url("bearbeiten", sb))
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES_FORMULAR):
        assert mc.get(url("detail", sb)).status_code == 200


def _alle_katalogfelder(html: str, sb, **aenderungen) -> dict:
    """The form's values with one choice in every catalogue field and `aenderungen`."""
    zd = Zieldimension.objects.filter(handlungsfeld=sb.handlungsfeld).first()
    return formular_daten(
        html,
        zieldimensionen=[str(zd.pk)],
        teilziele=[str(t.pk) for t in Teilziel.objects.filter(zieldimension=zd)[:2]],
        kpis=[str(k.pk) for k in KPI.objects.filter(zieldimension=zd)[:2]],
        weitere_handlungsfelder=[
            str(hf.pk) for hf in Handlungsfeld.objects.exclude(pk=sb.handlungsfeld_id)[:2]
        ],
        gebietskoerperschaften=[str(g.pk) for g in Gebietskoerperschaft.objects.all()[:3]],
        **aenderungen,
    )


@pytest.mark.parametrize("anzahl", [1, 50])
def test_form_page_with_kept_input_query_count(
    mc, sb, user, uhr, anzahl, django_assert_max_num_queries, kriterienquelle
):
    """The form bound to kept input (validated to show its errors) stays within the bound,
    whatever is chosen in the catalogue fields."""
    uhr(IM_FINAL)
    _viele(sb, anzahl)
    final_vollstaendig(sb)
    for i in range(min(anzahl, 25)):
        Partner.objects.create(steckbrief=sb, name=f"Partner {i}")
    daten = _alle_katalogfelder(
        mc.get(url("bearbeiten", sb)).content.decode(), sb, gesamtvolumen="viel"
    )
    assert mc.post(url("autosave", sb), daten).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES_FORMULAR):
        response = mc.get(url("bearbeiten", sb))
    html = response.content.decode()
    assert 'id="wiederhergestellt"' in html
    assert "Bitte geben Sie einen Betrag in Euro an" in html  # validated
    assert html.count(" checked") >= 1 + 2 + 2 + 2 + 3  # the kept choices are shown


def test_kept_input_does_not_change_the_stored_state_shown(mc, sb, user, im_final):
    """Title and heading show the stored Steckbrief; the fields and the summary of what is
    missing the kept (not yet saved) input, as it is on screen (issue 12, item 4)."""
    gespeichert = sb.titel
    daten = formular_daten(
        mc.get(url("bearbeiten", sb)).content.decode(),
        titel="Eingetippter Titel",
        kurzbeschreibung="",
        gesamtvolumen="viel",
    )
    assert mc.post(url("autosave", sb), daten).status_code == 200
    for html in (
        mc.get(url("bearbeiten", sb)).content.decode(),  # kept input restored
        mc.post(url("bearbeiten", sb), daten).content.decode(),  # save with an error
    ):
        assert f"<title>Steckbrief bearbeiten: {gespeichert}" in html
        assert 'value="Eingetippter Titel"' in html
        zusammenfassung = html[html.index('id="zusammenfassung"') : html.index("</section>")]
        # stored, but the input on screen is empty: missing
        assert '<li data-pruefe="kurzbeschreibung" data-art="eine"><a' in zusammenfassung
        assert '<li data-pruefe="titel" data-art="eine" hidden>' in zusammenfassung
        assert "Bitte geben Sie einen Betrag in Euro an" in html
    sb.refresh_from_db()
    assert sb.titel == gespeichert


def test_dashboard_marks_kept_input_and_missing_fields(mc, sb, im_final):
    mc.post(url("autosave", sb), {"revision": "1", "titel": sb.titel, "vision": "x"})
    html = mc.get(url("dashboard")).content.decode()
    assert "Nicht gespeicherte Eingaben vorhanden" in html
    assert "Pflichtangaben fehlen noch" in html


def test_dashboard_counts_missing_related_rows_like_the_form(mc, sb, im_final):
    """The dashboard asks only whether Standort, Zieldimension and Meilenstein exist (no
    related rows loaded): the count it shows is the one of fehlende_angaben on the stored
    Steckbrief, with and without each of them."""
    final_vollstaendig(sb)
    anderer = SteckbriefFactory(organisation=sb.organisation, titel="Ohne Bezüge", gebiete=[])
    final_vollstaendig(anderer)
    anderer.zieldimensionen.clear()
    anderer.meilensteine.all().delete()
    erwartet = {
        titel: len(fehlende_angaben(Steckbrief.objects.get(titel=titel), final=True))
        for titel in (sb.titel, "Ohne Bezüge")
    }
    assert erwartet == {sb.titel: 0, "Ohne Bezüge": 3}

    html = mc.get(url("dashboard")).content.decode()

    assert "Pflichtangabe" not in zeile(html, sb.titel)
    assert "3 Pflichtangaben fehlen noch" in zeile(html, "Ohne Bezüge")
    anderer.gesamte_region = True
    anderer.save()
    Meilenstein.objects.create(steckbrief=anderer, bezeichnung="Start", termin="2027-01-01")
    html = mc.get(url("dashboard")).content.decode()
    assert "1 Pflichtangabe fehlt noch" in zeile(html, "Ohne Bezüge")


def test_print_view(mc, sb, im_final):
    sb.kurzbeschreibung = "Zeile 1\nZeile <2>"
    sb.save()
    response = mc.get(url("druck", sb))
    html = response.content.decode()
    assert "/static/css/druck.css" in html
    assert "Zeile 1\nZeile &lt;2&gt;" in html
    assert "Träger und Kontakt" in html and "Finanzierung" in html
    assert sb.organisation.name in html
    assert "Hauptnavigation" not in html


def test_status_labels_are_german(mc, sb, im_final):
    sb.status = Status.IN_BEWERTUNG  # display only
    sb.save()
    html = mc.get(url("dashboard")).content.decode()
    assert "In Bewertung" in html
