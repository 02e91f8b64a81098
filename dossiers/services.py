"""Business rules of exports: who may export what, creating and queueing jobs, running them
on the workers, failures, restarts and expiry. Views, admin actions and the (thin) Celery
tasks call these functions; the ExportJob row is the single source of truth.

- A job is created in the request and enqueued after the transaction commits. If the broker
  cannot be reached, the job is marked failed with "Export zurzeit nicht möglich" and can be
  restarted later; the request itself never waits for rendering.
- Every worker step carries (job id, lauf). A step whose lauf is not the job's current one,
  or that finds its work already recorded as done, does nothing; files are written to a
  temporary name and renamed, so a redelivered task cannot leave a second or broken file.
- Steps count their attempts; after MAX_VERSUCHE (e.g. a chunk that always hits the hard
  time limit and gets redelivered) the job fails with a German message instead of looping.
- A running step marks its row (job or chunk) with the worker's node name and refreshes a
  sign of life. If the worker dies (kill -9, out of memory), its messages stay unacknowledged
  in Redis until the visibility timeout (an hour); verlassene_schritte_fortsetzen enqueues
  such steps again when a worker starts and every minute (beat).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import shutil
import threading
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from kern.mail import mail_senden
from steckbriefe import regeln
from steckbriefe.models import Steckbrief

from . import dossier, inhalte, rendering, tabellen
from .models import DossierTeil, ExportArt, ExportJob, ExportStatus

logger = logging.getLogger(__name__)

MAX_VERSUCHE = 5
BROKER_FEHLER = (
    "Export zurzeit nicht möglich: Der Hintergrunddienst für Exporte ist nicht erreichbar. "
    "Bitte starten Sie den Export später erneut."
)
ALLGEMEINER_FEHLER = (
    "Bei der Erstellung ist ein Fehler aufgetreten. Bitte starten Sie den Export erneut; "
    "besteht das Problem weiter, wenden Sie sich an die Geschäftsstelle."
)
ZEIT_FEHLER = (
    "Die Erstellung hat zu lange gedauert und wurde abgebrochen. Bitte starten Sie den Export "
    "erneut oder verkleinern Sie die Auswahl."
)
VERSUCHE_FEHLER = (
    "Die Erstellung ist nach mehreren Versuchen nicht gelungen. Bitte starten Sie den Export "
    "erneut; besteht das Problem weiter, wenden Sie sich an die Geschäftsstelle."
)


class ExportNichtErlaubt(Exception):
    """Not allowed; the message is German and meant for the user."""


# --- settings ---------------------------------------------------------------------------------
def aufbewahrung() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "EXPORT_AUFBEWAHRUNG_TAGE", 7)))


def direkt_max() -> int:
    """Tables up to this many Steckbriefe are answered directly in the request."""
    return int(getattr(settings, "EXPORT_DIREKT_MAX", 100))


def lebenszeichen_intervall() -> int:
    """Seconds between two signs of life of a running step."""
    return max(1, int(getattr(settings, "EXPORT_LEBENSZEICHEN_SEKUNDEN", 30)))


def mail_ab() -> datetime.timedelta:
    """Jobs that take at least this long send an e-mail when they are done or failed."""
    return datetime.timedelta(seconds=int(getattr(settings, "EXPORT_MAIL_AB_SEKUNDEN", 30)))


# --- permissions ------------------------------------------------------------------------------
def _aktiv(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def darf_exportieren(user) -> bool:
    """Dossiers and tables: the Geschäftsstelle and the Wirtschaftsförderungen (of the
    Steckbriefe they may see)."""
    return _aktiv(user) and (user.ist_geschaeftsstelle or user.ist_wirtschaftsfoerderung)


def mit_bewertung(user) -> bool:
    """Ranking and scores of all reviewers are the Geschäftsstelle's (bewertung.regeln)."""
    return _aktiv(user) and user.ist_geschaeftsstelle


def darf_job_sehen(user, job: ExportJob) -> bool:
    """Status page and download: the job's owner and the Geschäftsstelle."""
    return _aktiv(user) and (job.erstellt_von_id == user.pk or user.ist_geschaeftsstelle)


