"""Ideas of the Ideenwettbewerb: the entry, its team (names as entered), the people who
may work on it (owner and co-entrants by invitation), its submitted versions and its
audit trail.

Status and stage changes only in ideen.services; nothing here has side effects in save()."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kern.modelle import Fassung, Protokolleintrag, Zwischenstand
from konten.namen import NAME_MAX_LAENGE, name_pruefen

EINLADUNG_GUELTIG_TAGE = 14


class Status(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "Eingereicht"
    ZURUECKGEZOGEN = "zurueckgezogen", "Zurückgezogen"


class Stufe(models.TextChoices):
    """The stage of a submitted idea in the jury's procedure (ideen.stufen: the transitions).
    Only meaningful while the idea is eingereicht."""

    EINGEREICHT = "eingereicht", "eingereicht"
    VORAUSWAHL = "vorauswahl", "Vorauswahl"
    PITCH = "pitch", "zum Pitch eingeladen"
    AUSGEWAEHLT = "ausgewaehlt", "ausgewählt"
    NICHT_AUSGEWAEHLT = "nicht_ausgewaehlt", "nicht ausgewählt"


class TRL(models.IntegerChoices):
    """Technology Readiness Level, in the wording of the EU's Horizon programmes."""

    TRL1 = 1, "TRL 1 – Grundprinzipien beobachtet"
    TRL2 = 2, "TRL 2 – Technologiekonzept formuliert"
    TRL3 = 3, "TRL 3 – Machbarkeit experimentell nachgewiesen"
    TRL4 = 4, "TRL 4 – Technologie im Labor validiert"
    TRL5 = 5, "TRL 5 – Technologie in relevanter Umgebung validiert"
    TRL6 = 6, "TRL 6 – Technologie in relevanter Umgebung demonstriert"
    TRL7 = 7, "TRL 7 – Prototyp im Einsatz demonstriert"
    TRL8 = 8, "TRL 8 – System vollständig und qualifiziert"
    TRL9 = 9, "TRL 9 – System im Einsatz bewährt"


def pitchdeck_pfad(instance, filename) -> str:
    """Non-guessable storage path; the original name is kept only in the database."""
    return f"ideen/{secrets.token_hex(1)}/{secrets.token_urlsafe(32)}"


class Idee(models.Model):
    aufruf = models.ForeignKey(
        "handlungsfelder.Aufruf",
        verbose_name="Aufruf",
        on_delete=models.PROTECT,
        related_name="ideen",
    )
    eigentuemer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Angelegt von",
        on_delete=models.CASCADE,
        related_name="ideen",
    )
    status = models.CharField(
        "Status", max_length=20, choices=Status.choices, default=Status.ENTWURF, db_index=True
    )
    erstellt = models.DateTimeField("Angelegt", auto_now_add=True)
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)
    # Optimistic locking: every save through the form increments it; a save based on an
    # older revision is refused as a conflict.
    revision = models.PositiveIntegerField(default=1)
    eingereicht_am = models.DateTimeField("Eingereicht am", null=True, blank=True)
    stufe = models.CharField(
        "Stufe", max_length=20, choices=Stufe.choices, default=Stufe.EINGEREICHT, db_index=True
    )
    # The stage the people of the idea were told (ideen.services.bescheid_versenden); the
    # portal shows them this one, never a stage not yet announced.
    bescheid_stufe = models.CharField(
        "Mitgeteilte Stufe", max_length=20, choices=Stufe.choices, blank=True
    )
    bescheid_am = models.DateTimeField("Bescheid versendet am", null=True, blank=True)

    titel = models.CharField("Titel", max_length=200, blank=True)
    kernsatz = models.CharField("Idee in einem Satz", max_length=300, blank=True)
    problem = models.TextField("Problem und Zielmarkt / Zukunftsmarkt", max_length=3000, blank=True)
    loesung = models.TextField("Lösung und Neuheit", max_length=3000, blank=True)
    reifegrad = models.PositiveSmallIntegerField(
        "Reifegrad (TRL)",
        choices=TRL.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    gebietskoerperschaft = models.ForeignKey(
        "handlungsfelder.Gebietskoerperschaft",
        verbose_name="Bezug zur Region: Gebietskörperschaft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideen",
    )
    regionsbezug = models.TextField("Bezug zur Region", max_length=2000, blank=True)
    unterstuetzung = models.TextField("Unterstützungsbedarf", max_length=2000, blank=True)

    pitchdeck = models.FileField("Pitch-Deck", upload_to=pitchdeck_pfad, max_length=255, blank=True)
    pitchdeck_name = models.CharField("Dateiname des Pitch-Decks", max_length=255, blank=True)
    pitchdeck_groesse = models.PositiveBigIntegerField("Größe (Bytes)", null=True, blank=True)
    pitchdeck_typ = models.CharField("Dateityp", max_length=120, blank=True)
    # The draft Steckbrief the Geschäftsstelle made of the idea (ideen.uebernahme); the
    # Steckbrief reaches the idea as `aus_idee`.
    steckbrief = models.OneToOneField(
        "steckbriefe.Steckbrief",
        verbose_name="Übernommen als Steckbrief",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aus_idee",
    )

    class Meta:
        ordering = ["-geaendert", "-pk"]
        verbose_name = "Idee"
        verbose_name_plural = "Ideen"
        indexes = [models.Index(fields=["eigentuemer", "-geaendert"])]

    def __str__(self):
        return self.titel or f"Idee #{self.pk} (ohne Titel)"

    def get_absolute_url(self):
        return reverse("ideen:detail", kwargs={"pk": self.pk})

    @property
    def sichtbare_stufe(self) -> str:
        """The stage as its people may know it: the one announced by a notice, or ""."""
        return self.get_bescheid_stufe_display() if self.bescheid_stufe else ""


class TeamMitglied(models.Model):
    """A person of the team as the submitters typed them in: name and role, nothing else
    (no account, no address)."""

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="team")
    name = models.CharField("Name", max_length=NAME_MAX_LAENGE, validators=[name_pruefen])
    rolle = models.CharField("Rolle im Team", max_length=200, blank=True)
    reihenfolge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["reihenfolge", "pk"]
        verbose_name = "Teammitglied"
        verbose_name_plural = "Team"

    def __str__(self):
        return self.name


