"""The stored results of the ranking (Bewertungsergebnis, Kriteriumsergebnis,
Prueferstatistik) equal a reference computed here in plain Python from the raw rows, after
every kind of write: bulk insert + punkte_aktualisieren, draft saved, finalised (the
normalised score of the reviewer's other Steckbriefe moves), reopened, Befangenheit,
Zuweisung removed, criteria changed, full rebuild."""

import statistics

import pytest
from django.core.management import call_command

from bewertung import services
from bewertung.aggregation import kriterien_spalten, rangliste
from bewertung.models import (
    Bewertung,
    Bewertungsergebnis,
    Einzelbewertung,
    Kriterium,
    Kriteriumsergebnis,
    Prueferstatistik,
    Zuweisung,
)
from bewertung.services import Eingabe
from konten.models import User
from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ERZGEBIRGE, VOGTLAND, ZWICKAU, bewertung_anlegen, final_sb

pytestmark = pytest.mark.django_db

ALLE = [CHEMNITZ, ERZGEBIRGE, VOGTLAND, ZWICKAU]


def _punkte(bewertung: Bewertung) -> float | None:
    """sum(weight × score) / (5 × sum(weight)) × 100 over the scored active criteria."""
    zeilen = [
        (e.kriterium.gewicht, e.wert)
        for e in bewertung.einzeln.select_related("kriterium")
        if e.wert is not None and e.kriterium.aktiv
    ]
    gewichte = sum(g for g, _ in zeilen)
    if not gewichte:
        return None
    return sum(g * w for g, w in zeilen) / (5 * gewichte) * 100


def referenz(katalog) -> dict:
    """Everything the tables should hold for `katalog`, computed without the database's
    help: {"ergebnisse": {sb: {...}}, "kriterien": {(sb, k): mean}, "pruefer": {...}}."""
    gezaehlt = [
        b
        for b in Bewertung.objects.filter(katalog=katalog).select_related("zuweisung")
        if b.status == Bewertung.Status.ABGESCHLOSSEN and b.zuweisung.befangen_am is None
    ]
    punkte = {b.pk: _punkte(b) for b in gezaehlt}
    pruefer: dict[tuple, list[float]] = {}
    for b in gezaehlt:
        if punkte[b.pk] is not None:
            wer = (b.zuweisung.gebietskoerperschaft_id, b.zuweisung.pruefer_id)
            pruefer.setdefault(wer, []).append(punkte[b.pk])
    statistik = {
        wer: (len(p), statistics.fmean(p), statistics.pstdev(p)) for wer, p in pruefer.items()
    }

    def normiert(b):
        _, mu, sd = statistik[(b.zuweisung.gebietskoerperschaft_id, b.zuweisung.pruefer_id)]
        return 50.0 if not sd else max(0.0, min(100.0, 50 + 10 * (punkte[b.pk] - mu) / sd))

    kriterien = {}
    werte: dict[tuple, list[int]] = {}
    for e in Einzelbewertung.objects.filter(
        bewertung__in=[b.pk for b in gezaehlt], wert__isnull=False
    ).select_related("bewertung__zuweisung"):
        werte.setdefault((e.bewertung.zuweisung.steckbrief_id, e.kriterium_id), []).append(e.wert)
    kriterien = {schluessel: statistics.fmean(w) for schluessel, w in werte.items()}

    ergebnisse = {}
    je_sb: dict[int, list[Bewertung]] = {}
    for b in gezaehlt:
        if punkte[b.pk] is not None:
            je_sb.setdefault(b.zuweisung.steckbrief_id, []).append(b)
    ko_kriterien = [k for k in katalog.kriterien.all() if k.aktiv and k.ko_schwelle is not None]
    for sb, bewertungen in je_sb.items():
        p = [punkte[b.pk] for b in bewertungen]
        ergebnisse[sb] = {
            "anzahl": len(p),
            "mittelwert": statistics.fmean(p),
            "median": statistics.median(p),
            "minimum": min(p),
            "maximum": max(p),
            "standardabweichung": statistics.pstdev(p),
            "normiert": statistics.fmean(normiert(b) for b in bewertungen),
            "ko": any(
                (sb, k.pk) in kriterien and kriterien[(sb, k.pk)] < float(k.ko_schwelle)
                for k in ko_kriterien
            ),
            "kriterien": {f"k{k.pk}": kriterien.get((sb, k.pk)) for k in katalog.kriterien.all()},
        }
    return {"ergebnisse": ergebnisse, "kriterien": kriterien, "pruefer": statistik}


