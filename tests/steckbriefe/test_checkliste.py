"""What a Steckbrief asks for, as a public page and a PDF checklist (issue 12, "What
submitters expect"); the help texts at the fields and the scoring criteria."""

import io

import pytest
from django.urls import reverse

from steckbriefe import hilfen
from steckbriefe.checkliste import _pdf, teile
from steckbriefe.forms import SteckbriefForm

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def kriterien(monkeypatch):
    """A registered source of criteria, as bewertung registers the active catalogue."""
    monkeypatch.setattr(hilfen, "_QUELLEN", [])
    hilfen.kriterien_registrieren(
        lambda: [("Zusatzeffekt", "Entsteht ein Effekt, der sonst nicht einträte?", 10)]
    )
    _pdf.cache_clear()
    yield
    _pdf.cache_clear()


def test_the_field_list_names_every_field_of_the_form_with_its_requirement(client):
    html = client.get(reverse("steckbriefe:felder")).content.decode()
    for name, field in SteckbriefForm().fields.items():
        if name != "revision":
            assert str(field.label) in html, name
    assert "Pflicht ab vorläufig" in html and "Pflicht für final" in html
    assert "Überregionale Strahlkraft: Das Vorhaben wirkt sichtbar" in html
    assert 'href="/steckbriefe/felder/checkliste.pdf"' in html


def test_every_term_of_the_masterplan_has_help_with_an_example():
    for name in ("zusatzeffekt", "strahlkraft", "transformationsbezug", "breitenwirkung"):
        assert hilfen.HILFEN[name].erklaerung and hilfen.HILFEN[name].beispiel
    for stufe in ("Idee", "Konzept liegt vor", "Planung abgeschlossen", "umsetzungsreif"):
        assert f"„{stufe}“" in hilfen.HILFEN["reifegrad"].erklaerung
    wirkung = next(t for t in teile() if t.id == "wirkung")
    assert all(e.hilfe for e in wirkung.eintraege)


def test_the_checklist_is_a_pdf_with_the_fields(client, kriterien):
    from pypdf import PdfReader

    response = client.get(reverse("steckbriefe:checkliste"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for wort in (
        "Checkliste Projektsteckbrief",
        "Projekttitel",
        "Zusatzeffekt",
        "Pflicht für final",
    ):
        assert wort in text, wort
    assert "Entsteht ein Effekt" in text  # the criteria


def test_the_form_shows_help_and_the_criteria(mc, sb, im_final, kriterien):
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert 'id="hilfe-zusatzeffekt"' in html and "Hilfe zu „Zusatzeffekt“" in html
    assert "Worauf die Bewertung achtet (1 Kriterium)" in html
    assert "Entsteht ein Effekt, der sonst nicht einträte?" in html


def test_without_a_registered_source_no_criteria_are_shown(mc, sb, im_final, monkeypatch):
    monkeypatch.setattr(hilfen, "_QUELLEN", [])
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert 'id="kriterien"' not in html
