"""The numbers of the ranking against hand-computed examples (run on SQLite and, with
DATABASE_URL=postgres://…, on PostgreSQL).

Test catalogue: K1 50 % (K.O. below 2), K2 30 %, K3 20 %;
weighted score = (50·s1 + 30·s2 + 20·s3) / (5 · 100) · 100 = (50·s1 + 30·s2 + 20·s3) / 5."""

import pytest
from django.test import override_settings

from bewertung.aggregation import (
    bewertungen_mit_punkten,
    ergebnisse_aktualisieren,
    punkte,
    punkte_aktualisieren,
    rangliste,
)
from bewertung.models import Bewertung, Kriterium, Zuweisung
from steckbriefe.models import Steckbrief

from .conftest import (
    CHEMNITZ,
    ERZGEBIRGE,
    MITTELSACHSEN,
    VOGTLAND,
    ZWICKAU,
    bewertung_anlegen,
    final_sb,
    gk,
)

pytestmark = pytest.mark.django_db

ALLE = [CHEMNITZ, ERZGEBIRGE, MITTELSACHSEN, VOGTLAND, ZWICKAU]


def _sb(titel, **felder):
    """A Steckbrief in Bewertung, assigned to all five Wirtschaftsförderungen."""
    return final_sb(gebiete=ALLE, status="in_bewertung", titel=titel, **felder)


def _z(sb, ags) -> Zuweisung:
    return sb.zuweisungen.get(gebietskoerperschaft__ags=ags)


def _zeile(titel):
    return next(sb for sb in rangliste() if sb.titel == titel)


def approx(x):
    return pytest.approx(x, abs=1e-6)


def test_weighted_score_per_bewertung(testkatalog):
    sb = _sb("Gewichte")
    b1 = bewertung_anlegen(_z(sb, CHEMNITZ), [5, 0, 0])
    b2 = bewertung_anlegen(_z(sb, ERZGEBIRGE), [0, 5, 0])
    b3 = bewertung_anlegen(_z(sb, MITTELSACHSEN), [0, 0, 5])
    b4 = bewertung_anlegen(_z(sb, VOGTLAND), [4, 2, 1])  # (200 + 60 + 20) / 5 = 56
    # Only scored criteria count: K1 = 4 alone → 4·50 / (5·50) · 100 = 80.
    b5 = bewertung_anlegen(_z(sb, ZWICKAU), [4, None, None], abgeschlossen=False)
    punkte = dict(bewertungen_mit_punkten(Bewertung.objects.all()).values_list("pk", "punkte"))
    assert punkte == {
        b1.pk: approx(50),
        b2.pk: approx(30),
        b3.pk: approx(20),
        b4.pk: approx(56),
        b5.pk: approx(80),
    }


def test_inactive_criteria_do_not_count(testkatalog):
    sb = _sb("Inaktiv")
    b = bewertung_anlegen(_z(sb, CHEMNITZ), [5, 0, 0])
    assert b.punkte == approx(50)
    Kriterium.objects.filter(katalog=testkatalog, code="K2").update(aktiv=False)
    # K1 and K3 remain: 5·50 / (5·70) · 100 = 71.43 – computed …
    berechnet = Bewertung.objects.annotate(p=punkte()).get(pk=b.pk).p
    assert berechnet == pytest.approx(250 / 350 * 100)
    # … and stored by the same expression
    punkte_aktualisieren(Bewertung.objects.filter(pk=b.pk))
    b.refresh_from_db()
    assert b.punkte == pytest.approx(250 / 350 * 100)


def test_mean_median_odd_min_max_stddev_and_criteria(testkatalog):
    sb = _sb("Ungerade")
    bewertung_anlegen(_z(sb, CHEMNITZ), [5, 5, 5])  # 100
    bewertung_anlegen(_z(sb, ERZGEBIRGE), [3, 3, 3])  # 60
    bewertung_anlegen(_z(sb, MITTELSACHSEN), [4, 2, 0])  # (200 + 60) / 5 = 52
    z = _zeile("Ungerade")
    assert z.anzahl_bewertungen == 3
    assert z.mittelwert == approx(212 / 3)  # 70.67
    assert z.median == approx(60)
    assert (z.minimum, z.maximum, z.spannweite) == (approx(52), approx(100), approx(48))
    # Population standard deviation: deviations 29.33, −10.67, −18.67.
    assert z.standardabweichung == pytest.approx(20.997354, abs=1e-5)
    k1, k2, k3 = (f"kriterium_{k.pk}" for k in testkatalog.kriterien.order_by("reihenfolge"))
    assert getattr(z, k1) == approx(4)  # (5 + 3 + 4) / 3
    assert getattr(z, k2) == approx(10 / 3)  # (5 + 3 + 2) / 3
    assert getattr(z, k3) == approx(8 / 3)  # (5 + 3 + 0) / 3
    assert z.uneinig is True  # spread 48 > 25
    assert z.ko is False