# --- creating and queueing ---------------------------------------------------------------
def export_anlegen(user, art: str, parameter: dict) -> ExportJob:
    """Create a job (or return an equal one that is running or fresh) and enqueue it after
    commit. Raises ExportNichtErlaubt or inhalte.AuswahlFehler with a German message."""
    if art not in ExportArt.values:
        raise ExportNichtErlaubt("Unbekannte Exportart.")
    if art == ExportArt.STECKBRIEF_PDF:
        sb = Steckbrief.objects.filter(pk=parameter.get("steckbrief")).first()
        if sb is None or not regeln.darf_ansehen(user, sb):
            raise ExportNichtErlaubt("Diesen Steckbrief dürfen Sie nicht herunterladen.")
        parameter = {"steckbrief": sb.pk}
        vorhanden = _vorhandenes_steckbrief_pdf(user, sb)
        if vorhanden:
            return vorhanden
        beschreibung = f"Steckbrief „{sb}“"[:300]
        anzahl = 1
    else:
        if not darf_exportieren(user):
            raise ExportNichtErlaubt(
                "Exporte stehen der Geschäftsstelle und den Wirtschaftsförderungen zur Verfügung."
            )
        parameter = _parameter_bereinigen(parameter, user)
        anzahl = inhalte.auswahl(user, parameter).count()
        if not anzahl:
            raise inhalte.AuswahlFehler(
                "Die Auswahl enthält keine eingereichten Steckbriefe, die Sie sehen dürfen."
            )
        beschreibung = inhalte.beschreibung(parameter)
    job = ExportJob.objects.create(
        erstellt_von=user, art=art, parameter=parameter, beschreibung=beschreibung, anzahl=anzahl
    )
    transaction.on_commit(lambda: einreihen(job.pk, job.lauf))
    return job


def _parameter_bereinigen(parameter: dict, user) -> dict:
    sauber: dict = {}
    if parameter.get("ids"):
        sauber["ids"] = sorted({int(i) for i in parameter["ids"]})
    elif parameter.get("handlungsfeld"):
        sauber["handlungsfeld"] = int(parameter["handlungsfeld"])
    elif parameter.get("gebietskoerperschaft"):
        sauber["gebietskoerperschaft"] = int(parameter["gebietskoerperschaft"])
    elif parameter.get("alle"):
        sauber["alle"] = True
    if parameter.get("mit_kommentaren") and user.ist_geschaeftsstelle:
        sauber["mit_kommentaren"] = True
    return sauber


def _vorhandenes_steckbrief_pdf(user, sb: Steckbrief) -> ExportJob | None:
    """A PDF of the same Steckbrief for the same user that is still queued or running (a
    second click does not start a second job). Finished ones are not reused: attachments
    may have changed without touching the Steckbrief."""
    for job in ExportJob.objects.filter(
        erstellt_von=user,
        art=ExportArt.STECKBRIEF_PDF,
        parameter__steckbrief=sb.pk,
        status__in=[ExportStatus.WARTEND, ExportStatus.LAEUFT],
    )[:5]:
        if not job.kann_neu_starten:
            return job
    return None


def einreihen(job_id: int, lauf: int) -> bool:
    """Hand the job to the broker. If that fails, the job says so and can be restarted."""
    from .tasks import export_ausfuehren

    try:
        export_ausfuehren.apply_async((job_id, lauf))
    except Exception:  # noqa: BLE001 - any broker/connection error
        logger.warning("Export %s: Broker nicht erreichbar", job_id, exc_info=True)
        ExportJob.objects.filter(pk=job_id, lauf=lauf).update(
            status=ExportStatus.FEHLGESCHLAGEN, fehler=BROKER_FEHLER, abgeschlossen=timezone.now()
        )
        return False
    return True


def neu_starten(job: ExportJob, user) -> ExportJob:
    if not darf_job_sehen(user, job):
        raise ExportNichtErlaubt("Diesen Export dürfen Sie nicht neu starten.")
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if not job.kann_neu_starten:
            raise ExportNichtErlaubt("Dieser Export läuft noch oder ist fertig.")
        _ordner_loeschen(job.ordner)
        job.teile.all().delete()
        job.lauf += 1
        job.status = ExportStatus.WARTEND
        job.fortschritt = 0
        job.versuche = 0
        job.plan = None
        job.fehler = ""
        job.datei = ""
        job.groesse = job.seiten = None
        job.gestartet = job.abgeschlossen = job.laeuft_ab = None
        job.bearbeiter, job.lebenszeichen, job.nachgeschoben = "", None, None
        job.erstellt = timezone.now()
        job.save()
        lauf = job.lauf
        transaction.on_commit(lambda: einreihen(job.pk, lauf))
    return job


