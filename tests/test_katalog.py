from pathlib import Path

import pytest
import yaml
from django.db.models import Count

from handlungsfelder.models import (
    KPI,
    Gebietskoerperschaft,
    Handlungsfeld,
    Prozessphase,
    Teilziel,
    Zieldimension,
)

pytestmark = pytest.mark.django_db


def test_catalogue_has_five_handlungsfelder_with_four_zieldimensionen_each():
    assert Handlungsfeld.objects.count() == 5
    assert Zieldimension.objects.count() == 20
    counts = Handlungsfeld.objects.annotate(n=Count("zieldimensionen")).values_list("code", "n")
    assert dict(counts) == {"HF1": 4, "HF2": 4, "HF3": 4, "HF4": 4, "HF5": 4}


def test_every_teilziel_and_kpi_of_the_source_is_loaded_exactly_once_under_its_zieldimension():
    # The project's own copy of the catalogue is the reference the migration promises to load.
    source = yaml.safe_load(
        (
            Path(__file__).resolve().parent.parent
            / "handlungsfelder"
            / "data"
            / "handlungsfelder.yaml"
        ).read_text()
    )
    expected_teilziele = 0
    expected_kpis = 0
    for hf in source["handlungsfelder"]:
        for zd in hf["zieldimensionen"]:
            db_zd = Zieldimension.objects.get(code=zd["code"])
            assert db_zd.handlungsfeld.code == hf["code"]
            assert list(db_zd.teilziele.values_list("text", flat=True)) == zd["teilziele"]
            assert list(db_zd.kpis.values_list("name", flat=True)) == zd["kpis"]
            expected_teilziele += len(zd["teilziele"])
            expected_kpis += len(zd["kpis"])
    assert Teilziel.objects.count() == expected_teilziele == 75
    assert KPI.objects.count() == expected_kpis == 62


def test_spot_check_catalogue_texts():
    zd = Zieldimension.objects.get(code="HF3.3")
    assert zd.name == "Netzwerke intensivieren & FuI-Infrastruktur ausbauen"
    assert zd.handlungsfeld.name == "Wissenschaft und Innovation"
    assert "Labore, Innovationsparks" in zd.kpis.values_list("name", flat=True)


def test_gebietskoerperschaften_and_phases_are_loaded():
    assert dict(Gebietskoerperschaft.objects.values_list("ags", "name")) == {
        "14511": "Stadt Chemnitz",
        "14521": "Erzgebirgskreis",
        "14522": "Landkreis Mittelsachsen",
        "14523": "Vogtlandkreis",
        "14524": "Landkreis Zwickau",
    }
    phasen = {
        p.code: (p.beginn.isoformat(), p.ende.isoformat()) for p in Prozessphase.objects.all()
    }
    assert phasen == {
        "vorlaeufig": ("2026-01-01", "2026-03-31"),
        "final": ("2026-04-01", "2026-08-31"),
        "bewertung": ("2026-09-01", "2026-12-31"),
    }


def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Einreichende",
        "Wirtschaftsförderung",
        "Geschäftsstelle",
    }