def gespeichert(katalog) -> dict:
    return {
        "ergebnisse": {
            e.steckbrief_id: {
                "anzahl": e.anzahl,
                "mittelwert": e.mittelwert,
                "median": e.median,
                "minimum": e.minimum,
                "maximum": e.maximum,
                "standardabweichung": e.standardabweichung,
                "normiert": e.normiert,
                "ko": e.ko,
                "kriterien": e.kriterien,
            }
            for e in Bewertungsergebnis.objects.filter(katalog=katalog)
        },
        "kriterien": {
            (k.steckbrief_id, k.kriterium_id): k.mittelwert
            for k in Kriteriumsergebnis.objects.filter(kriterium__katalog=katalog)
        },
        "pruefer": {
            (s.gebietskoerperschaft_id, s.pruefer_id): (
                s.anzahl,
                s.mittelwert,
                s.standardabweichung,
            )
            for s in Prueferstatistik.objects.filter(katalog=katalog)
        },
    }


def _ungefaehr(wert):
    if isinstance(wert, dict):
        return {k: _ungefaehr(v) for k, v in wert.items()}
    if isinstance(wert, tuple):
        return tuple(_ungefaehr(v) for v in wert)
    if isinstance(wert, float):
        return pytest.approx(wert, abs=1e-9)
    return wert


def stimmt(katalog) -> dict:
    """Assert stored == reference; return the stored results (for comparisons over time)."""
    erwartet, ist = referenz(katalog), gespeichert(katalog)
    assert ist == _ungefaehr(erwartet)
    return ist["ergebnisse"]


def _eingaben(katalog, werte):
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    return {k.pk: Eingabe(w, "Begründung") for k, w in zip(kriterien, werte, strict=True)}


def _abschliessen(z, user, katalog, werte):
    b = services.bewertung_speichern(z, user, _eingaben(katalog, werte), "priorisieren", "", 0)
    return services.bewertung_abschliessen(b, user, b.version)


@pytest.fixture
def lage(testkatalog):
    """Four Steckbriefe assigned to four Wirtschaftsförderungen, some scored directly in the
    database (bulk path), one named person assigned as well."""
    sbs = [final_sb(gebiete=ALLE, status="in_bewertung", titel=f"S{i}") for i in range(4)]
    person = wirtschaftsfoerderung(ZWICKAU, email="person@example.org")
    z = {(i, ags): sb.zuweisungen.get(gebietskoerperschaft__ags=ags) for i, sb in enumerate(sbs)
         for ags in ALLE}  # fmt: skip
    bewertung_anlegen(z[0, CHEMNITZ], [5, 4, 3])
    bewertung_anlegen(z[1, CHEMNITZ], [2, 2, 2])
    bewertung_anlegen(z[2, CHEMNITZ], [1, 5, 5])  # K1 mean 1 < 2: K.O.
    bewertung_anlegen(z[0, ERZGEBIRGE], [3, 3, 3])
    bewertung_anlegen(z[1, ERZGEBIRGE], [4, 4, 1])
    bewertung_anlegen(z[0, VOGTLAND], [2, 3, 4], abgeschlossen=False)  # draft
    named = Zuweisung.objects.create(steckbrief=sbs[1], pruefer=person)
    bewertung_anlegen(named, [5, 5, 5])
    return {"sbs": sbs, "z": z, "katalog": testkatalog, "person": person}


def test_bulk_path_fills_the_tables_like_the_reference(lage):
    ergebnisse = stimmt(lage["katalog"])
    s0, s1, s2, s3 = (sb.pk for sb in lage["sbs"])
    assert set(ergebnisse) == {s0, s1, s2}  # S3 is unscored: no row
    assert ergebnisse[s1]["anzahl"] == 3  # Chemnitz, Erzgebirge and the named person
    assert ergebnisse[s2]["ko"] is True
    assert ergebnisse[s0]["ko"] is False


def test_every_service_write_keeps_the_tables_equal_to_the_reference(lage, gs):
    katalog, z, sbs = lage["katalog"], lage["z"], lage["sbs"]
    wf_chemnitz = wirtschaftsfoerderung(CHEMNITZ, email="wf-c@example.org")
    wf_vogtland = wirtschaftsfoerderung(VOGTLAND, email="wf-v@example.org")
    vorher = stimmt(katalog)

    # A draft saved: nothing counted changes.
    entwurf = services.bewertung_speichern(
        z[3, CHEMNITZ], wf_chemnitz, _eingaben(katalog, [3, 3, None]), "", "", 0
    )
    assert stimmt(katalog) == vorher

    # Finalised: S3 gets a row, and Chemnitz's mean and spread move, so the normalised
    # score of Chemnitz's other Steckbriefe changes although nothing else was touched.
    services.bewertung_speichern(
        z[3, CHEMNITZ], wf_chemnitz, _eingaben(katalog, [5, 5, 5]), "priorisieren", "", 1
    )
    entwurf.refresh_from_db()
    services.bewertung_abschliessen(entwurf, wf_chemnitz, entwurf.version)
    nachher = stimmt(katalog)
    assert sbs[3].pk in nachher
    assert nachher[sbs[0].pk]["normiert"] != pytest.approx(vorher[sbs[0].pk]["normiert"])
    assert nachher[sbs[0].pk]["mittelwert"] == pytest.approx(vorher[sbs[0].pk]["mittelwert"])

    # Reopened by the Geschäftsstelle: it leaves the numbers again.
    services.bewertung_wieder_oeffnen(entwurf, gs, "Bitte K3 prüfen")
    assert sbs[3].pk not in stimmt(katalog)

    # Befangenheit of the reopened draft; finalising another one by Vogtland.
    services.befangenheit_erklaeren(z[3, CHEMNITZ], wf_chemnitz, "Aufsichtsrat")
    stimmt(katalog)
    _abschliessen(z[2, VOGTLAND], wf_vogtland, katalog, [4, 4, 4])
    assert stimmt(katalog)[sbs[2].pk]["anzahl"] == 2

    # A Zuweisung without scores removed.
    services.zuweisung_entfernen(z[3, ZWICKAU], gs)
    stimmt(katalog)