# --- files ------------------------------------------------------------------------------------
def _pfad(name: str) -> Path:
    return Path(default_storage.path(name))


def _ordner_loeschen(name: str) -> None:
    shutil.rmtree(_pfad(name), ignore_errors=True)


def _dateiname(job: ExportJob) -> str:
    endung = {ExportArt.CSV: "csv", ExportArt.XLSX: "xlsx"}.get(job.art, "pdf")
    stamm = {
        ExportArt.STECKBRIEF_PDF: f"steckbrief-{job.parameter.get('steckbrief')}",
        ExportArt.DOSSIER: "dossier",
        ExportArt.CSV: "steckbriefe",
        ExportArt.XLSX: "steckbriefe",
    }[job.art]
    zusatz = "" if job.art == ExportArt.STECKBRIEF_PDF else slugify(job.beschreibung)[:60]
    teile = [stamm, zusatz, timezone.localdate().isoformat()]
    return "-".join(t for t in teile if t) + f".{endung}"


def _ergebnis_name(job: ExportJob) -> str:
    return f"{job.ordner}/lauf-{job.lauf}/{job.dateiname}"


# --- worker steps -----------------------------------------------------------------------------
def _aktuell(job_id: int, lauf: int, sperren: bool = False) -> ExportJob | None:
    # Lock only the job row (no join, so the owner's user row is not locked as well).
    qs = ExportJob.objects.select_for_update() if sperren else ExportJob.objects
    job = qs.filter(pk=job_id).first()
    if (
        job is None
        or job.lauf != lauf
        or job.status in (ExportStatus.FERTIG, ExportStatus.FEHLGESCHLAGEN)
    ):
        return None
    return job


def _versuch_zaehlen(job: ExportJob) -> None:
    job.versuche += 1
    job.save(update_fields=["versuche"])
    if job.versuche > MAX_VERSUCHE:
        raise _Abbruch(VERSUCHE_FEHLER)


class _Abbruch(Exception):
    """Give up on the job with this German message (no retry)."""


def ausfuehren(job_id: int, lauf: int, bearbeiter: str | None = None) -> None:
    """First step of every job. Dossiers: freeze the plan, create the chunk rows, enqueue
    the chunks. Steckbrief PDF and tables: produce the file right here. `bearbeiter`: the
    worker's node name (see _in_arbeit)."""
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is None:
            return
        try:
            _versuch_zaehlen(job)
        except _Abbruch as abbruch:
            _fehlschlag_speichern(job, str(abbruch))
            return
        job.status = ExportStatus.LAEUFT
        job.gestartet = job.gestartet or timezone.now()
        job.dateiname = job.dateiname or _dateiname(job)
        job.save(update_fields=["status", "gestartet", "dateiname"])
    with _in_arbeit(ExportJob.objects.filter(pk=job_id, lauf=lauf), bearbeiter):
        if job.art == ExportArt.DOSSIER:
            _dossier_planen(job)
        elif job.art == ExportArt.STECKBRIEF_PDF:
            ziel = _pfad(_ergebnis_name(job))
            seiten = dossier.steckbrief_pdf(job, job.parameter["steckbrief"], ziel)
            _abschliessen(job_id, lauf, seiten=seiten)
        else:
            _tabelle(job)


def _dossier_planen(job: ExportJob) -> None:
    from .tasks import dossier_teil

    with transaction.atomic():
        job = _aktuell(job.pk, job.lauf, sperren=True)
        if job is None:
            return
        if job.plan is None:
            plan = inhalte.plan_erstellen(
                job.erstellt_von,
                job.parameter,
                mit_bewertung=mit_bewertung(job.erstellt_von),
                mit_kommentaren=bool(job.parameter.get("mit_kommentaren")),
            )
            ids = [e["id"] for e in plan["eintraege"]]
            if not ids:
                _fehlschlag_speichern(job, "Die Auswahl enthält keine Steckbriefe mehr.")
                return
            job.plan = plan
            job.anzahl = len(ids)
            job.fortschritt = 5
            job.versuche = 0
            job.save(update_fields=["plan", "anzahl", "fortschritt", "versuche"])
            DossierTeil.objects.bulk_create(
                DossierTeil(job=job, lauf=job.lauf, index=i, **teil)
                for i, teil in enumerate(dossier.teile_planen(ids))
            )
        # Also after a redelivery: (re-)enqueue whatever is not done yet.
        offen = list(
            job.teile.filter(lauf=job.lauf, status=DossierTeil.Status.OFFEN).values_list(
                "index", flat=True
            )
        )
        lauf = job.lauf

        def alle_einreihen():
            for index in offen:
                dossier_teil.apply_async((job.pk, lauf, index))

        transaction.on_commit(alle_einreihen, robust=False)
        if not offen:
            transaction.on_commit(lambda: _zusammenfuehrung_einreihen(job.pk, lauf))


