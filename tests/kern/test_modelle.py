"""kern.modelle: the abstract bases the Steckbrief and the idea share (audit entry, autosave,
version) behave the same for both concrete models."""

import pytest
from django.db.models import QuerySet

from ideen.models import IdeeProtokoll, IdeeVersion, IdeeZwischenstand
from steckbriefe.models import AuditEintrag, Autosave, SteckbriefVersion, VersionArt
from tests.factories import SteckbriefFactory, UserFactory, idee, ideenaufruf

pytestmark = pytest.mark.django_db


@pytest.fixture
def steckbrief():
    return SteckbriefFactory()


@pytest.fixture
def eine_idee():
    return idee(ideenaufruf(slug="modelle-test"), UserFactory())


@pytest.fixture(params=["steckbrief", "idee"])
def fall(request):
    """(the row, its audit model, its autosave model, its version model, extra fields)."""
    if request.param == "steckbrief":
        return (
            request.getfixturevalue("steckbrief"),
            AuditEintrag,
            Autosave,
            SteckbriefVersion,
            {"art": VersionArt.FINAL},
        )
    return request.getfixturevalue("eine_idee"), IdeeProtokoll, IdeeZwischenstand, IdeeVersion, {}


def test_audit_entry_is_written_for_its_row_with_text_values(fall):
    bezug, modell, *_ = fall
    akteur = UserFactory()
    eintrag = modell.eintragen(bezug, akteur, "Eingereicht", 1, 2, "Bemerkung")
    eintrag.refresh_from_db()
    assert (eintrag.bezug_id, eintrag.akteur, eintrag.aktion) == (bezug.pk, akteur, "Eingereicht")
    assert (eintrag.alt, eintrag.neu, eintrag.text) == ("1", "2", "Bemerkung")
    assert str(eintrag).endswith(" Eingereicht")
    assert modell._meta.verbose_name_plural == "Protokoll"


def test_autosave_keeps_one_row_per_person_and_the_latest_input(fall):
    bezug, _, modell, *_ = fall
    person, andere = UserFactory(), UserFactory()
    erster = modell.ablegen(bezug, person, {"titel": ["A"]}, 1)
    assert erster.pk is not None  # inserted
    zweiter = modell.ablegen(bezug, person, {"titel": ["B"]}, 2)
    assert zweiter.pk is None  # updated in place
    modell.ablegen(bezug, andere, {"titel": ["C"]}, 1)
    zeilen = modell.objects.filter(**{modell.BEZUG: bezug}).order_by("user_id")
    assert [(z.user_id, z.daten, z.revision) for z in zeilen] == [
        (person.pk, {"titel": ["B"]}, 2),
        (andere.pk, {"titel": ["C"]}, 1),
    ]
    stand = zeilen[0]
    assert stand.als_daten().getlist("titel") == ["B"]
    assert str(stand) == f"Zwischenstand {bezug.pk} / {person.pk}"


def test_autosave_ends_as_update_when_another_tab_inserted_meanwhile(fall, monkeypatch):
    """The first UPDATE finds no row (the other tab's INSERT is not visible yet), the INSERT
    then hits the unique constraint: the input still ends in the one row."""
    bezug, _, modell, *_ = fall
    person = UserFactory()
    modell.ablegen(bezug, person, {"titel": ["anderer Tab"]}, 1)
    echt = QuerySet.update
    aufrufe = []

    def erstes_update_sieht_nichts(self, **werte):
        aufrufe.append(werte)
        return 0 if len(aufrufe) == 1 else echt(self, **werte)

    monkeypatch.setattr(QuerySet, "update", erstes_update_sieht_nichts)
    stand = modell.ablegen(bezug, person, {"titel": ["dieser Tab"]}, 3)
    monkeypatch.undo()
    assert len(aufrufe) == 2 and stand.pk is None
    zeile = modell.objects.get(**{modell.BEZUG: bezug}, user=person)
    assert (zeile.daten, zeile.revision) == ({"titel": ["dieser Tab"]}, 3)


def test_versions_are_numbered_per_row(fall):
    bezug, _, _, modell, weitere = fall
    akteur = UserFactory()
    erste = modell.anlegen(bezug, akteur, {"Titel": "A"}, **weitere)
    zweite = modell.anlegen(bezug, None, {"Titel": "B"}, **weitere)
    assert [(v.nummer, v.erstellt_von, v.daten) for v in (erste, zweite)] == [
        (1, akteur, {"Titel": "A"}),
        (2, None, {"Titel": "B"}),
    ]
    assert list(
        modell.objects.filter(**{modell.BEZUG: bezug}).values_list("nummer", flat=True)
    ) == [1, 2]
    assert modell._meta.verbose_name_plural == "Versionen"


def test_version_numbers_of_different_rows_are_independent(steckbrief, eine_idee):
    anderer = SteckbriefFactory()
    SteckbriefVersion.anlegen(steckbrief, None, {}, art=VersionArt.VORLAEUFIG)
    SteckbriefVersion.anlegen(steckbrief, None, {}, art=VersionArt.FINAL)
    assert SteckbriefVersion.anlegen(anderer, None, {}, art=VersionArt.FINAL).nummer == 1
    assert IdeeVersion.anlegen(eine_idee, None, {}).nummer == 1
    assert str(SteckbriefVersion.objects.get(steckbrief=steckbrief, nummer=2)) == (
        "Version 2 (Finale Einreichung)"
    )
