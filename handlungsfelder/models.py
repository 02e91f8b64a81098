"""Reference data of the Masterplan: the catalogue of Handlungsfelder with their
Zieldimensionen, Teilziele and KPIs, the Gebietskörperschaften of the region, the
Prozessphasen with their dates, and the editable legal pages."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Handlungsfeld(models.Model):
    code = models.CharField("Kürzel", max_length=10, unique=True)
    name = models.CharField("Name", max_length=200)
    kurzbeschreibung = models.TextField("Kurzbeschreibung", blank=True)
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        ordering = ["reihenfolge", "code"]
        verbose_name = "Handlungsfeld"
        verbose_name_plural = "Handlungsfelder"

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("handlungsfeld", kwargs={"code": self.code})


class Zieldimension(models.Model):
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, on_delete=models.PROTECT, related_name="zieldimensionen"
    )
    code = models.CharField("Kürzel", max_length=10, unique=True)
    name = models.CharField("Name", max_length=300)
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        ordering = ["handlungsfeld__reihenfolge", "reihenfolge", "code"]
        verbose_name = "Zieldimension"
        verbose_name_plural = "Zieldimensionen"

    def __str__(self):
        return f"{self.code} {self.name}"


class Teilziel(models.Model):
    zieldimension = models.ForeignKey(
        Zieldimension, on_delete=models.PROTECT, related_name="teilziele"
    )
    text = models.CharField("Teilziel", max_length=500)
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        ordering = ["zieldimension__code", "reihenfolge"]
        verbose_name = "Teilziel"
        verbose_name_plural = "Teilziele"
        constraints = [
            models.UniqueConstraint(fields=["zieldimension", "text"], name="teilziel_einmalig")
        ]

    def __str__(self):
        return self.text


class KPI(models.Model):
    zieldimension = models.ForeignKey(Zieldimension, on_delete=models.PROTECT, related_name="kpis")
    name = models.CharField("KPI", max_length=300)
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        ordering = ["zieldimension__code", "reihenfolge"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        constraints = [
            models.UniqueConstraint(fields=["zieldimension", "name"], name="kpi_einmalig")
        ]

    def __str__(self):
        return self.name


class Gebietskoerperschaft(models.Model):
    ags = models.CharField("AGS", max_length=8, unique=True)
    name = models.CharField("Name", max_length=200)
    art = models.CharField("Art", max_length=100)

    class Meta:
        ordering = ["ags"]
        verbose_name = "Gebietskörperschaft"
        verbose_name_plural = "Gebietskörperschaften"

    def __str__(self):
        return self.name


class PhaseCode(models.TextChoices):
    VORLAEUFIG = "vorlaeufig", "Vorläufiger Steckbrief"
    FINAL = "final", "Finaler Steckbrief"
    BEWERTUNG = "bewertung", "Bewertung"


class ProzessphaseQuerySet(models.QuerySet):
    def aktuell(self, heute: datetime.date | None = None):
        heute = heute or timezone.localdate()
        return self.filter(beginn__lte=heute, ende__gte=heute).order_by("beginn").first()


class Prozessphase(models.Model):
    """One phase of the Steckbrief process. The dates drive every phase rule; the
    Geschäftsstelle edits them in the admin."""

    code = models.CharField("Phase", max_length=20, choices=PhaseCode.choices, unique=True)
    name = models.CharField("Bezeichnung", max_length=200)
    beginn = models.DateField("Beginn")
    ende = models.DateField("Ende (einschließlich)")
    beschreibung = models.TextField("Was geschieht in dieser Phase?", blank=True)

    objects = ProzessphaseQuerySet.as_manager()

    class Meta:
        ordering = ["beginn"]
        verbose_name = "Phase"
        verbose_name_plural = "Phasen"

    def __str__(self):
        return self.name

    def clean(self):
        if self.beginn and self.ende and self.ende < self.beginn:
            raise ValidationError({"ende": "Das Ende darf nicht vor dem Beginn liegen."})

    def ist_offen(self, heute: datetime.date | None = None) -> bool:
        heute = heute or timezone.localdate()
        return self.beginn <= heute <= self.ende

    def tage_bis_ende(self, heute: datetime.date | None = None) -> int:
        heute = heute or timezone.localdate()
        return (self.ende - heute).days


class Seite(models.Model):
    """Legal pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit),
    edited by the Geschäftsstelle in the admin."""

    class Art(models.TextChoices):
        IMPRESSUM = "impressum", "Impressum"
        DATENSCHUTZ = "datenschutz", "Datenschutzerklärung"
        BARRIEREFREIHEIT = "barrierefreiheit", "Erklärung zur Barrierefreiheit"

    slug = models.SlugField("Seite", max_length=30, choices=Art.choices, unique=True)
    titel = models.CharField("Titel", max_length=200)
    inhalt = models.TextField(
        "Inhalt",
        help_text="Absätze durch Leerzeilen trennen. HTML wird nicht ausgeführt. Die Angaben "
        "des Betreibers (aus der Konfiguration) stehen als {name}, {anschrift}, "
        "{name_und_anschrift}, {vertreten_durch}, {kontakt}, {telefon}, {email}, "
        "{datenschutzbeauftragte}, {speicherdauer}, {barrierefreiheit_stand} und "
        "{durchsetzungsstelle} zur Verfügung.",
    )
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "Rechtliche Seite"
        verbose_name_plural = "Rechtliche Seiten"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("seite", kwargs={"slug": self.slug})


# --- Aufrufe (calls) --------------------------------------------------------------------------

# The call every Steckbrief belongs to unless said otherwise (loaded by migration). The
# Steckbrief refers to a call by its slug, so that this default needs no query; the slug of
# a call is therefore fixed once the call exists (admin: read-only).
STANDARD_AUFRUF = "masterplan-projekte-2026"


class Aufrufformat(models.TextChoices):
    PROJEKTSTECKBRIEF = "projektsteckbrief", "Projektsteckbrief"
    IDEENWETTBEWERB = "ideenwettbewerb", "Ideenwettbewerb"


class Teilnehmende(models.TextChoices):
    ORGANISATIONEN = "organisationen", "Organisationen"
    PERSONEN = "personen", "Einzelpersonen und Teams"


class Aufruf(models.Model):
    """A call for submissions: its format, who may submit, its public text and (as
    AufrufPhase rows) its dated phases. A next round or a new call is a new row entered by
    the Geschäftsstelle, not code."""

    name = models.CharField("Name", max_length=200)
    slug = models.SlugField(
        "Kurzname in der Adresse",
        max_length=80,
        unique=True,
        help_text="Erscheint in der Adresse der Aufrufseite (/aufrufe/<Kurzname>/). Kann nach "
        "dem Anlegen nicht mehr geändert werden.",
    )
    format = models.CharField("Format", max_length=30, choices=Aufrufformat.choices)
    teilnehmende = models.CharField(
        "Wer darf einreichen?", max_length=20, choices=Teilnehmende.choices
    )
    kurzbeschreibung = models.CharField("Kurzbeschreibung", max_length=300)
    beschreibung = models.TextField(
        "Worum geht es?", help_text="Absätze durch Leerzeilen trennen. HTML wird nicht ausgeführt."
    )
    zielgruppe = models.TextField("Wer ist angesprochen?")
    bewertungsverfahren = models.TextField("Wie wird bewertet?")
    naechste_schritte = models.TextField(
        "Wie geht es nach der Einreichungsfrist weiter?",
        blank=True,
        help_text="Steht auf der Aufrufseite, sobald keine Einreichung mehr möglich ist.",
    )
    veroeffentlicht = models.BooleanField(
        "Veröffentlicht",
        default=True,
        help_text="Nur veröffentlichte Aufrufe erscheinen auf der Startseite und haben eine Seite.",
    )
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        ordering = ["reihenfolge", "name"]
        verbose_name = "Aufruf"
        verbose_name_plural = "Aufrufe"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("aufruf", kwargs={"slug": self.slug})

    @property
    def fuer_personen(self) -> bool:
        return self.teilnehmende == Teilnehmende.PERSONEN


class AufrufPhase(models.Model):
    """A dated phase of a call and what it opens: drafts (create and edit) and/or
    submissions. The phases of the Steckbrief call are the Prozessphasen (linked, not
    copied): their dates stay in one place, where the Steckbrief rules read them."""

    aufruf = models.ForeignKey(Aufruf, on_delete=models.CASCADE, related_name="phasen")
    name = models.CharField("Bezeichnung", max_length=200)
    prozessphase = models.OneToOneField(
        Prozessphase,
        verbose_name="Termine aus der Steckbrief-Phase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aufrufphase",
        help_text="Nur für den Aufruf der Projektsteckbriefe: Beginn und Ende stehen dann bei "
        "den Phasen (Katalog und Prozess → Phasen).",
    )
    beginn = models.DateField("Beginn", null=True, blank=True)
    ende = models.DateField("Ende (einschließlich)", null=True, blank=True)
    nimmt_entwuerfe = models.BooleanField(
        "Entwürfe anlegen und bearbeiten", default=False, help_text="In dieser Phase möglich."
    )
    nimmt_einreichungen = models.BooleanField(
        "Einreichen", default=False, help_text="In dieser Phase möglich."
    )
    beschreibung = models.TextField("Was geschieht in dieser Phase?", blank=True)

    class Meta:
        ordering = ["aufruf", "beginn", "pk"]
        verbose_name = "Phase des Aufrufs"
        verbose_name_plural = "Phasen des Aufrufs"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(prozessphase__isnull=False)
                | models.Q(beginn__isnull=False, ende__isnull=False),
                name="aufrufphase_termine",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.prozessphase_id is not None:
            if self.beginn or self.ende:
                raise ValidationError(
                    "Eine Phase mit Terminen aus der Steckbrief-Phase hat keine eigenen Termine."
                )
            return
        fehler = {}
        if self.beginn is None:
            fehler["beginn"] = "Bitte geben Sie den Beginn an."
        if self.ende is None:
            fehler["ende"] = "Bitte geben Sie das Ende an."
        if not fehler and self.ende < self.beginn:
            fehler["ende"] = "Das Ende darf nicht vor dem Beginn liegen."
        if fehler:
            raise ValidationError(fehler)

    @property
    def von(self) -> datetime.date:
        return self.prozessphase.beginn if self.prozessphase_id else self.beginn

    @property
    def bis(self) -> datetime.date:
        return self.prozessphase.ende if self.prozessphase_id else self.ende
