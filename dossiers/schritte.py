"""The steps of an export job on the workers (called by the thin Celery tasks in
dossiers.tasks): the first step (plan a dossier and enqueue its pieces, or produce a
Steckbrief PDF or table), rendering one piece, the merge, and how a job ends — done, or
failed with a German message (and an e-mail for long jobs).

- Every step carries (job id, lauf). A step whose lauf is not the job's current one, or
  that finds its work already recorded as done, does nothing; files are written to a
  temporary name and renamed, so a redelivered task cannot leave a second or broken file.
- Steps count their attempts; after MAX_VERSUCHE (e.g. a chunk that always hits the hard
  time limit and gets redelivered) the job fails with a German message instead of looping.
- A running step marks its row and keeps a sign of life (dossiers.lebenszeichen)."""

from __future__ import annotations

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kern.mail import mail_senden

from . import dossier, ideen, inhalte, regeln, rendering, tabellen
from .ablage import dateiname, ergebnis_name, ordner_loeschen, pfad
from .fortschritt import seiten_zaehlen
from .lebenszeichen import in_arbeit
from .models import (
    DOSSIER_ARTEN,
    FINALE_TEILE,
    DossierTeil,
    ExportArt,
    ExportJob,
    ExportStatus,
    einzureihende_teile,
    warteschlange,
)

logger = logging.getLogger(__name__)

MAX_VERSUCHE = 5
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


def aufbewahrung() -> datetime.timedelta:
    """How long a finished file can be downloaded."""
    return datetime.timedelta(days=settings.EXPORT_AUFBEWAHRUNG_TAGE)


def mail_ab() -> datetime.timedelta:
    """Jobs that take at least this long send an e-mail when they are done or failed."""
    return datetime.timedelta(seconds=settings.EXPORT_MAIL_AB_SEKUNDEN)


class _Abbruch(Exception):
    """Give up on the job with this German message (no retry)."""


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


# --- the steps ----------------------------------------------------------------------------
def ausfuehren(job_id: int, lauf: int, bearbeiter: str | None = None) -> None:
    """First step of every job. Dossiers: freeze the plan, create the chunk rows, enqueue
    the chunks. Steckbrief PDF and tables: produce the file right here. `bearbeiter`: the
    worker's node name (see lebenszeichen.in_arbeit)."""
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
        job.dateiname = job.dateiname or dateiname(job)
        job.save(update_fields=["status", "gestartet", "dateiname"])
    with in_arbeit(ExportJob.objects.filter(pk=job_id, lauf=lauf), bearbeiter):
        if job.art in DOSSIER_ARTEN:
            _dossier_planen(job)
        elif job.art == ExportArt.STECKBRIEF_PDF:
            ziel = pfad(ergebnis_name(job))
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
        if job.plan is None and job.art == ExportArt.IDEEN_DOSSIER:
            aufruf = ideen.aufruf_holen(job.parameter.get("aufruf"))
            plan = ideen.plan_erstellen(aufruf)
            if not plan["eintraege"]:
                _fehlschlag_speichern(job, "Der Aufruf hat keine eingereichten Ideen mehr.")
                return
            job.ausgelassen = plan["ausgelassen"] = ideen.ausgelassen(aufruf)
            job.beschreibung = ideen.beschreibung(aufruf)
            _plan_speichern(job, plan)
        if job.plan is None:
            plan = inhalte.plan_erstellen(
                job.erstellt_von,
                job.parameter,
                mit_bewertung=regeln.mit_bewertung(job.erstellt_von),
                mit_kommentaren=bool(job.parameter.get("mit_kommentaren")),
            )
            ids = [e["id"] for e in plan["eintraege"]]
            if not ids:
                _fehlschlag_speichern(job, "Die Auswahl enthält keine Steckbriefe mehr.")
                return
            # What is inside and what was left out, as of the frozen plan (a Steckbrief may
            # have been withdrawn since the request).
            job.ausgelassen = plan["ausgelassen"] = regeln.ausgelassen(
                job.erstellt_von, job.parameter
            )
            job.beschreibung = inhalte.beschreibung(job.parameter, len(ids))
            _plan_speichern(job, plan)
        # Also after a redelivery: (re-)enqueue whatever is not done yet and can run (the
        # final slices only once the first pieces are done).
        offen = einzureihende_teile(job.teile.filter(lauf=job.lauf))
        lauf = job.lauf
        schlange = warteschlange(job.anzahl)

        def alle_einreihen():
            for index in offen:
                dossier_teil.apply_async((job.pk, lauf, index), queue=schlange)

        transaction.on_commit(alle_einreihen, robust=False)
        if not offen:
            transaction.on_commit(lambda: _zusammenfuehrung_einreihen(job.pk, lauf))


