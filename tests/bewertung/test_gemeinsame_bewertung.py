"""The code the Steckbrief scoring and the jury's scoring of ideas share
(bewertung.models.BewertungBasis / EinzelbewertungBasis, services.entwurf_zum_speichern and
services.einzelwerte_schreiben): the same rows and refusals on both sides, each side's own
audit wording."""

import pytest

from bewertung import jury, jury_services, services
from bewertung.jury import JuryFehler
from bewertung.models import (
    Bewertung,
    Einzelbewertung,
    JuryBewertung,
    JuryEinzelbewertung,
    Kriterienkatalog,
)
from bewertung.regeln import NichtErlaubt
from bewertung.services import BewertungsFehler, Eingabe
from ideen.models import IdeeProtokoll, Status
from tests.factories import UserFactory, idee, ideenaufruf, jurymitglied

from .conftest import ZWICKAU, final_sb, zuweisung

pytestmark = pytest.mark.django_db


@pytest.fixture
def steckbrief_seite(wf_zwickau):
    """(speichern(eingaben, version), the Bewertung's rows, audit entries, criteria)."""
    z = zuweisung(final_sb(), ZWICKAU)
    kriterien = list(Kriterienkatalog.objects.get(aktiv=True).kriterien.filter(aktiv=True))

    def speichern(eingaben, version, empfehlung="priorisieren"):
        return services.bewertung_speichern(z, wf_zwickau, eingaben, empfehlung, "", version)

    def zeilen():
        return Einzelbewertung.objects.filter(bewertung__zuweisung=z)

    def protokoll():
        return z.steckbrief.audit.filter(aktion="Bewertung geändert")

    return speichern, zeilen, protokoll, kriterien


@pytest.fixture
def jury_seite(celery_eager):
    """The same for a jury member scoring an idea."""
    aufruf = ideenaufruf(slug="gemeinsam-test")
    eingereicht = idee(aufruf, UserFactory(), status=Status.EINGEREICHT)
    mitglied = jurymitglied(aufruf)
    kriterien = list(jury.jury_katalog(aufruf.pk).kriterien.filter(aktiv=True))

    def speichern(eingaben, version, empfehlung="priorisieren"):
        return jury_services.bewertung_speichern(
            eingereicht, mitglied.user, eingaben, empfehlung, "", version
        )

    def zeilen():
        return JuryEinzelbewertung.objects.filter(bewertung__idee=eingereicht)

    def protokoll():
        return IdeeProtokoll.objects.filter(idee=eingereicht, aktion="Jury-Bewertung geändert")

    return speichern, zeilen, protokoll, kriterien


@pytest.mark.parametrize("seite", ["steckbrief_seite", "jury_seite"])
def test_scores_are_written_alike_on_both_sides(seite, request):
    speichern, zeilen, _, kriterien = request.getfixturevalue(seite)
    k1, k2, k3 = kriterien[:3]
    b = speichern({k1.pk: Eingabe(4, " gut "), k2.pk: Eingabe(None, ""), k3.pk: Eingabe(5)}, 0)
    # An empty criterion gets no row; the justification is stripped.
    assert sorted(zeilen().values_list("kriterium_id", "wert", "begruendung")) == sorted(
        [(k1.pk, 4, "gut"), (k3.pk, 5, "")]
    )
    unveraendert = zeilen().get(kriterium=k1)
    b = speichern(
        {k1.pk: Eingabe(4, "gut"), k2.pk: Eingabe(None, "noch offen"), k3.pk: Eingabe(2)},
        b.version,
    )
    assert sorted(zeilen().values_list("kriterium_id", "wert", "begruendung")) == sorted(
        [(k1.pk, 4, "gut"), (k2.pk, None, "noch offen"), (k3.pk, 2, "")]
    )
    assert zeilen().get(kriterium=k1).pk == unveraendert.pk
    assert (b.version, b.status, b.ist_abgeschlossen) == (2, "entwurf", False)
    assert type(b).Status is Bewertung.Status is JuryBewertung.Status


