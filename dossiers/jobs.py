"""Export jobs in the request: creating and queueing them, restarting them, and small tables
answered directly. Views and admin actions call these (through dossiers.services); the
ExportJob row is the single source of truth, the workers' steps are dossiers.schritte.

A job is created in the request and enqueued after the transaction commits. If the broker
cannot be reached, the job is marked failed with "Export zurzeit nicht möglich" and can be
restarted later; the request itself never waits for rendering."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kern.tabellen import CSV_TYP, XLSX_TYP
from steckbriefe.models import Steckbrief

from . import ablage, ideen, inhalte, regeln, tabellen
from .models import ExportArt, ExportJob, ExportStatus
from .regeln import AuswahlFehler, ExportNichtErlaubt

logger = logging.getLogger(__name__)

BROKER_FEHLER = (
    "Export zurzeit nicht möglich: Der Hintergrunddienst für Exporte ist nicht erreichbar. "
    "Bitte starten Sie den Export später erneut."
)
NUR_GS_UND_WF = "Exporte stehen der Geschäftsstelle und den Wirtschaftsförderungen zur Verfügung."
LEERE_AUSWAHL = "Die Auswahl enthält keine eingereichten Steckbriefe, die Sie sehen dürfen."
NUR_GS_IDEEN = "Das Dossier der Ideen eines Aufrufs erstellt die Geschäftsstelle."
KEINE_IDEEN = "Dieser Aufruf hat noch keine eingereichten Ideen."


class ZuVieleExporte(ExportNichtErlaubt):
    """The user already has the allowed number of jobs queued or running."""


def max_aktiv() -> int:
    """Queued or running jobs one user may have at once (EXPORT_MAX_AKTIV_JE_NUTZER)."""
    return max(1, settings.EXPORT_MAX_AKTIV_JE_NUTZER)


def zu_viele_text(anzahl: int) -> str:
    return (
        f"Sie haben bereits {anzahl} Export{'e' if anzahl != 1 else ''} in Arbeit. Bitte warten "
        "Sie, bis einer davon fertig ist, und fordern Sie den Export dann erneut an."
    )


def _aktive(user) -> list[ExportJob]:
    """The user's jobs that are queued or running (a queued one whose message must be lost
    does not count: it can be restarted)."""
    jobs = ExportJob.objects.filter(
        erstellt_von=user, status__in=[ExportStatus.WARTEND, ExportStatus.LAEUFT]
    ).only("pk", "art", "parameter", "status", "erstellt")
    return [job for job in jobs if not job.kann_neu_starten]


def _nutzer_sperren(user) -> None:
    """Serialise the job creation of one user (two quick clicks, two tabs): the check of
    the cap and of an equal running job, and the insert, happen under this row lock."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def direkt_max() -> int:
    """Tables up to this many Steckbriefe are answered directly in the request."""
    return settings.EXPORT_DIREKT_MAX


def export_anlegen(user, art: str, parameter: dict) -> ExportJob:
    """Create a job and enqueue it after commit. An equal request of the same user (same
    kind and selection) that is still queued or running returns that job instead; a user
    has at most max_aktiv() jobs in work. Raises ExportNichtErlaubt (ZuVieleExporte) or
    AuswahlFehler with a German message."""
    if art not in ExportArt.values:
        raise ExportNichtErlaubt("Unbekannte Exportart.")
    ausgelassen: list[dict] = []
    if art == ExportArt.STECKBRIEF_PDF:
        sb = Steckbrief.objects.filter(pk=parameter.get("steckbrief")).first()
        if sb is None or not regeln.darf_steckbrief_pdf(user, sb):
            raise ExportNichtErlaubt("Diesen Steckbrief dürfen Sie nicht herunterladen.")
        parameter = {"steckbrief": sb.pk}
        beschreibung = f"Steckbrief „{sb}“"[:300]
        anzahl = 1
    elif art == ExportArt.IDEEN_DOSSIER:
        if not regeln.darf_ideendossier(user):
            raise ExportNichtErlaubt(NUR_GS_IDEEN)
        try:
            aufruf = ideen.aufruf_holen(parameter.get("aufruf"))
        except ideen.KeinIdeenaufruf as fehler:
            raise AuswahlFehler(str(fehler)) from None
        parameter = {"aufruf": aufruf.pk}
        anzahl = ideen.eingereicht(aufruf).count()
        if not anzahl:
            raise AuswahlFehler(KEINE_IDEEN)
        beschreibung = ideen.beschreibung(aufruf)
        ausgelassen = ideen.ausgelassen(aufruf)
    else:
        if not regeln.darf_exportieren(user):
            raise ExportNichtErlaubt(NUR_GS_UND_WF)
        parameter = regeln.parameter_bereinigen(parameter, user)
        anzahl = regeln.auswahl(user, parameter).count()
        if not anzahl:
            raise AuswahlFehler(LEERE_AUSWAHL)
        beschreibung = inhalte.beschreibung(parameter, anzahl)
        ausgelassen = regeln.ausgelassen(user, parameter)
    with transaction.atomic():
        _nutzer_sperren(user)
        aktive = _aktive(user)
        for job in aktive:
            if job.art == art and job.parameter == parameter:
                return ExportJob.objects.get(pk=job.pk)
        if len(aktive) >= max_aktiv():
            raise ZuVieleExporte(zu_viele_text(len(aktive)))
        job = ExportJob.objects.create(
            erstellt_von=user,
            art=art,
            parameter=parameter,
            beschreibung=beschreibung,
            anzahl=anzahl,
            ausgelassen=ausgelassen,
        )
        transaction.on_commit(lambda: einreihen(job.pk, job.lauf))
    return job


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
    if not regeln.darf_job_sehen(user, job):
        raise ExportNichtErlaubt("Diesen Export dürfen Sie nicht neu starten.")
    with transaction.atomic():
        _nutzer_sperren(job.erstellt_von)
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if not job.kann_neu_starten:
            raise ExportNichtErlaubt("Dieser Export läuft noch oder ist fertig.")
        aktive = [j for j in _aktive(job.erstellt_von) if j.pk != job.pk]
        if len(aktive) >= max_aktiv():
            raise ZuVieleExporte(zu_viele_text(len(aktive)))
        ablage.ordner_loeschen(job.ordner)
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


def tabelle_direkt(user, art: str, parameter: dict) -> tuple[bytes, str, str] | None:
    """Small tables are answered in the request: (content, file name, content type), or
    None if the selection is too large (then a job is the way)."""
    if not regeln.darf_exportieren(user):
        raise ExportNichtErlaubt(NUR_GS_UND_WF)
    parameter = regeln.parameter_bereinigen(parameter, user)
    qs = regeln.auswahl(user, parameter)
    ids = list(qs.order_by("titel", "pk").values_list("pk", flat=True)[: direkt_max() + 1])
    if len(ids) > direkt_max():
        return None
    if not ids:
        raise AuswahlFehler(LEERE_AUSWAHL)
    job = ExportJob(
        art=art, beschreibung=inhalte.beschreibung(parameter, len(ids)), parameter=parameter
    )
    name = ablage.dateiname(job)
    if art == ExportArt.CSV:
        puffer = io.StringIO()
        tabellen.csv_schreiben(puffer, ids, regeln.mit_bewertung(user))
        return puffer.getvalue().encode("utf-8"), name, CSV_TYP
    puffer = io.BytesIO()
    tabellen.xlsx_schreiben(puffer, ids, regeln.mit_bewertung(user))
    return puffer.getvalue(), name, XLSX_TYP
