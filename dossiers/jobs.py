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
from django.db import transaction
from django.utils import timezone

from kern.tabellen import CSV_TYP, XLSX_TYP
from steckbriefe.models import Steckbrief

from . import ablage, inhalte, regeln, tabellen
from .models import ExportArt, ExportJob, ExportStatus
from .regeln import AuswahlFehler, ExportNichtErlaubt

logger = logging.getLogger(__name__)

BROKER_FEHLER = (
    "Export zurzeit nicht möglich: Der Hintergrunddienst für Exporte ist nicht erreichbar. "
    "Bitte starten Sie den Export später erneut."
)
NUR_GS_UND_WF = "Exporte stehen der Geschäftsstelle und den Wirtschaftsförderungen zur Verfügung."
LEERE_AUSWAHL = "Die Auswahl enthält keine eingereichten Steckbriefe, die Sie sehen dürfen."


def direkt_max() -> int:
    """Tables up to this many Steckbriefe are answered directly in the request."""
    return settings.EXPORT_DIREKT_MAX


def export_anlegen(user, art: str, parameter: dict) -> ExportJob:
    """Create a job (or return an equal one that is running or fresh) and enqueue it after
    commit. Raises ExportNichtErlaubt or AuswahlFehler with a German message."""
    if art not in ExportArt.values:
        raise ExportNichtErlaubt("Unbekannte Exportart.")
    if art == ExportArt.STECKBRIEF_PDF:
        sb = Steckbrief.objects.filter(pk=parameter.get("steckbrief")).first()
        if sb is None or not regeln.darf_steckbrief_pdf(user, sb):
            raise ExportNichtErlaubt("Diesen Steckbrief dürfen Sie nicht herunterladen.")
        parameter = {"steckbrief": sb.pk}
        vorhanden = _vorhandenes_steckbrief_pdf(user, sb)
        if vorhanden:
            return vorhanden
        beschreibung = f"Steckbrief „{sb}“"[:300]
        anzahl = 1
    else:
        if not regeln.darf_exportieren(user):
            raise ExportNichtErlaubt(NUR_GS_UND_WF)
        parameter = regeln.parameter_bereinigen(parameter, user)
        anzahl = regeln.auswahl(user, parameter).count()
        if not anzahl:
            raise AuswahlFehler(LEERE_AUSWAHL)
        beschreibung = inhalte.beschreibung(parameter)
    job = ExportJob.objects.create(
        erstellt_von=user, art=art, parameter=parameter, beschreibung=beschreibung, anzahl=anzahl
    )
    transaction.on_commit(lambda: einreihen(job.pk, job.lauf))
    return job


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
    if not regeln.darf_job_sehen(user, job):
        raise ExportNichtErlaubt("Diesen Export dürfen Sie nicht neu starten.")
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if not job.kann_neu_starten:
            raise ExportNichtErlaubt("Dieser Export läuft noch oder ist fertig.")
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
    job = ExportJob(art=art, beschreibung=inhalte.beschreibung(parameter), parameter=parameter)
    name = ablage.dateiname(job)
    if art == ExportArt.CSV:
        puffer = io.StringIO()
        tabellen.csv_schreiben(puffer, ids, regeln.mit_bewertung(user))
        return puffer.getvalue().encode("utf-8"), name, CSV_TYP
    puffer = io.BytesIO()
    tabellen.xlsx_schreiben(puffer, ids, regeln.mit_bewertung(user))
    return puffer.getvalue(), name, XLSX_TYP
