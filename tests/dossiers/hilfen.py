"""Test data for dossiers: submitted Steckbriefe with finalised Bewertungen."""

import datetime
from decimal import Decimal

from django.utils import timezone

from bewertung.aggregation import punkte_aktualisieren
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft
from steckbriefe.models import Meilenstein, Partner, Status
from tests.factories import SteckbriefFactory, final_vollstaendig


def eingereicht(titel: str | None = None, gebiete=("14524",), volumen="2500000", **kwargs):
    """A complete, finally submitted Steckbrief with a partner and two milestones."""
    extra = {"titel": titel} if titel else {}
    sb = SteckbriefFactory(gebiete=list(gebiete), **extra, **kwargs)
    final_vollstaendig(sb)
    sb.gesamtvolumen = Decimal(volumen) if volumen is not None else None
    sb.status = Status.IN_BEWERTUNG
    sb.final_eingereicht_am = timezone.now()
    sb.save()
    Partner.objects.create(steckbrief=sb, name="TU Chemnitz", rolle="Forschung", zusage="zugesagt")
    Meilenstein.objects.create(
        steckbrief=sb, bezeichnung="Inbetriebnahme", termin=datetime.date(2028, 11, 21)
    )
    return sb


def bewerten(sb, werte: list[int], ags: str = "14524", kommentar: str = "", begruendung: str = ""):
    """A finalised Bewertung by the Wirtschaftsförderung of `ags` with one score per
    criterion of the active catalogue (werte cycles)."""
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    gk = Gebietskoerperschaft.objects.get(ags=ags)
    zuweisung, _ = Zuweisung.objects.get_or_create(steckbrief=sb, gebietskoerperschaft=gk)
    bewertung = Bewertung.objects.create(
        zuweisung=zuweisung,
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN,
        empfehlung=Bewertung.Empfehlung.PRIORISIEREN,
        kommentar=kommentar,
        abgeschlossen_am=timezone.now(),
    )
    for i, k in enumerate(katalog.kriterien.filter(aktiv=True)):
        Einzelbewertung.objects.create(
            bewertung=bewertung,
            kriterium=k,
            wert=werte[i % len(werte)],
            begruendung=begruendung if i == 0 else "",
        )
    punkte_aktualisieren(Bewertung.objects.filter(pk=bewertung.pk))
    return bewertung


def dossier_erstellen(user, parameter=None, art="dossier"):
    """Create an export job and run it in-process (the caller has celery_eager): the
    on-commit callbacks (enqueue → eager task → chunk tasks → merge) run right away."""
    from django.test import TestCase

    from dossiers import services

    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.export_anlegen(user, art, parameter or {"alle": True})
    job.refresh_from_db()
    return job


def pdf_text(pfad) -> list[str]:
    from pypdf import PdfReader

    return [seite.extract_text() for seite in PdfReader(str(pfad)).pages]
