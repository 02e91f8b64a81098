"""The Steckbrief's fields are declared once (steckbriefe.abschnitte): a content field of the
model missing from the sections fails here, and form, admin and snapshot follow the list."""

import pytest

from steckbriefe.abschnitte import (
    ABSCHNITTE,
    VERFAHREN,
    VERWALTUNG,
    angezeigte_felder,
    feld_label,
    formularfelder,
)
from steckbriefe.admin import SteckbriefAdmin
from steckbriefe.forms import SteckbriefForm
from steckbriefe.models import Steckbrief
from steckbriefe.versionen import momentaufnahme
from tests.factories import SteckbriefFactory


def test_every_content_field_of_the_model_is_in_exactly_one_section():
    modell = {f.name for f in [*Steckbrief._meta.concrete_fields, *Steckbrief._meta.many_to_many]}
    felder = formularfelder()
    assert len(felder) == len(set(felder))
    assert set(felder) == modell - {"id", *VERFAHREN, *VERWALTUNG}


def test_the_form_edits_the_fields_of_the_sections_in_their_order():
    assert [n for n in SteckbriefForm.base_fields if n != "revision"] == formularfelder()


def test_the_admin_shows_the_sections_and_the_procedure():
    titel = [t for t, _ in SteckbriefAdmin.fieldsets]
    assert titel == [a.titel for a in ABSCHNITTE if a.felder] + ["Verfahren"]
    admin_felder = {f for _, o in SteckbriefAdmin.fieldsets for f in o["fields"]}
    assert set(formularfelder()) | {"organisation"} <= admin_felder


@pytest.mark.django_db
def test_the_snapshot_has_a_line_per_shown_field():
    sb = SteckbriefFactory(titel="Wasserstoff-Hub")
    zeilen = momentaufnahme(sb)["felder"]
    assert [label for label, _ in zeilen] == [feld_label(f) for f in angezeigte_felder()]
    assert dict(zeilen)["Projekttitel"] == "Wasserstoff-Hub"