def test_changed_criteria_are_recomputed(lage):
    katalog = lage["katalog"]
    s0, s1, s2 = (sb.pk for sb in lage["sbs"][:3])
    vorher = stimmt(katalog)
    assert [vorher[s]["ko"] for s in (s0, s1, s2)] == [False, False, True]
    # K1 means: S0 (5 + 3) / 2 = 4, S1 (2 + 4 + 5) / 3 = 3.67, S2 1.
    Kriterium.objects.filter(katalog=katalog, code="K1").update(gewicht=20, ko_schwelle=4)
    Kriterium.objects.filter(katalog=katalog, code="K3").update(gewicht=50, aktiv=False)
    services.kriterien_geaendert(katalog)
    nachher = stimmt(katalog)
    assert [nachher[s]["ko"] for s in (s0, s1, s2)] == [False, True, True]
    # S0 by Chemnitz: K1 5, K2 4 (K3 inactive) → (20·5 + 30·4) / (5 · 50) · 100 = 88.
    assert nachher[s0]["maximum"] == pytest.approx(88)


def test_rebuild_command_repairs_the_tables(lage):
    katalog = lage["katalog"]
    erwartet = stimmt(katalog)
    Bewertungsergebnis.objects.update(mittelwert=0, normiert=None)
    Kriteriumsergebnis.objects.all().delete()
    Prueferstatistik.objects.all().delete()
    Bewertungsergebnis.objects.create(
        steckbrief=lage["sbs"][3], katalog=katalog, anzahl=9, mittelwert=1, minimum=1,
        maximum=1, standardabweichung=0,
    )  # fmt: skip
    call_command("bewertung_neu_berechnen", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stimmt(katalog) == erwartet


def test_ranking_reads_the_stored_numbers(lage):
    """rangliste() shows exactly the stored row (no second computation)."""
    katalog = lage["katalog"]
    ergebnisse = stimmt(katalog)
    for zeile in rangliste():
        e = ergebnisse.get(zeile.pk)
        if e is None:
            assert (zeile.anzahl_bewertungen, zeile.mittelwert, zeile.rang) == (0, None, None)
            continue
        assert zeile.anzahl_bewertungen == e["anzahl"]
        assert (zeile.mittelwert, zeile.median, zeile.normiert) == (
            e["mittelwert"],
            e["median"],
            e["normiert"],
        )
        for k, name in kriterien_spalten(katalog):
            soll = e["kriterien"][f"k{k.pk}"]
            assert getattr(zeile, name) == (None if soll is None else pytest.approx(soll))


def test_a_named_person_has_statistics_of_their_own(lage):
    person: User = lage["person"]
    stat = Prueferstatistik.objects.get(katalog=lage["katalog"], pruefer=person)
    assert (stat.gebietskoerperschaft_id, stat.anzahl, stat.standardabweichung) == (None, 1, 0)


def test_concurrent_refreshes_wait_for_each_other(
    django_db_serialized_rollback, transactional_db, lage
):
    """Two transactions recompute the same Steckbrief at once: the second waits for the
    first (lock on the catalogue row) instead of failing on the unique constraints with
    rows it cannot see yet. Only PostgreSQL runs transactions concurrently."""
    import threading
    import time

    from django.db import connection, transaction

    from bewertung.aggregation import ergebnisse_aktualisieren

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL)")
    bewertungen = Bewertung.objects.filter(zuweisung__steckbrief=lage["sbs"][1])
    fehler, erster_sperrt = [], threading.Event()

    def neu_berechnen(warten: float):
        try:
            with transaction.atomic():
                ergebnisse_aktualisieren(bewertungen)
                erster_sperrt.set()
                time.sleep(warten)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            fehler.append(exc)
        finally:
            connection.close()

    erster = threading.Thread(target=neu_berechnen, args=(0.5,))
    erster.start()
    assert erster_sperrt.wait(10)
    zweiter = threading.Thread(target=neu_berechnen, args=(0,))
    zweiter.start()
    erster.join(10)
    zweiter.join(10)
    assert fehler == []
    stimmt(lage["katalog"])
