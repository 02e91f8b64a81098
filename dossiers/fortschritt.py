"""What the job page says about a running export: how many Steckbriefe are set, about how
long it will take, and whether it waits for a free worker or hangs.

- Per Steckbrief: the Steckbriefe of finished chunks, plus for a chunk that is rendering an
  estimate from the pages WeasyPrint has laid out so far (counted from its progress log,
  written with the sign of life: DossierTeil.seiten_gesetzt) and the pages per Steckbrief
  of the finished chunks.
- Time left: the time since the start per Steckbrief set, times the Steckbriefe left.
- "Hängt": no sign of life of any of the job's steps for three intervals. If other exports'
  steps are alive meanwhile, the workers are busy and the job waits for its turn; if none
  is, no worker is working at all ("hängt seit …", with the time of its last sign of
  life). Steps of dead workers are enqueued again (dossiers.lebenszeichen)."""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading

from django.db.models import Max, Q
from django.utils import timezone

from kern.formate import zahl

from .formate import datum_zeit
from .lebenszeichen import lebenszeichen_intervall
from .models import DOSSIER_ARTEN, DossierTeil, ExportArt, ExportJob, ExportStatus

# Pages per Steckbrief until a chunk has finished and measured them.
SEITEN_JE_STECKBRIEF = 3.0


# --- counting laid-out pages --------------------------------------------------------------
class Seitenzaehler:
    def __init__(self):
        self.seiten = 0


_zaehler: dict[int, Seitenzaehler] = {}
_WEASYPRINT_SEITE = "Step 5 - Creating layout - Page"


class _Protokoll(logging.Handler):
    """Counts the pages WeasyPrint lays out, for the thread that is counting."""

    def emit(self, record: logging.LogRecord) -> None:
        zaehler = _zaehler.get(threading.get_ident())
        if zaehler is not None and str(record.msg).startswith(_WEASYPRINT_SEITE):
            zaehler.seiten += 1


_protokoll = _Protokoll()


def _anschliessen() -> None:
    fortschritt = logging.getLogger("weasyprint.progress")
    if _protokoll not in fortschritt.handlers:
        fortschritt.addHandler(_protokoll)
        fortschritt.setLevel(logging.INFO)
        fortschritt.propagate = False  # one line per page is not for the worker's log


@contextlib.contextmanager
def seiten_zaehlen():
    """Count the pages laid out in this thread while the block runs (yields the counter;
    another thread — the sign of life — may read it)."""
    _anschliessen()
    zaehler = Seitenzaehler()
    _zaehler[threading.get_ident()] = zaehler
    try:
        yield zaehler
    finally:
        _zaehler.pop(threading.get_ident(), None)


# --- the state for the page ---------------------------------------------------------------
def dauer_text(sekunden: float) -> str:
    if sekunden < 60:
        return "weniger als eine Minute"
    minuten = round(sekunden / 60)
    if minuten < 2:
        return "etwa eine Minute"
    if minuten < 90:
        return f"etwa {minuten} Minuten"
    return f"etwa {zahl(sekunden / 3600, 1)} Stunden"


def _steckbriefe(job: ExportJob) -> tuple[float, int]:
    """(Steckbriefe set — estimated within running chunks —, Steckbriefe in all)."""
    teile = list(
        DossierTeil.objects.filter(job=job, lauf=job.lauf, art=DossierTeil.Art.STECKBRIEFE)
        .values_list("status", "seiten", "steckbrief_ids", "seiten_gesetzt")
        .order_by()
    )
    gesamt = sum(len(ids) for _, _, ids, _ in teile)
    fertig = sum(len(ids) for status, _, ids, _ in teile if status == DossierTeil.Status.FERTIG)
    fertige_seiten = sum(
        seiten or 0 for status, seiten, _, _ in teile if status == DossierTeil.Status.FERTIG
    )
    je_steckbrief = fertige_seiten / fertig if fertig and fertige_seiten else SEITEN_JE_STECKBRIEF
    im_gang = 0.0
    for status, _, ids, gesetzt in teile:
        if status == DossierTeil.Status.OFFEN and gesetzt:
            # The last Steckbrief of a chunk is set only when the chunk is done.
            im_gang += min(len(ids) - 1, gesetzt / je_steckbrief)
    return fertig + im_gang, gesamt


def _letztes_lebenszeichen(job: ExportJob) -> datetime.datetime | None:
    teile = DossierTeil.objects.filter(job=job, lauf=job.lauf).aggregate(
        zeichen=Max("lebenszeichen"), fertig=Max("abgeschlossen")
    )
    zeiten = [
        job.lebenszeichen,
        job.gestartet,
        job.nachgeschoben,
        teile["zeichen"],
        teile["fertig"],
    ]
    zeiten = [z for z in zeiten if z is not None]
    return max(zeiten) if zeiten else None


def _andere_arbeiten(job: ExportJob, grenze: datetime.datetime) -> bool:
    """Is any other export's step alive (so the workers are busy, not gone)?"""
    lebendig = Q(lebenszeichen__gte=grenze)
    return (
        ExportJob.objects.filter(lebendig).exclude(pk=job.pk).exists()
        or DossierTeil.objects.filter(lebendig).exclude(job=job).exists()
    )


def stand(job: ExportJob, jetzt: datetime.datetime | None = None) -> dict:
    """The progress fields of the job's status (views._status)."""
    jetzt = jetzt or timezone.now()
    ergebnis = {
        "zustand": job.status,
        "steckbriefe_fertig": None,
        "steckbriefe_gesamt": None,
        "steckbriefe_text": "",
        "rest": "",
        "haengt_seit": "",
        "fortschritt": job.fortschritt,
    }
    if not job.ist_aktiv:
        return ergebnis
    grenze = jetzt - 3 * datetime.timedelta(seconds=lebenszeichen_intervall())
    if job.status == ExportStatus.WARTEND:
        if job.erstellt < grenze and not _andere_arbeiten(job, grenze):
            ergebnis.update(zustand="haengt", haengt_seit=datum_zeit(job.erstellt))
        return ergebnis
    if job.art in DOSSIER_ARTEN and job.plan is not None:
        fertig, gesamt = _steckbriefe(job)
        if gesamt:
            ergebnis.update(
                steckbriefe_fertig=int(fertig),
                steckbriefe_gesamt=gesamt,
                steckbriefe_text=f"{zahl(int(fertig))} von {zahl(gesamt)} "
                f"{'Ideen' if job.art == ExportArt.IDEEN_DOSSIER else 'Steckbriefen'} gesetzt",
                fortschritt=max(job.fortschritt, min(90, 5 + int(85 * fertig / gesamt))),
            )
            if fertig >= 1 and job.gestartet:
                vergangen = (jetzt - job.gestartet).total_seconds()
                # The contents, the cover and the merge add about a tenth.
                rest = vergangen * (gesamt - fertig) / fertig + 0.1 * vergangen
                ergebnis["rest"] = f"Noch {dauer_text(rest)}"
    letztes = _letztes_lebenszeichen(job)
    if letztes is not None and letztes < grenze:
        if _andere_arbeiten(job, grenze):
            ergebnis["zustand"] = "wartet"
        else:
            ergebnis.update(zustand="haengt", haengt_seit=datum_zeit(letztes), rest="")
    return ergebnis
