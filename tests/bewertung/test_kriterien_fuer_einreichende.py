"""Submitters see the criteria of the active catalogue (bewertung registers it with
steckbriefe.hilfen): the field list shows exactly the active, enabled criteria."""

import pytest
from django.urls import reverse

from bewertung.models import Kriterium

pytestmark = pytest.mark.django_db


def kriterien(client) -> str:
    """The "Worauf die Bewertung achtet" section of the field list ("" if there is none)."""
    html = client.get(reverse("steckbriefe:felder")).content.decode()
    if 'id="kriterien-titel"' not in html:
        return ""
    return html[
        html.index('id="kriterien-titel"') : html.index(
            "</section>", html.index('id="kriterien-titel"')
        )
    ]


def test_the_field_list_shows_the_active_catalogues_criteria(client, testkatalog):
    Kriterium.objects.filter(katalog=testkatalog, code="K3").update(aktiv=False)
    html = kriterien(client)
    assert "<strong>Transformation</strong> (50 %)" in html
    assert "<strong>Zusatzeffekt</strong> (30 %)" in html
    assert "Strahlkraft" not in html  # disabled criterion


def test_another_catalogue_becoming_active_changes_what_submitters_see(client, testkatalog):
    testkatalog.aktiv = False
    testkatalog.save()
    neu = type(testkatalog).objects.create(name="Runde 2", runde="2", aktiv=True)
    Kriterium.objects.create(katalog=neu, code="N1", name="Beitrag zur Region", gewicht=100)
    html = kriterien(client)
    assert "<strong>Beitrag zur Region</strong> (100 %)" in html
    assert "Zusatzeffekt" not in html


def test_without_an_active_catalogue_no_criteria_section(client, testkatalog):
    testkatalog.aktiv = False
    testkatalog.save()
    assert kriterien(client) == ""