class Mitwirkende(models.Model):
    """A co-entrant: an account that joined the idea by invitation. May edit and submit;
    inviting, removing others and withdrawing are the owner's."""

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="mitwirkende")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ideen_mitwirkung"
    )
    seit = models.DateTimeField("Dabei seit", auto_now_add=True)

    class Meta:
        ordering = ["seit", "pk"]
        verbose_name = "Mitwirkende/r"
        verbose_name_plural = "Mitwirkende"
        constraints = [
            models.UniqueConstraint(fields=["idee", "user"], name="mitwirkende_einmalig")
        ]

    def __str__(self):
        return str(self.user)


def _neues_token() -> str:
    return secrets.token_urlsafe(32)


def _gueltig_bis():
    return timezone.now() + timedelta(days=EINLADUNG_GUELTIG_TAGE)


class IdeeEinladung(models.Model):
    """An invitation to work on an idea, sent by its owner to an e-mail address; the link
    carries the token and is valid for EINLADUNG_GUELTIG_TAGE days."""

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="einladungen")
    email = models.EmailField("E-Mail-Adresse")
    token = models.CharField(max_length=64, unique=True, default=_neues_token)
    eingeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    erstellt = models.DateTimeField("Versendet", default=timezone.now, db_index=True)
    gueltig_bis = models.DateTimeField("Gültig bis", default=_gueltig_bis)
    angenommen_am = models.DateTimeField("Angenommen am", null=True, blank=True)

    class Meta:
        ordering = ["-erstellt", "-pk"]
        verbose_name = "Einladung zu einer Idee"
        verbose_name_plural = "Einladungen zu Ideen"

    def __str__(self):
        return f"Einladung an {self.email}"

    def get_absolute_url(self):
        return reverse("ideen:einladung", kwargs={"token": self.token})

    @property
    def abgelaufen(self) -> bool:
        return self.gueltig_bis <= timezone.now()


class IdeeVersion(Fassung):
    """Frozen snapshot of an idea at its submission (label → readable value)."""

    BEZUG = "idee"

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="versionen")

    class Meta(Fassung.Meta):
        ordering = ["idee", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["idee", "nummer"], name="ideeversion_nummer_einmalig")
        ]

    def __str__(self):
        return f"Version {self.nummer}"


class IdeeProtokoll(Protokolleintrag):
    """Append-only record of every change of an idea's status and its people. Written only
    by ideen.services."""

    BEZUG = "idee"

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="protokoll")


class IdeeZwischenstand(Zwischenstand):
    """Unsaved form input of one person for one idea, stored while typing (autosave;
    kern.modelle.Zwischenstand, written by ideen.entwuerfe.zwischenspeichern)."""

    BEZUG = "idee"

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="zwischenstaende")

    class Meta(Zwischenstand.Meta):
        constraints = [
            models.UniqueConstraint(fields=["idee", "user"], name="ideezwischenstand_je_person")
        ]