def test_steckbrief_audit_names_old_and_new_score_or_the_justification(steckbrief_seite):
    speichern, _, protokoll, kriterien = steckbrief_seite
    k1, k2 = kriterien[:2]
    b = speichern({k1.pk: Eingabe(3, "a")}, 0)
    speichern({k1.pk: Eingabe(4, "a"), k2.pk: Eingabe(None, "später")}, b.version)
    letzter = protokoll().first()
    assert (letzter.alt, letzter.neu) == (
        f"{k1.code}: 3; {k2.code}: Begründung",
        f"{k1.code}: 4; {k2.code}: Begründung geändert",
    )


def test_jury_audit_names_each_change_as_old_to_new(jury_seite):
    speichern, _, protokoll, kriterien = jury_seite
    k1, k2 = kriterien[:2]
    b = speichern({k1.pk: Eingabe(3, "a")}, 0)
    assert protokoll().get().neu == f"{k1.code}: – → 3"
    speichern({k1.pk: Eingabe(4, "a"), k2.pk: Eingabe(None, "später")}, b.version)
    assert protokoll().first().neu == f"{k1.code}: 3 → 4; {k2.code}: – → –"
    # Nothing changed: no new entry.
    speichern({k1.pk: Eingabe(4, "a"), k2.pk: Eingabe(None, "später")}, b.version + 1)
    assert protokoll().count() == 2


@pytest.mark.parametrize(
    ("seite", "fehler_alt", "fehler_jury"),
    [
        ("steckbrief_seite", (BewertungsFehler, NichtErlaubt), None),
        ("jury_seite", None, JuryFehler),
    ],
)
def test_refusals_say_the_same_on_both_sides(seite, fehler_alt, fehler_jury, request):
    speichern, zeilen, _, kriterien = request.getfixturevalue(seite)
    erwartet = fehler_jury or fehler_alt
    with pytest.raises(erwartet, match="Die Bewertung wurde entfernt"):
        speichern({}, 3)
    b = speichern({kriterien[0].pk: Eingabe(2)}, 0)
    with pytest.raises(erwartet, match="gültige Gesamtempfehlung"):
        speichern({}, b.version, empfehlung="vielleicht")
    with pytest.raises(erwartet, match="Punktzahl von 0 bis 5"):
        speichern({kriterien[0].pk: Eingabe(9)}, b.version)
    with pytest.raises(erwartet, match="gehört nicht zum Katalog"):
        speichern({10**9: Eingabe(1)}, b.version)
    type(b).objects.filter(pk=b.pk).update(status=Bewertung.Status.ABGESCHLOSSEN)
    with pytest.raises(erwartet, match="abgeschlossen und kann nicht mehr geändert werden"):
        speichern({kriterien[0].pk: Eingabe(3)}, b.version)
    assert list(zeilen().values_list("wert", flat=True)) == [2]


def test_marking_finalised_and_reopened_is_the_same_for_both_models(wf_zwickau):
    for b in (Bewertung(version=3), JuryBewertung(version=3)):
        b.als_abgeschlossen_markieren(wf_zwickau)
        assert (b.status, b.abgeschlossen_von, b.version) == ("abgeschlossen", wf_zwickau, 4)
        assert b.abgeschlossen_am is not None and b.ist_abgeschlossen
        b.als_entwurf_markieren()
        assert (b.status, b.abgeschlossen_am, b.abgeschlossen_von, b.version) == (
            "entwurf",
            None,
            None,
            5,
        )


def test_constraint_names_stay_per_model():
    namen = {
        m.__name__: sorted(c.name for c in m._meta.constraints)
        for m in (Einzelbewertung, JuryEinzelbewertung)
    }
    assert namen == {
        "Einzelbewertung": ["einzelbewertung_einmalig", "einzelbewertung_im_bereich"],
        "JuryEinzelbewertung": ["juryeinzelbewertung_einmalig", "juryeinzelbewertung_im_bereich"],
    }
