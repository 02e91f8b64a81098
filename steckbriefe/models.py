"""The Projektsteckbrief and its related rows.

Fields follow the Steckbrief field list (V = required for the vorläufige, F = for the
finale Steckbrief). Which fields a submission needs is decided in steckbriefe.pruefung,
status changes only in steckbriefe.services; nothing here has side effects in save()."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from handlungsfelder.models import STANDARD_AUFRUF
from kern.modelle import Fassung, Protokolleintrag, Zwischenstand


class Status(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    VORLAEUFIG_EINGEREICHT = "vorlaeufig_eingereicht", "Vorläufig eingereicht"
    FINALISIERUNG = "finalisierung", "Finalisierung"
    FINAL_EINGEREICHT = "final_eingereicht", "Final eingereicht"
    IN_BEWERTUNG = "in_bewertung", "In Bewertung"
    RUECKFRAGE = "rueckfrage", "Rückfrage"
    BEWERTET = "bewertet", "Bewertet"
    ENTSCHIEDEN = "entschieden", "Entschieden"
    ZURUECKGEZOGEN = "zurueckgezogen", "Zurückgezogen"


class Entscheidung(models.TextChoices):
    PRIORISIERT = "priorisiert", "priorisiert"
    ZURUECKGESTELLT = "zurueckgestellt", "zurückgestellt"
    NICHT_BERUECKSICHTIGT = "nicht_beruecksichtigt", "nicht berücksichtigt"


class Vorhabenart(models.TextChoices):
    INVESTITION = "investition", "Investition / Infrastruktur"
    NETZWERK = "netzwerk", "Netzwerk / Kooperation"
    FUE = "fue", "Forschung & Entwicklung"
    QUALIFIZIERUNG = "qualifizierung", "Qualifizierung / Bildung"
    BERATUNG = "beratung", "Beratung / Dienstleistung"
    VERANSTALTUNG = "veranstaltung", "Punktuelle Veranstaltung"
    SONSTIGES = "sonstiges", "Sonstiges"


class Reifegrad(models.TextChoices):
    IDEE = "idee", "Idee"
    KONZEPT = "konzept", "Konzept liegt vor"
    PLANUNG = "planung", "Planung abgeschlossen"
    UMSETZUNGSREIF = "umsetzungsreif", "umsetzungsreif"


def euro_field(label: str, **kwargs):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )


class Steckbrief(models.Model):
    organisation = models.ForeignKey(
        "konten.Organisation", on_delete=models.PROTECT, related_name="steckbriefe"
    )
    # The call (handlungsfelder.Aufruf), by its fixed slug: the default needs no query.
    aufruf = models.ForeignKey(
        "handlungsfelder.Aufruf",
        verbose_name="Aufruf",
        to_field="slug",
        on_delete=models.PROTECT,
        default=STANDARD_AUFRUF,
        related_name="steckbriefe",
    )
    status = models.CharField(
        "Status", max_length=30, choices=Status.choices, default=Status.ENTWURF, db_index=True
    )
    entscheidung = models.CharField(
        "Entscheidung", max_length=30, choices=Entscheidung.choices, blank=True
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erstellt = models.DateTimeField("Angelegt", auto_now_add=True)
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)
    # Optimistic locking: every save through the form increments it; a save based on an
    # older revision is refused as a conflict.
    revision = models.PositiveIntegerField(default=1)
    zuletzt_bearbeitet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Zuletzt bearbeitet von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verlaengert_bis = models.DateField(
        "Bearbeitung verlängert bis",
        null=True,
        blank=True,
        help_text="Von der Geschäftsstelle gewährte Fristverlängerung für diesen Steckbrief.",
    )
    vorlaeufig_eingereicht_am = models.DateTimeField(null=True, blank=True)
    final_eingereicht_am = models.DateTimeField(null=True, blank=True)
    # When the notice of the current decision went to the submitters (empty: decided but not
    # yet released, or not decided). Set only through services.bescheid_vermerken; the
    # decision itself stays in status/entscheidung (a release is no status change).
    entscheidung_mitgeteilt_am = models.DateTimeField(
        "Bescheid versendet am", null=True, blank=True
    )

    # 1. Träger und Kontakt (Organisation, Organisationstyp and address on Organisation)
    ansprechperson_name = models.CharField("Ansprechperson: Name", max_length=200, blank=True)
    ansprechperson_funktion = models.CharField("Funktion", max_length=200, blank=True)
    ansprechperson_email = models.EmailField("E-Mail der Ansprechperson", blank=True)
    ansprechperson_telefon = models.CharField("Telefon", max_length=50, blank=True)

    # 2. Vorhaben
    titel = models.CharField("Projekttitel", max_length=300, blank=True)
    kurztitel = models.CharField("Kurztitel / Akronym", max_length=60, blank=True)
    kurzbeschreibung = models.TextField("Kurzbeschreibung", max_length=1000, blank=True)
    vorhabenart = models.CharField(
        "Vorhabenart", max_length=20, choices=Vorhabenart.choices, blank=True
    )
    handlungsfeld = models.ForeignKey(
        "handlungsfelder.Handlungsfeld",
        verbose_name="Federführendes Handlungsfeld",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steckbriefe",
    )
    weitere_handlungsfelder = models.ManyToManyField(
        "handlungsfelder.Handlungsfeld",
        verbose_name="Weitere berührte Handlungsfelder",
        blank=True,
        related_name="steckbriefe_weitere",
    )
    zieldimensionen = models.ManyToManyField(
        "handlungsfelder.Zieldimension", verbose_name="Zieldimensionen", blank=True
    )
    teilziele = models.ManyToManyField(
        "handlungsfelder.Teilziel", verbose_name="Angesprochene Teilziele", blank=True
    )
    kpis = models.ManyToManyField(
        "handlungsfelder.KPI", verbose_name="Angesprochene KPIs", blank=True
    )
    gesamte_region = models.BooleanField("Gesamte Region", default=False)
    gebietskoerperschaften = models.ManyToManyField(
        "handlungsfelder.Gebietskoerperschaft",
        verbose_name="Standort(e): Gebietskörperschaft(en)",
        blank=True,
        related_name="steckbriefe",
    )
    orte = models.TextField("Ort(e) / Adresse(n)", blank=True)

    # 3. Ausgangslage und Ziele
    ausgangssituation = models.TextField("Ausgangssituation und Handlungsbedarf", blank=True)
    ziele = models.TextField("Ziele (konkret, überprüfbar)", blank=True)
    vision = models.TextField("Vision / Besonderheit", blank=True)

    # 4. Vorgehen
    kernansatz = models.TextField("Kernansatz und Maßnahmen (Handlungskonzept)", blank=True)
    reifegrad = models.CharField("Reifegrad", max_length=20, choices=Reifegrad.choices, blank=True)
    beginn = models.DateField("Geplanter Beginn (Monat/Jahr)", null=True, blank=True)
    ende = models.DateField("Geplantes Ende", null=True, blank=True)

    # 5. Wirkung
    transformationsbezug = models.TextField("Bezug zur Transformation der Region", blank=True)
    zusatzeffekt = models.TextField("Zusatzeffekt", blank=True)
    strahlkraft = models.TextField("Überregionale Strahlkraft", blank=True)
    breitenwirkung = models.TextField("Breitenwirkung und Anschlussfähigkeit", blank=True)
    nachhaltigkeit = models.TextField("Nachhaltigkeit / Verstetigung nach Projektende", blank=True)

    # 6. Partner (rows in Partner)
    gesuchte_partner = models.TextField("Gesuchte Kooperationspartner", blank=True)

    # 7. Finanzierung
    gesamtvolumen = euro_field("Gesamtvolumen (EUR)")
    volumen_in_erarbeitung = models.BooleanField("Gesamtvolumen noch in Erarbeitung", default=False)
    eigenanteil = euro_field("davon Eigenanteil (EUR)")
    foerdermittel = euro_field("davon beantragte/benötigte Fördermittel (EUR)")
    jaehrliche_kosten = euro_field("Jährliche Kosten (EUR p. a.)")
    foerderprogramme = models.TextField(
        "Mögliche Förderprogramme / Finanzierungsquellen", blank=True
    )
    finanzierungsplan = models.TextField("Finanzierungsplan", blank=True)

    # 9. Einwilligungen
    datenschutz_akzeptiert = models.BooleanField(
        "Datenschutzhinweise zur Kenntnis genommen", default=False
    )
    oeffentlich_listen = models.BooleanField(
        "Titel und Kurzbeschreibung dürfen in einer öffentlichen Projektübersicht erscheinen",
        default=False,
    )

    class Meta:
        ordering = ["-geaendert"]
        verbose_name = "Steckbrief"
        verbose_name_plural = "Steckbriefe"
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The ranking selects by status and sorts by title: with the key and the
            # filtered handlungsfeld in the index it never reads the wide rows
            # (index-only scan on PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["status"],
                include=["id", "titel", "handlungsfeld"],
                name="steckbrief_rangliste_idx",
            ),
            # The admin changelist filters by status and sorts by -geaendert, -id (its
            # default order): it walks this index in order and stops after one page; with
            # gesamte_region included, the count of the Wirtschaftsförderung's scoped
            # selection is an index-only scan.
            models.Index(
                fields=["status", "-geaendert", "-id"],
                include=["gesamte_region"],
                name="steckbrief_liste_idx",
            ),
            # The admin changelist's default order without a status filter (Meta.ordering
            # plus the pk Django appends): the first page is read from this index.
            models.Index(fields=["-geaendert", "-id"], name="steckbrief_geaendert_idx"),
        ]

    def __str__(self):
        return self.titel or f"Steckbrief #{self.pk} (ohne Titel)"

    def get_absolute_url(self):
        return reverse("steckbriefe:detail", kwargs={"pk": self.pk})

    # What the submitters (and the portal's pages) may know: a decision counts once its
    # notice went out; until then the Steckbrief shows as "Bewertet", without a decision.
    @property
    def sichtbarer_status(self) -> str:
        if self.status == Status.ENTSCHIEDEN and self.entscheidung_mitgeteilt_am is None:
            return Status.BEWERTET
        return self.status

    @property
    def sichtbarer_status_label(self) -> str:
        return Status(self.sichtbarer_status).label

    @property
    def sichtbare_entscheidung(self) -> str:
        if not self.entscheidung or self.entscheidung_mitgeteilt_am is None:
            return ""
        return self.get_entscheidung_display()


class Partner(models.Model):
    class Zusage(models.TextChoices):
        ANGEFRAGT = "angefragt", "angefragt"
        ZUGESAGT = "zugesagt", "zugesagt"

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="partner")
    name = models.CharField("Partner", max_length=300)
    rolle = models.CharField("Rolle im Vorhaben", max_length=300, blank=True)
    zusage = models.CharField(
        "Zusage", max_length=20, choices=Zusage.choices, default=Zusage.ANGEFRAGT
    )
    reihenfolge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["reihenfolge", "pk"]
        verbose_name = "Partner"
        verbose_name_plural = "Partner"

    def __str__(self):
        return self.name


class Meilenstein(models.Model):
    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="meilensteine"
    )
    bezeichnung = models.CharField("Meilenstein", max_length=300)
    termin = models.DateField("Termin")
    reihenfolge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["termin", "reihenfolge", "pk"]
        verbose_name = "Meilenstein"
        verbose_name_plural = "Meilensteine"

    def __str__(self):
        return self.bezeichnung


class AuditEintrag(Protokolleintrag):
    """Append-only record of every state change and review action on a Steckbrief
    (who, when, what, old → new). Written only by service functions; never edited."""

    BEZUG = "steckbrief"

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="audit")


class VersionArt(models.TextChoices):
    VORLAEUFIG = "vorlaeufig", "Vorläufige Einreichung"
    FINAL = "final", "Finale Einreichung"
    RUECKFRAGE = "rueckfrage", "Überarbeitung nach Rückfrage"


class SteckbriefVersion(Fassung):
    """Frozen snapshot of a Steckbrief at a submission. The snapshot is a document (label →
    readable value), so it stays readable even if fields or the catalogue change later."""

    BEZUG = "steckbrief"

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="versionen")
    art = models.CharField("Anlass", max_length=20, choices=VersionArt.choices)

    class Meta(Fassung.Meta):
        ordering = ["steckbrief", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["steckbrief", "nummer"], name="version_nummer_einmalig")
        ]

    def __str__(self):
        return f"Version {self.nummer} ({self.get_art_display()})"


def anlage_pfad(instance, filename) -> str:
    """Non-guessable storage path; the original name is kept only in the database."""
    return f"anlagen/{secrets.token_hex(1)}/{secrets.token_urlsafe(32)}"


class Anlage(models.Model):
    """An attachment of a Steckbrief. Stored in the private default storage (no URL);
    handed out only by a permission-checked view."""

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="anlagen")
    datei = models.FileField("Datei", upload_to=anlage_pfad, max_length=255)
    name = models.CharField("Dateiname", max_length=255)
    groesse = models.PositiveBigIntegerField("Größe (Bytes)")
    content_type = models.CharField("Dateityp", max_length=120)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Hochgeladen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hochgeladen_am = models.DateTimeField("Hochgeladen am", auto_now_add=True)

    class Meta:
        ordering = ["hochgeladen_am", "pk"]
        verbose_name = "Anlage"
        verbose_name_plural = "Anlagen"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "steckbriefe:anlage", kwargs={"pk": self.steckbrief_id, "anlage_pk": self.pk}
        )


class Autosave(Zwischenstand):
    """Unsaved form input of one person for one Steckbrief, stored while typing
    (kern.modelle.Zwischenstand; written by steckbriefe.entwuerfe.zwischenspeichern)."""

    BEZUG = "steckbrief"

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="autosaves")

    class Meta(Zwischenstand.Meta):
        constraints = [
            models.UniqueConstraint(fields=["steckbrief", "user"], name="autosave_je_person")
        ]


class Fristerinnerung(models.Model):
    """Record of a deadline reminder sent for a Steckbrief, so that it is sent only once
    per deadline (a new deadline after an extension gets its own reminder)."""

    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="fristerinnerungen"
    )
    frist = models.DateField("Frist")
    gesendet = models.DateTimeField("Gesendet", auto_now_add=True)

    class Meta:
        verbose_name = "Fristerinnerung"
        verbose_name_plural = "Fristerinnerungen"
        constraints = [
            models.UniqueConstraint(fields=["steckbrief", "frist"], name="fristerinnerung_einmalig")
        ]

    def __str__(self):
        return f"Erinnerung {self.steckbrief_id} zum {self.frist:%d.%m.%Y}"
