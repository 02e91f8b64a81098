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
"""

from __future__ import annotations

import datetime
import io
import logging
import shutil
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from masterplan.mail import mail_senden
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


def ausfuehren(job_id: int, lauf: int) -> None:
    """First step of every job. Dossiers: freeze the plan, create the chunk rows, enqueue
    the chunks. Steckbrief PDF and tables: produce the file right here."""
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


def teil_ausfuehren(job_id: int, lauf: int, index: int) -> None:
    """Render one piece; the task that completes the last piece enqueues the merge."""
    job = _aktuell(job_id, lauf)
    if job is None:
        return
    teil = DossierTeil.objects.filter(job=job, lauf=lauf, index=index).first()
    if teil is None:
        return
    if teil.status == DossierTeil.Status.OFFEN:
        DossierTeil.objects.filter(pk=teil.pk).update(versuche=F("versuche") + 1)
        teil.refresh_from_db(fields=["versuche"])
        if teil.versuche > MAX_VERSUCHE:
            _fehlschlagen(job_id, lauf, VERSUCHE_FEHLER)
            return
        ziel = _pfad(job.arbeitsordner) / teil.dateiname
        seiten, anfaenge = dossier.teil_rendern(job, teil, ziel)
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


def zusammenfuehren(job_id: int, lauf: int) -> None:
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
