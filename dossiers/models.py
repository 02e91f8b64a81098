"""Export jobs: one row per requested PDF or table, the single source of truth for its state.

Workers never keep state elsewhere: a task reads the row, does its work into a temporary
file, renames it atomically and records the result in the row. `lauf` counts restarts; a
task carries the `lauf` it was queued for and does nothing if the job has moved on, so a
redelivered or late task cannot touch a newer run."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Celery queue of the pieces and the merge of large dossiers. Workers consume it besides the
# default queue (settings.CELERY_TASK_QUEUES; kombu takes turns between the queues), so a
# small dossier requested behind a large one gets every other free worker slot instead of
# waiting for all of the large one's pieces.
GROSSE_WARTESCHLANGE = "exporte-gross"


def warteschlange(anzahl: int | None) -> str | None:
    """The queue of a dossier's pieces and merge: large ones (at least DOSSIER_GROSS_AB
    Steckbriefe) their own, others the default queue (None)."""
    return GROSSE_WARTESCHLANGE if (anzahl or 0) >= settings.DOSSIER_GROSS_AB else None


class ExportArt(models.TextChoices):
    STECKBRIEF_PDF = "steckbrief_pdf", "Steckbrief (PDF)"
    DOSSIER = "dossier", "Dossier (PDF)"
    CSV = "csv", "Tabelle (CSV)"
    XLSX = "xlsx", "Tabelle (Excel)"
    # The dossier of an Ideenwettbewerb call (dossiers.ideen), same pipeline as DOSSIER.
    IDEEN_DOSSIER = "ideen_dossier", "Dossier der Ideen eines Aufrufs (PDF)"


# Jobs that run through the chunked dossier pipeline (plan, pieces, merge).
DOSSIER_ARTEN = (ExportArt.DOSSIER, ExportArt.IDEEN_DOSSIER)


class ExportStatus(models.TextChoices):
    WARTEND = "wartend", "In der Warteschlange"
    LAEUFT = "laeuft", "Wird erstellt"
    FERTIG = "fertig", "Fertig"
    FEHLGESCHLAGEN = "fehlgeschlagen", "Fehlgeschlagen"


class ExportJob(models.Model):
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Erstellt von",
        on_delete=models.CASCADE,
        related_name="exporte",
    )
    art = models.CharField("Art", max_length=20, choices=ExportArt.choices)
    parameter = models.JSONField("Auswahl", default=dict, blank=True)
    beschreibung = models.CharField("Beschreibung", max_length=300, blank=True)
    status = models.CharField(
        "Status",
        max_length=20,
        choices=ExportStatus.choices,
        default=ExportStatus.WARTEND,
        db_index=True,
    )
    fortschritt = models.PositiveSmallIntegerField("Fortschritt (%)", default=0)
    lauf = models.PositiveIntegerField("Lauf", default=1)
    versuche = models.PositiveSmallIntegerField("Versuche im aktuellen Schritt", default=0)
    plan = models.JSONField(
        "Plan (Momentaufnahme der Auswahl)", null=True, blank=True, editable=False
    )
    datei = models.FileField("Datei", max_length=255, blank=True)
    dateiname = models.CharField("Dateiname", max_length=200, blank=True)
    groesse = models.PositiveBigIntegerField("Größe (Bytes)", null=True, blank=True)
    seiten = models.PositiveIntegerField("Seiten", null=True, blank=True)
    anzahl = models.PositiveIntegerField("Steckbriefe", null=True, blank=True)
    # What the selection asked for but the export leaves out, and why (for the job page
    # and the dossier's cover; see dossiers.regeln.ausgelassen).
    ausgelassen = models.JSONField("Nicht aufgenommen", default=list, blank=True, editable=False)
    # The portal's address as the requester used it (scheme, host and port, checked against
    # ALLOWED_HOSTS): the e-mail links there, not to SITE_URL's default port.
    fehler = models.TextField("Fehler", blank=True)
    erstellt = models.DateTimeField("Angefordert", auto_now_add=True, db_index=True)
    gestartet = models.DateTimeField("Gestartet", null=True, blank=True)
    abgeschlossen = models.DateTimeField("Abgeschlossen", null=True, blank=True)
    laeuft_ab = models.DateTimeField("Verfügbar bis", null=True, blank=True, db_index=True)
    # A step running on a worker: its Celery node name and the last sign of life (see
    # dossiers.lebenszeichen.verlassene_schritte_fortsetzen). Empty when no step is running.
    bearbeiter = models.CharField("In Arbeit bei", max_length=200, blank=True, editable=False)
    lebenszeichen = models.DateTimeField(
        "Letztes Lebenszeichen", null=True, blank=True, editable=False
    )
    nachgeschoben = models.DateTimeField(
        "Zuletzt wieder eingereiht", null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-erstellt", "-pk"]
        verbose_name = "Export"
        verbose_name_plural = "Exporte"

    def __str__(self):
        return f"{self.get_art_display()} #{self.pk}: {self.beschreibung}"

    def get_absolute_url(self):
        return reverse("dossiers:job", kwargs={"pk": self.pk})

    @property
    def ist_fertig(self) -> bool:
        return self.status == ExportStatus.FERTIG and bool(self.datei)

    @property
    def ist_abgelaufen(self) -> bool:
        return self.status == ExportStatus.FERTIG and not self.datei

    @property
    def ist_aktiv(self) -> bool:
        return self.status in (ExportStatus.WARTEND, ExportStatus.LAEUFT)

    @property
    def kann_neu_starten(self) -> bool:
        """Failed, expired, or queued for so long that the message must be lost."""
        if self.status == ExportStatus.FEHLGESCHLAGEN or self.ist_abgelaufen:
            return True
        if self.status == ExportStatus.WARTEND:
            return timezone.now() - self.erstellt > datetime.timedelta(minutes=15)
        return False

    @property
    def ordner(self) -> str:
        """Storage folder of the job (relative to the default storage)."""
        return f"exporte/{self.pk}"

    @property
    def arbeitsordner(self) -> str:
        """Intermediate files of the current run (pieces, contents, cover)."""
        return f"{self.ordner}/lauf-{self.lauf}/arbeit"


class DossierTeil(models.Model):
    """One piece of a dossier rendered by one task: a chunk of a bounded number of
    Steckbriefe, or a piece of the front matter that does not depend on page numbers (the
    summary, a layout probe of a slice of the ranking table or of the contents), or — once
    all of those are done and the page numbers known — a final slice of the ranking or the
    contents with the real page numbers. The rows are the coordination point: the task that
    marks the last of the first pieces as done (under a row lock on the job) enqueues the
    final slices, the one that marks the last row done enqueues the merge."""

    class Status(models.TextChoices):
        OFFEN = "offen", "offen"
        FERTIG = "fertig", "fertig"

    class Art(models.TextChoices):
        STECKBRIEFE = "steckbriefe", "Steckbriefe"
        ZUSAMMENFASSUNG = "zusammenfassung", "Zusammenfassung"
        RANGLISTE = "rangliste", "Rangliste"
        INHALT = "inhalt", "Inhaltsverzeichnis (Umfang)"
        RANGLISTE_FINAL = "rangliste_final", "Rangliste mit Seitenzahlen"
        INHALT_FINAL = "inhalt_final", "Inhaltsverzeichnis mit Seitenzahlen"

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="teile")
    lauf = models.PositiveIntegerField("Lauf")
    index = models.PositiveIntegerField("Nummer")
    art = models.CharField(max_length=20, choices=Art.choices, default=Art.STECKBRIEFE)
    stueck = models.PositiveIntegerField("Nummer innerhalb der Art", default=0)
    steckbrief_ids = models.JSONField("Steckbriefe", default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFEN)
    seiten = models.PositiveIntegerField("Seiten", null=True, blank=True)
    anfaenge = models.JSONField(
        "Erste Seite je Steckbrief (0-basiert, im Teil)", default=dict, blank=True
    )
    # Pages WeasyPrint has laid out so far while the piece renders (with the sign of life):
    # the progress within a chunk (dossiers.fortschritt).
    seiten_gesetzt = models.PositiveIntegerField("Bisher gesetzte Seiten", default=0)
    versuche = models.PositiveSmallIntegerField(default=0)
    abgeschlossen = models.DateTimeField(null=True, blank=True)
    bearbeiter = models.CharField("In Arbeit bei", max_length=200, blank=True, editable=False)
    lebenszeichen = models.DateTimeField(
        "Letztes Lebenszeichen", null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["job", "lauf", "index"]
        verbose_name = "Dossier-Teil"
        verbose_name_plural = "Dossier-Teile"
        constraints = [
            models.UniqueConstraint(fields=["job", "lauf", "index"], name="dossierteil_einmalig")
        ]

    def __str__(self):
        return f"Teil {self.index + 1} ({self.get_art_display()}) von Export #{self.job_id}"

    @property
    def dateiname(self) -> str:
        if self.art == self.Art.STECKBRIEFE:
            return f"teil-{self.stueck:04d}.pdf"
        return f"{self.art}-{self.stueck:04d}.pdf"


# Pieces that need the page numbers, i.e. all other pieces of the run done.
FINALE_TEILE = (DossierTeil.Art.RANGLISTE_FINAL, DossierTeil.Art.INHALT_FINAL)


def einzureihende_teile(teile) -> list[int]:
    """Indices of the open pieces among `teile` (the rows of one run) that can run now: the
    open first pieces, or — when all of those are done — the open final slices."""
    offen = list(
        teile.filter(status=DossierTeil.Status.OFFEN).order_by("index").values_list("index", "art")
    )
    erste = [index for index, art in offen if art not in FINALE_TEILE]
    return erste or [index for index, _ in offen]
