"""Fixtures of the Bewertung tests: the roles, final Steckbriefe with their Zuweisungen,
the Bewertung phase open around today, mails in-process (celery_eager)."""

import datetime

import pytest
from django.utils import timezone

from bewertung import services
from bewertung.aggregation import punkte_aktualisieren
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Kriterium, Skalenstufe
from handlungsfelder.models import Gebietskoerperschaft, Prozessphase
from konten.models import User
from steckbriefe.models import Status, Steckbrief
from tests.factories import (
    PASSWORT,
    SteckbriefFactory,
    final_vollstaendig,
    geschaeftsstelle,
    mitglied,
    wirtschaftsfoerderung,
)

ZWICKAU, CHEMNITZ, ERZGEBIRGE, MITTELSACHSEN, VOGTLAND = (
    "14524",
    "14511",
    "14521",
    "14522",
    "14523",
)


@pytest.fixture(autouse=True)
def _celery_im_prozess(celery_eager, settings):
    # Fast password hashing: these tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


def phase_setzen(offen: bool) -> None:
    heute = timezone.localdate()
    if offen:
        beginn, ende = heute - datetime.timedelta(days=10), heute + datetime.timedelta(days=30)
    else:
        beginn, ende = heute + datetime.timedelta(days=5), heute + datetime.timedelta(days=60)
    Prozessphase.objects.filter(code="bewertung").update(beginn=beginn, ende=ende)


@pytest.fixture(autouse=True)
def bewertungsphase_offen(db):
    phase_setzen(True)


@pytest.fixture
def wf_zwickau(db) -> User:
    return wirtschaftsfoerderung(ZWICKAU, email="wf-zwickau@example.org")


@pytest.fixture
def wf_chemnitz(db) -> User:
    return wirtschaftsfoerderung(CHEMNITZ, email="wf-chemnitz@example.org")


@pytest.fixture
def gs(db) -> User:
    return geschaeftsstelle(email="gs@example.org")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("admin@example.org", PASSWORT)


@pytest.fixture
def einreichend(db) -> User:
    return mitglied(email="einreichend@example.org", is_staff=False)


def final_sb(gebiete=(ZWICKAU,), status=Status.FINAL_EINGEREICHT, zuweisen=None, **felder):
    """A complete Steckbrief in `status` (set directly: test set-up), assigned by location
    (by default only while scorable: a closed Bewertung would be reopened)."""
    if zuweisen is None:
        zuweisen = status in {Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.RUECKFRAGE}
    sb = SteckbriefFactory(gebiete=list(gebiete), **felder)
    final_vollstaendig(sb)
    Steckbrief.objects.filter(pk=sb.pk).update(status=status, final_eingereicht_am=timezone.now())
    sb.refresh_from_db()
    if zuweisen:
        services.zuweisen(sb)
    return sb


def zuweisung(sb, ags):
    return sb.zuweisungen.get(gebietskoerperschaft__ags=ags)


def bewertung_anlegen(z, werte, abgeschlossen=True, katalog=None, empfehlung="priorisieren"):
    """Bewertung rows straight in the database (for the numbers, not the flow): `werte` are
    the scores of the active criteria in their order (None = not scored)."""
    katalog = katalog or Kriterienkatalog.objects.get(aktiv=True)
    b = Bewertung.objects.create(
        zuweisung=z,
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN if abgeschlossen else Bewertung.Status.ENTWURF,
        empfehlung=empfehlung,
    )
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    Einzelbewertung.objects.bulk_create(
        Einzelbewertung(bewertung=b, kriterium=k, wert=w, begruendung="Begründung")
        for k, w in zip(kriterien, werte, strict=True)
        if w is not None
    )
    punkte_aktualisieren(Bewertung.objects.filter(pk=b.pk))
    b.refresh_from_db()
    return b


def bewertet_sb(gebiete=(ZWICKAU,), **felder):
    """A Steckbrief in status „Bewertet“ whose every Zuweisung has a finalised Bewertung (3
    points everywhere): fully reviewed, ready to be decided."""
    sb = final_sb(gebiete=gebiete, status=Status.IN_BEWERTUNG, **felder)
    anzahl = Kriterienkatalog.objects.get(aktiv=True).kriterien.filter(aktiv=True).count()
    for z in sb.zuweisungen.all():
        bewertung_anlegen(z, [3] * anzahl)
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.BEWERTET)
    sb.refresh_from_db()
    return sb


@pytest.fixture
def testkatalog(db) -> Kriterienkatalog:
    """A small active catalogue for hand-computed numbers: K1 50 % (K.O. below 2),
    K2 30 %, K3 20 %. Weighted score = (50·s1 + 30·s2 + 20·s3) / 5."""
    Kriterienkatalog.objects.update(aktiv=False)
    katalog = Kriterienkatalog.objects.create(name="Testkatalog", runde="Test", aktiv=True)
    for wert in range(6):
        Skalenstufe.objects.create(katalog=katalog, wert=wert, bezeichnung=f"Stufe {wert}")
    Kriterium.objects.create(
        katalog=katalog, code="K1", name="Transformation", gewicht=50, reihenfolge=1, ko_schwelle=2
    )
    Kriterium.objects.create(
        katalog=katalog, code="K2", name="Zusatzeffekt", gewicht=30, reihenfolge=2
    )
    Kriterium.objects.create(
        katalog=katalog, code="K3", name="Strahlkraft", gewicht=20, reihenfolge=3
    )
    return katalog


def gk(ags) -> Gebietskoerperschaft:
    return Gebietskoerperschaft.objects.get(ags=ags)