def teil_ausfuehren(job_id: int, lauf: int, index: int, bearbeiter: str | None = None) -> None:
    """Render one piece; the task that completes the last piece enqueues the merge."""
    job = _aktuell(job_id, lauf)
    if job is None:
        return
    teil = DossierTeil.objects.filter(job=job, lauf=lauf, index=index).first()
    if teil is None:
        return
    if teil.status != DossierTeil.Status.OFFEN:
        # A redelivery after the work was recorded: only make sure the merge follows.
        _teil_abschliessen(job_id, lauf, teil, None, None)
        return
    zeilen = DossierTeil.objects.filter(pk=teil.pk)
    with _in_arbeit(zeilen, bearbeiter):
        zeilen.update(versuche=F("versuche") + 1)
        teil.refresh_from_db(fields=["versuche"])
        if teil.versuche > MAX_VERSUCHE:
            _fehlschlagen(job_id, lauf, VERSUCHE_FEHLER)
            return
        ziel = _pfad(job.arbeitsordner) / teil.dateiname
        seiten, anfaenge = dossier.teil_rendern(job, teil, ziel)
        _teil_abschliessen(job_id, lauf, teil, seiten, anfaenge)


def _teil_abschliessen(job_id: int, lauf: int, teil: DossierTeil, seiten, anfaenge) -> None:
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is None:
            return
        teil = DossierTeil.objects.get(pk=teil.pk)
        if teil.status == DossierTeil.Status.OFFEN:
            teil.status = DossierTeil.Status.FERTIG
            teil.seiten = seiten
            teil.anfaenge = anfaenge
            teil.abgeschlossen = timezone.now()
            teil.save(update_fields=["status", "seiten", "anfaenge", "abgeschlossen"])
        alle = job.teile.filter(lauf=lauf)
        gesamt = alle.count()
        fertig = alle.filter(status=DossierTeil.Status.FERTIG).count()
        job.fortschritt = max(job.fortschritt, 5 + (85 * fertig) // max(gesamt, 1))
        job.save(update_fields=["fortschritt"])
        if fertig == gesamt:
            transaction.on_commit(lambda: _zusammenfuehrung_einreihen(job_id, lauf), robust=False)


def _zusammenfuehrung_einreihen(job_id: int, lauf: int) -> None:
    from .tasks import dossier_zusammenfuehren

    dossier_zusammenfuehren.apply_async((job_id, lauf))


def zusammenfuehren(job_id: int, lauf: int, bearbeiter: str | None = None) -> None:
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is None:
            return
        teile = list(job.teile.filter(lauf=lauf).order_by("index"))
        if not teile or any(t.status != DossierTeil.Status.FERTIG for t in teile):
            return
        try:
            _versuch_zaehlen(job)
        except _Abbruch as abbruch:
            _fehlschlag_speichern(job, str(abbruch))
            return

    def fortschritt(prozent: int) -> None:
        ExportJob.objects.filter(pk=job_id, lauf=lauf).update(fortschritt=prozent)

    with _in_arbeit(ExportJob.objects.filter(pk=job_id, lauf=lauf), bearbeiter):
        fortschritt(91)
        ziel = _pfad(_ergebnis_name(job))
        seiten = dossier.zusammenfuehren(job, teile, _pfad(job.arbeitsordner), ziel, fortschritt)
        _abschliessen(job_id, lauf, seiten=seiten)


def _tabelle(job: ExportJob) -> None:
    ids = list(
        inhalte.auswahl(job.erstellt_von, job.parameter)
        .order_by("titel", "pk")
        .values_list("pk", flat=True)
    )
    ziel = _pfad(_ergebnis_name(job))

    def fortschritt(n: int) -> None:
        ExportJob.objects.filter(pk=job.pk, lauf=job.lauf).update(
            fortschritt=5 + (90 * n) // max(len(ids), 1)
        )

    with rendering.atomar(ziel) as temp:
        if job.art == ExportArt.CSV:
            with open(temp, "w", encoding="utf-8", newline="") as datei:
                tabellen.csv_schreiben(datei, ids, mit_bewertung(job.erstellt_von), fortschritt)
        else:
            with open(temp, "wb") as datei:
                tabellen.xlsx_schreiben(datei, ids, mit_bewertung(job.erstellt_von), fortschritt)
    _abschliessen(job.pk, job.lauf, anzahl=len(ids))


def tabelle_direkt(user, art: str, parameter: dict) -> tuple[bytes, str, str] | None:
    """Small tables are answered in the request: (content, file name, content type), or
    None if the selection is too large (then a job is the way)."""
    if not darf_exportieren(user):
        raise ExportNichtErlaubt(
            "Exporte stehen der Geschäftsstelle und den Wirtschaftsförderungen zur Verfügung."
        )
    parameter = _parameter_bereinigen(parameter, user)
    qs = inhalte.auswahl(user, parameter)
    ids = list(qs.order_by("titel", "pk").values_list("pk", flat=True)[: direkt_max() + 1])
    if len(ids) > direkt_max():
        return None
    if not ids:
        raise inhalte.AuswahlFehler(
            "Die Auswahl enthält keine eingereichten Steckbriefe, die Sie sehen dürfen."
        )
    job = ExportJob(art=art, beschreibung=inhalte.beschreibung(parameter), parameter=parameter)
    name = _dateiname(job)
    if art == ExportArt.CSV:
        puffer = io.StringIO()
        tabellen.csv_schreiben(puffer, ids, mit_bewertung(user))
        return puffer.getvalue().encode("utf-8"), name, "text/csv; charset=utf-8"
    puffer = io.BytesIO()
    tabellen.xlsx_schreiben(puffer, ids, mit_bewertung(user))
    return (
        puffer.getvalue(),
        name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _abschliessen(job_id: int, lauf: int, seiten: int | None = None, anzahl: int | None = None):
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is None:
            return
        name = _ergebnis_name(job)
        jetzt = timezone.now()
        job.status = ExportStatus.FERTIG
        job.datei.name = name
        job.groesse = _pfad(name).stat().st_size
        job.seiten = seiten
        if anzahl is not None:
            job.anzahl = anzahl
        job.fortschritt = 100
        job.fehler = ""
        job.abgeschlossen = jetzt
        job.laeuft_ab = jetzt + aufbewahrung()
        job.save()
        transaction.on_commit(lambda: _ordner_loeschen(f"{job.ordner}/lauf-{lauf}/arbeit"))
        _benachrichtigen(job)


# --- workers that die -------------------------------------------------------------------------
class _Puls(threading.Thread):
    """Refreshes the sign of life of a running step's rows while the step works (a single
    WeasyPrint call can take minutes). Uses its own database connection, only after the
    first interval, so short steps never open one."""

    def __init__(self, zeilen, intervall: int):
        super().__init__(name="export-lebenszeichen", daemon=True)
        self.zeilen = zeilen
        self.intervall = intervall
        self.halt = threading.Event()

    def run(self) -> None:
        try:
            while not self.halt.wait(self.intervall):
                try:
                    self.zeilen.update(lebenszeichen=timezone.now())
                except DatabaseError:
                    logger.warning("Lebenszeichen nicht gespeichert", exc_info=True)
                    close_old_connections()
        finally:
            connections.close_all()  # this thread's connections only


@contextlib.contextmanager
def _in_arbeit(zeilen, bearbeiter: str | None):
    """Mark the rows of a running step (the job or a chunk) with the worker's node name
    and keep their sign of life fresh while the block runs; clear both afterwards, also
    on errors (the task's retry takes over). A worker that dies leaves the mark behind
    for verlassene_schritte_fortsetzen. In-process runs (no node name) mark nothing."""
    if not bearbeiter:
        yield
        return
    meine = zeilen.filter(bearbeiter=bearbeiter)
    zeilen.update(bearbeiter=bearbeiter, lebenszeichen=timezone.now())
    puls = _Puls(meine, lebenszeichen_intervall())
    puls.start()
    try:
        yield
    finally:
        puls.halt.set()
        puls.join(timeout=30)
        meine.update(bearbeiter="", lebenszeichen=None)


STILLSTAND_INTERVALLE = 10


def verlassene_schritte_fortsetzen(
    neu_gestartet: str | None = None, jetzt: datetime.datetime | None = None
) -> dict[str, int]:
    """Enqueue again the work of running jobs whose worker died. Runs when a worker starts
    (dossiers.tasks, with its node name) and every minute (beat).

    1. Steps marked by `neu_gestartet` (a worker that has just started under this node name
       cannot still be running them) and steps without a sign of life for three intervals.
    2. Jobs at a standstill: nothing marked, nothing done or enqueued again for ten
       intervals, but work left. A message was lost between the broker and the step (the
       worker died right after taking it, before marking the row). A job that merely waits
       in a long queue gets duplicates, which find their work done and do nothing.

    Redis would hand out a dead worker's messages again only after the visibility timeout
    (an hour; it must be longer than the longest task); they too find their work done. If
    the broker is down, nothing is marked as enqueued and the next round tries again."""
    from .tasks import dossier_teil

    jetzt = jetzt or timezone.now()
    intervall = datetime.timedelta(seconds=lebenszeichen_intervall())
    verlassen = Q(lebenszeichen__lt=jetzt - 3 * intervall)
    if neu_gestartet:
        verlassen |= Q(bearbeiter=neu_gestartet)
    ruhig_seit = jetzt - STILLSTAND_INTERVALLE * intervall
    laufend = ExportJob.objects.filter(status=ExportStatus.LAEUFT)
    frei = {"bearbeiter": "", "lebenszeichen": None}
    ergebnis = {"teile": 0, "jobs": 0}
    try:
        teile = DossierTeil.objects.filter(
            verlassen,
            bearbeiter__gt="",
            status=DossierTeil.Status.OFFEN,
            job__in=laufend,
            lauf=F("job__lauf"),
        ).values_list("pk", "job_id", "lauf", "index", "lebenszeichen")
        for pk, job_id, lauf, index, zeichen in teile:
            zeilen = DossierTeil.objects.filter(pk=pk, lebenszeichen=zeichen)
            schritte = [(dossier_teil, (job_id, lauf, index))]
            if _neu_einreihen(zeilen, frei, job_id, jetzt, schritte):
                ergebnis["teile"] += 1
        jobs = laufend.filter(verlassen, bearbeiter__gt="")
        for job_id, lauf, art, zeichen in jobs.values_list("pk", "lauf", "art", "lebenszeichen"):
            zeilen = ExportJob.objects.filter(pk=job_id, lauf=lauf, lebenszeichen=zeichen)
            schritte = [_naechster_schritt(job_id, lauf, art)]
            if _neu_einreihen(zeilen, frei, job_id, jetzt, schritte):
                ergebnis["jobs"] += 1

        still = laufend.filter(bearbeiter="", gestartet__lt=ruhig_seit).exclude(
            nachgeschoben__gte=ruhig_seit
        )
        for job_id, lauf, art, zuletzt in still.values_list("pk", "lauf", "art", "nachgeschoben"):
            teile = DossierTeil.objects.filter(job_id=job_id, lauf=lauf)
            if teile.filter(Q(bearbeiter__gt="") | Q(abgeschlossen__gte=ruhig_seit)).exists():
                continue  # something runs or has just been done
            offen = teile.filter(status=DossierTeil.Status.OFFEN).values_list("index", flat=True)
            schritte = [(dossier_teil, (job_id, lauf, index)) for index in offen] or [
                _naechster_schritt(job_id, lauf, art)
            ]
            zeilen = ExportJob.objects.filter(
                pk=job_id, lauf=lauf, bearbeiter="", nachgeschoben=zuletzt
            )
            if _neu_einreihen(zeilen, {"nachgeschoben": jetzt}, job_id, jetzt, schritte):
                ergebnis["jobs"] += 1
    except Exception:  # noqa: BLE001 - e.g. broker down: the next round tries again
        logger.warning("Abgebrochene Export-Schritte nicht alle eingereiht", exc_info=True)
    if ergebnis["teile"] or ergebnis["jobs"]:
        logger.warning(
            "Abgebrochene Export-Schritte wieder eingereiht: %s Teile, %s Jobs",
            ergebnis["teile"],
            ergebnis["jobs"],
        )
    return ergebnis


def _naechster_schritt(job_id: int, lauf: int, art: str) -> tuple:
    """The step that continues a job: the merge of a planned dossier whose pieces are all
    done; otherwise the first step (it plans a dossier, or enqueues its open pieces, or
    produces a Steckbrief PDF or table)."""
    from .tasks import dossier_zusammenfuehren, export_ausfuehren

    if (
        art == ExportArt.DOSSIER
        and ExportJob.objects.filter(pk=job_id, plan__isnull=False).exists()
        and not DossierTeil.objects.filter(job_id=job_id, lauf=lauf)
        .exclude(status=DossierTeil.Status.FERTIG)
        .exists()
    ):
        return dossier_zusammenfuehren, (job_id, lauf)
    return export_ausfuehren, (job_id, lauf)


def _neu_einreihen(zeilen, aenderung: dict, job_id: int, jetzt, schritte: list) -> bool:
    """Claim the work by changing `zeilen` (nothing happens if another round or the step
    itself changed them meanwhile), note it on the job and enqueue the steps; a failed
    publish rolls the claim back. A worker that picks a message up before the commit
    waits for the row lock."""
    with transaction.atomic():
        if not zeilen.update(**aenderung):
            return False
        ExportJob.objects.filter(pk=job_id).update(nachgeschoben=jetzt)
        for task, args in schritte:
            task.apply_async(args)
    return True


# --- failures ---------------------------------------------------------------------------------
def fehlertext(fehler: BaseException) -> str:
    if isinstance(fehler, SoftTimeLimitExceeded):
        return ZEIT_FEHLER
    if isinstance(fehler, inhalte.AuswahlFehler | _Abbruch):
        return str(fehler)
    return ALLGEMEINER_FEHLER


def fehlgeschlagen(job_id: int, lauf: int, fehler: BaseException) -> None:
    """Called by the tasks when a step finally fails (after its retries)."""
    logger.error("Export %s (Lauf %s) fehlgeschlagen: %r", job_id, lauf, fehler)
    _fehlschlagen(job_id, lauf, fehlertext(fehler))


def _fehlschlagen(job_id: int, lauf: int, text: str) -> None:
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is not None:
            _fehlschlag_speichern(job, text)


def _fehlschlag_speichern(job: ExportJob, text: str) -> None:
    job.status = ExportStatus.FEHLGESCHLAGEN
    job.fehler = text
    job.abgeschlossen = timezone.now()
    job.save(update_fields=["status", "fehler", "abgeschlossen"])
    ordner = f"{job.ordner}/lauf-{job.lauf}"
    transaction.on_commit(lambda: _ordner_loeschen(ordner))
    _benachrichtigen(job)


def _benachrichtigen(job: ExportJob) -> None:
    """E-mail for long jobs (done or failed); short ones are watched on the page."""
    if job.gestartet is None or job.abgeschlossen - job.erstellt < mail_ab():
        return
    mail_senden(job.erstellt_von.email, "export", {"job": job})


# --- expiry -----------------------------------------------------------------------------------
def aufraeumen(jetzt: datetime.datetime | None = None) -> dict[str, int]:
    """Periodic: delete expired files, fail jobs that have been running for hours, remove
    folders of failed runs and of deleted jobs."""
    jetzt = jetzt or timezone.now()
    ergebnis = {"abgelaufen": 0, "haengend": 0, "verwaist": 0}
    for job in ExportJob.objects.filter(status=ExportStatus.FERTIG, laeuft_ab__lt=jetzt).exclude(
        datei=""
    ):
        _ordner_loeschen(job.ordner)
        ExportJob.objects.filter(pk=job.pk, lauf=job.lauf).update(datei="")
        ergebnis["abgelaufen"] += 1
    grenze = jetzt - datetime.timedelta(hours=int(getattr(settings, "EXPORT_MAX_STUNDEN", 3)))
    for job in ExportJob.objects.filter(status=ExportStatus.LAEUFT, gestartet__lt=grenze):
        _fehlschlagen(job.pk, job.lauf, ZEIT_FEHLER)
        ergebnis["haengend"] += 1
    wurzel = _pfad("exporte")
    if wurzel.is_dir():
        ids = {str(pk) for pk in ExportJob.objects.values_list("pk", flat=True)}
        for ordner in wurzel.iterdir():
            if ordner.is_dir() and ordner.name not in ids:
                shutil.rmtree(ordner, ignore_errors=True)
                ergebnis["verwaist"] += 1
    return ergebnis