def _plan_speichern(job: ExportJob, plan: dict) -> None:
    """Freeze the plan on the job and create the rows of its pieces (in the job's lock)."""
    ids = [e["id"] for e in plan["eintraege"]]
    job.plan = plan
    job.anzahl = len(ids)
    job.fortschritt = 5
    job.versuche = 0
    job.save(
        update_fields=["plan", "anzahl", "ausgelassen", "beschreibung", "fortschritt", "versuche"]
    )
    DossierTeil.objects.bulk_create(
        DossierTeil(job=job, lauf=job.lauf, index=i, **teil)
        for i, teil in enumerate(dossier.teile_planen(ids))
    )


def teil_ausfuehren(job_id: int, lauf: int, index: int, bearbeiter: str | None = None) -> None:
    """Render one piece; the task that completes the last of the first pieces enqueues the
    final slices, the one that completes the last piece the merge."""
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
    if (
        teil.art in FINALE_TEILE
        and DossierTeil.objects.filter(job=job, lauf=lauf, status=DossierTeil.Status.OFFEN)
        .exclude(art__in=FINALE_TEILE)
        .exists()
    ):
        # Enqueued too early (a recovery round): the first piece that completes the rest
        # enqueues it again.
        return
    zeilen = DossierTeil.objects.filter(pk=teil.pk)
    with (
        seiten_zaehlen() as zaehler,
        in_arbeit(zeilen, bearbeiter, lambda: {"seiten_gesetzt": zaehler.seiten}),
    ):
        zeilen.update(versuche=F("versuche") + 1)
        teil.refresh_from_db(fields=["versuche"])
        if teil.versuche > MAX_VERSUCHE:
            fehlschlagen(job_id, lauf, VERSUCHE_FEHLER)
            return
        ziel = pfad(job.arbeitsordner) / teil.dateiname
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
            # Done pieces carry no worker mark: a worker killed right after this commit
            # leaves no finished piece that looks abandoned.
            teil.bearbeiter, teil.lebenszeichen = "", None
            teil.save(
                update_fields=[
                    "status",
                    "seiten",
                    "anfaenge",
                    "abgeschlossen",
                    "bearbeiter",
                    "lebenszeichen",
                ]
            )
        alle = job.teile.filter(lauf=lauf)
        gesamt = alle.count()
        fertig = alle.filter(status=DossierTeil.Status.FERTIG).count()
        job.fortschritt = max(job.fortschritt, 5 + (85 * fertig) // max(gesamt, 1))
        job.save(update_fields=["fortschritt"])
        if fertig == gesamt:
            transaction.on_commit(lambda: _zusammenfuehrung_einreihen(job_id, lauf), robust=False)
        elif teil.art not in FINALE_TEILE:
            # The last of the first pieces (or its redelivery): the page numbers are known,
            # the final slices of ranking and contents render in parallel. A final slice
            # completing enqueues nothing (its siblings are queued or running).
            finale = einzureihende_teile(alle)
            if finale and all(
                art in FINALE_TEILE
                for art in alle.filter(index__in=finale).values_list("art", flat=True)
            ):
                schlange = warteschlange(job.anzahl)
                transaction.on_commit(
                    lambda: _finale_einreihen(job_id, lauf, finale, schlange), robust=False
                )


def _finale_einreihen(job_id: int, lauf: int, indizes: list[int], schlange) -> None:
    from .tasks import dossier_teil

    for index in indizes:
        dossier_teil.apply_async((job_id, lauf, index), queue=schlange)


def _zusammenfuehrung_einreihen(job_id: int, lauf: int) -> None:
    from .tasks import dossier_zusammenfuehren

    anzahl = ExportJob.objects.filter(pk=job_id).values_list("anzahl", flat=True).first()
    dossier_zusammenfuehren.apply_async((job_id, lauf), queue=warteschlange(anzahl))


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

    with in_arbeit(ExportJob.objects.filter(pk=job_id, lauf=lauf), bearbeiter):
        fortschritt(91)
        ziel = pfad(ergebnis_name(job))
        seiten = dossier.zusammenfuehren(job, teile, pfad(job.arbeitsordner), ziel, fortschritt)
        _abschliessen(job_id, lauf, seiten=seiten)


def _tabelle(job: ExportJob) -> None:
    ids = list(
        regeln.auswahl(job.erstellt_von, job.parameter)
        .order_by("titel", "pk")
        .values_list("pk", flat=True)
    )
    ziel = pfad(ergebnis_name(job))

    def fortschritt(n: int) -> None:
        ExportJob.objects.filter(pk=job.pk, lauf=job.lauf).update(
            fortschritt=5 + (90 * n) // max(len(ids), 1)
        )

    mit_bewertung = regeln.mit_bewertung(job.erstellt_von)
    with rendering.atomar(ziel) as temp:
        if job.art == ExportArt.CSV:
            with open(temp, "w", encoding="utf-8", newline="") as datei:
                tabellen.csv_schreiben(datei, ids, mit_bewertung, fortschritt)
        else:
            with open(temp, "wb") as datei:
                tabellen.xlsx_schreiben(datei, ids, mit_bewertung, fortschritt)
    _abschliessen(job.pk, job.lauf, anzahl=len(ids))


# --- the end of a job -----------------------------------------------------------------------
def _abschliessen(job_id: int, lauf: int, seiten: int | None = None, anzahl: int | None = None):
    with transaction.atomic():
        job = _aktuell(job_id, lauf, sperren=True)
        if job is None:
            return
        name = ergebnis_name(job)
        jetzt = timezone.now()
        job.status = ExportStatus.FERTIG
        job.datei.name = name
        job.groesse = pfad(name).stat().st_size
        job.seiten = seiten
        if anzahl is not None:
            job.anzahl = anzahl
        job.fortschritt = 100
        job.fehler = ""
        job.abgeschlossen = jetzt
        job.laeuft_ab = jetzt + aufbewahrung()
        job.save()
        transaction.on_commit(lambda: ordner_loeschen(f"{job.ordner}/lauf-{lauf}/arbeit"))
        _benachrichtigen(job)


def fehlertext(fehler: BaseException) -> str:
    if isinstance(fehler, SoftTimeLimitExceeded):
        return ZEIT_FEHLER
    if isinstance(fehler, regeln.AuswahlFehler | _Abbruch | ideen.KeinIdeenaufruf):
        return str(fehler)
    return ALLGEMEINER_FEHLER


def fehlgeschlagen(job_id: int, lauf: int, fehler: BaseException) -> None:
    """Called by the tasks when a step finally fails (after its retries)."""
    logger.error("Export %s (Lauf %s) fehlgeschlagen: %r", job_id, lauf, fehler)
    fehlschlagen(job_id, lauf, fehlertext(fehler))


def fehlschlagen(job_id: int, lauf: int, text: str) -> None:
    """Fail the job's current run with the German `text` (nothing if it is over)."""
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
    transaction.on_commit(lambda: ordner_loeschen(ordner))
    _benachrichtigen(job)


def _benachrichtigen(job: ExportJob) -> None:
    """E-mail for long jobs (done or failed); short ones are watched on the page."""
    if job.gestartet is None or job.abgeschlossen - job.erstellt < mail_ab():
        return
    mail_senden(job.erstellt_von.email, "export", {"job": job})