def test_median_even_count_averages_the_middle_two(testkatalog):
    sb = _sb("Gerade")
    bewertung_anlegen(_z(sb, CHEMNITZ), [2, 2, 2])  # 40
    bewertung_anlegen(_z(sb, ERZGEBIRGE), [4, 4, 4])  # 80
    bewertung_anlegen(_z(sb, MITTELSACHSEN), [3, 3, 3])  # 60
    bewertung_anlegen(_z(sb, VOGTLAND), [5, 4, 3])  # (250 + 120 + 60) / 5 = 86
    z = _zeile("Gerade")
    assert z.anzahl_bewertungen == 4
    assert z.median == approx(70)  # 40, 60 | 80, 86 → (60 + 80) / 2
    assert z.mittelwert == approx(266 / 4)


def test_median_with_equal_scores_and_single_review(testkatalog):
    a, b = _sb("Gleich"), _sb("Einzeln")
    bewertung_anlegen(_z(a, CHEMNITZ), [3, 3, 3])  # 60
    bewertung_anlegen(_z(a, ERZGEBIRGE), [3, 3, 3])  # 60
    bewertung_anlegen(_z(a, MITTELSACHSEN), [4, 4, 4])  # 80
    bewertung_anlegen(_z(a, VOGTLAND), [4, 4, 4])  # 80
    bewertung_anlegen(_z(b, CHEMNITZ), [1, 1, 1])  # 20
    assert _zeile("Gleich").median == approx(70)
    einzeln = _zeile("Einzeln")
    assert (einzeln.median, einzeln.mittelwert, einzeln.standardabweichung) == (
        approx(20),
        approx(20),
        approx(0),
    )


def test_drafts_and_befangen_reviews_leave_the_numbers(testkatalog, wf_chemnitz):
    sb = _sb("Befangen")
    bewertung_anlegen(_z(sb, CHEMNITZ), [5, 5, 5])  # 100
    bewertung_anlegen(_z(sb, ERZGEBIRGE), [3, 3, 3])  # 60
    bewertung_anlegen(_z(sb, MITTELSACHSEN), [0, 0, 0], abgeschlossen=False)  # draft
    befangen = _z(sb, VOGTLAND)
    bewertung_anlegen(befangen, [0, 0, 0])
    Zuweisung.objects.filter(pk=befangen.pk).update(
        befangen_am="2026-10-01T10:00:00Z", befangen_grund="Mitglied im Aufsichtsrat"
    )
    # A direct write: refresh the stored results as every write path does (the services
    # only allow Befangenheit before finalising, see test_ergebnisse.py).
    ergebnisse_aktualisieren(Bewertung.objects.filter(zuweisung=befangen))
    z = _zeile("Befangen")
    assert z.anzahl_bewertungen == 2
    assert (z.mittelwert, z.median, z.minimum) == (approx(80), approx(80), approx(60))
    # Progress counts the non-befangen Zuweisungen: 5 − 1 befangen, 2 finalised.
    assert (z.zuweisungen_gesamt, z.zuweisungen_abgeschlossen) == (4, 2)
    assert z.bewertung_vollstaendig is False


def test_ko_ranks_after_all_others_and_ties_share_a_rank(testkatalog):
    a, b, c, d, e = (_sb(t) for t in ["A", "B (gleich A)", "C", "D (K.O.)", "E (ohne)"])
    for sb in (a, b):  # both 212 / 3 = 70.67 in a different order
        bewertung_anlegen(_z(sb, CHEMNITZ), [5, 5, 5])
        bewertung_anlegen(_z(sb, ERZGEBIRGE), [3, 3, 3])
        bewertung_anlegen(_z(sb, MITTELSACHSEN), [4, 2, 0])
    bewertung_anlegen(_z(c, CHEMNITZ), [2, 1, 1])  # (100 + 30 + 20) / 5 = 30
    # K1 mean (1 + 2) / 2 = 1.5 < 2 → K.O., although its mean of 65 beats C's 30.
    bewertung_anlegen(_z(d, CHEMNITZ), [1, 5, 5])  # (50 + 150 + 100) / 5 = 60
    bewertung_anlegen(_z(d, ERZGEBIRGE), [2, 5, 5])  # (100 + 150 + 100) / 5 = 70
    zeilen = list(rangliste(Steckbrief.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk, e.pk])))
    assert [(z.titel, z.rang, z.ko, z.gruppe) for z in zeilen] == [
        ("A", 1, False, 0),
        ("B (gleich A)", 1, False, 0),
        ("C", 3, False, 0),
        ("D (K.O.)", 4, True, 1),
        ("E (ohne)", None, False, 2),
    ]
    assert zeilen[3].mittelwert == approx(65)
    assert zeilen[4].mittelwert is None and zeilen[4].anzahl_bewertungen == 0


def test_rank_is_within_the_given_queryset(testkatalog):
    a, b = _sb("Oben"), _sb("Unten")
    bewertung_anlegen(_z(a, CHEMNITZ), [5, 5, 5])
    bewertung_anlegen(_z(b, CHEMNITZ), [1, 1, 1])
    assert [(z.titel, z.rang) for z in rangliste()] == [("Oben", 1), ("Unten", 2)]
    assert [(z.titel, z.rang) for z in rangliste(Steckbrief.objects.filter(pk=b.pk))] == [
        ("Unten", 1)
    ]


def test_normalisation_per_reviewer(testkatalog):
    """Chemnitz scores 100 and 60 (mean 80, sd 20), Erzgebirge 40 and 20 (mean 30, sd 10):
    both reviewers rank S1 one standard deviation above their mean → 60, S2 → 40."""
    s1, s2, s3 = _sb("S1"), _sb("S2"), _sb("S3")
    bewertung_anlegen(_z(s1, CHEMNITZ), [5, 5, 5])  # 100
    bewertung_anlegen(_z(s2, CHEMNITZ), [3, 3, 3])  # 60
    bewertung_anlegen(_z(s1, ERZGEBIRGE), [2, 2, 2])  # 40
    bewertung_anlegen(_z(s2, ERZGEBIRGE), [1, 1, 1])  # 20
    bewertung_anlegen(_z(s3, VOGTLAND), [1, 1, 1])  # only review of Vogtland → 50
    z1, z2, z3 = _zeile("S1"), _zeile("S2"), _zeile("S3")
    assert (z1.mittelwert, z2.mittelwert) == (approx(70), approx(40))
    assert (z1.normiert, z2.normiert, z3.normiert) == (approx(60), approx(40), approx(50))
    normiert = dict(
        bewertungen_mit_punkten(Bewertung.objects.filter(zuweisung__steckbrief=s1)).values_list(
            "zuweisung__gebietskoerperschaft__ags", "normiert"
        )
    )
    assert normiert == {CHEMNITZ: approx(60), ERZGEBIRGE: approx(60)}


def test_normalisation_is_clipped_to_0_100(testkatalog):
    """One reviewer: 29 × 0 points and once 100 → mean 3.33, population sd 17.95, the 100
    has z = 5.39 → 50 + 53.9 = 103.9, clipped to 100."""
    steckbriefe = [_sb(f"N{i}") for i in range(30)]
    for sb in steckbriefe[:-1]:
        bewertung_anlegen(_z(sb, CHEMNITZ), [0, 0, 0])
    bewertung_anlegen(_z(steckbriefe[-1], CHEMNITZ), [5, 5, 5])
    assert _zeile("N29").normiert == approx(100)


@override_settings(BEWERTUNG_STREUUNG_SCHWELLE=50)
def test_disagreement_threshold_is_a_setting(testkatalog):
    sb = _sb("Streuung")
    bewertung_anlegen(_z(sb, CHEMNITZ), [5, 5, 5])  # 100
    bewertung_anlegen(_z(sb, ERZGEBIRGE), [3, 3, 3])  # 60 → spread 40 ≤ 50
    assert _zeile("Streuung").uneinig is False


def test_event_rule_flags_non_prioritisable(testkatalog):
    from decimal import Decimal

    teuer = _sb("Fachkräftebörse groß")
    billig = _sb("Fachkräftebörse klein")
    Steckbrief.objects.filter(pk=teuer.pk).update(
        vorhabenart="veranstaltung", foerdermittel=Decimal("10000.01")
    )
    Steckbrief.objects.filter(pk=billig.pk).update(
        vorhabenart="veranstaltung", foerdermittel=Decimal("10000")
    )
    assert _zeile("Fachkräftebörse groß").nicht_priorisierbar is True
    assert _zeile("Fachkräftebörse klein").nicht_priorisierbar is False


def test_other_catalogue_does_not_mix(testkatalog):
    from bewertung.models import Kriterienkatalog

    sb = _sb("Zwei Runden")
    alt = Kriterienkatalog.objects.get(name="Standardkatalog")
    bewertung_anlegen(_z(sb, CHEMNITZ), [5] * 12, katalog=alt)  # 100 in the old round
    bewertung_anlegen(_z(sb, ERZGEBIRGE), [1, 1, 1])  # 20 in the test round
    assert _zeile("Zwei Runden").mittelwert == approx(20)
    alte_runde = next(z for z in rangliste(katalog=alt) if z.titel == "Zwei Runden")
    assert alte_runde.mittelwert == approx(100)
    assert gk(CHEMNITZ).zuweisungen.count() == 1


def test_bewertung_without_stored_score_does_not_break_the_numbers(testkatalog):
    sb = _sb("Ohne Punkte")
    bewertung_anlegen(_z(sb, CHEMNITZ), [5, 5, 5])
    leer = bewertung_anlegen(_z(sb, ERZGEBIRGE), [None, None, None])  # finalised, no score
    assert leer.punkte is None
    z = _zeile("Ohne Punkte")
    assert (z.anzahl_bewertungen, z.mittelwert, z.standardabweichung, z.normiert) == (
        1,
        approx(100),
        approx(0),
        approx(50),
    )
