"""Scoring of the final Steckbriefe by the Wirtschaftsförderungen.

- Kriterienkatalog: the criteria of one round (Kriterium with weight, order, optional K.O.
  threshold) and the labels of the 0–5 scale (Skalenstufe). Frozen once a score exists.
- Zuweisung: who reviews a Steckbrief – the Wirtschaftsförderung of a Gebietskörperschaft
  (every user with that role and Gebietskörperschaft acts for it) or one named person
  (e.g. the Geschäftsstelle itself). Carries the declaration of Befangenheit.
- Bewertung: the review of one Zuweisung against one catalogue, with one Einzelbewertung
  per criterion; draft until finalised; `version` for optimistic locking.
- Entscheidungsvorlage: the text of the decision notice, editable by the Geschäftsstelle.
- Bewertungsergebnis, Kriteriumsergebnis, Prueferstatistik: the numbers of the ranking,
  stored per Steckbrief, criterion and reviewer; derived data, rewritten by
  bewertung.aggregation.ergebnisse_aktualisieren in the transaction of every write.

- Every catalogue belongs to a call (Aufruf): `Kriterienkatalog.objects` are the Steckbrief
  call's catalogues (what the Steckbrief side reads as „the“ catalogue), `.alle` all.
- The jury of an Ideenwettbewerb (bewertung.jury): Jurymitglied per call, declared
  JuryBefangenheit per idea, JuryBewertung with JuryEinzelbewertung per (idea, member),
  Jurybescheid with the notice texts per call.

Business rules live in bewertung.regeln (who may), bewertung.services (what happens) and
bewertung.aggregation (numbers); nothing here has side effects in save()."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from handlungsfelder.models import STANDARD_AUFRUF
from ideen.models import Idee
from steckbriefe.models import Entscheidung, Steckbrief

SKALA_MIN = 0
SKALA_MAX = 5
# Scores that need a short justification (the extremes of the scale and "schwach").
BEGRUENDUNG_PFLICHT = frozenset({0, 1, 5})


class SteckbriefKataloge(models.Manager):
    """The catalogues of the Steckbrief call: `Kriterienkatalog.objects`. Every reader on the
    Steckbrief side (scoring page, ranking, dossiers, portfolio, the submitters' criteria)
    keeps reading „the active catalogue“ through it exactly as before calls had their own
    catalogues; a jury catalogue never appears there."""

    def get_queryset(self):
        return super().get_queryset().filter(aufruf_id=STANDARD_AUFRUF)


class Kriterienkatalog(models.Model):
    # The call it belongs to, by its fixed slug (like Steckbrief.aufruf): the default, the
    # Steckbrief call, needs no query.
    aufruf = models.ForeignKey(
        "handlungsfelder.Aufruf",
        verbose_name="Aufruf",
        to_field="slug",
        on_delete=models.PROTECT,
        default=STANDARD_AUFRUF,
        related_name="kriterienkataloge",
    )
    name = models.CharField("Name", max_length=200)
    runde = models.CharField(
        "Runde", max_length=100, help_text="z. B. „Bewertungsrunde 2026“ – für Auswertungen."
    )
    aktiv = models.BooleanField(
        "Aktiv",
        default=False,
        help_text="Neue Bewertungen verwenden den aktiven Katalog. Je Aufruf ist höchstens "
        "einer aktiv.",
    )
    erstellt = models.DateTimeField("Angelegt", auto_now_add=True)

    alle = models.Manager()
    objects = SteckbriefKataloge()

    class Meta:
        ordering = ["-aktiv", "-erstellt", "-pk"]
        verbose_name = "Kriterienkatalog"
        verbose_name_plural = "Kriterienkataloge"
        default_manager_name = "alle"
        base_manager_name = "alle"
        constraints = [
            models.UniqueConstraint(
                fields=["aufruf"],
                condition=models.Q(aktiv=True),
                name="ein_aktiver_katalog_je_aufruf",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.runde})"

    @property
    def ist_eingefroren(self) -> bool:
        """True once any score against one of its criteria exists (of a Steckbrief or, for
        a jury catalogue, of an idea)."""
        return (
            Einzelbewertung.objects.filter(kriterium__katalog=self, wert__isnull=False).exists()
            or JuryEinzelbewertung.objects.filter(
                kriterium__katalog=self, wert__isnull=False
            ).exists()
        )


class Skalenstufe(models.Model):
    katalog = models.ForeignKey(Kriterienkatalog, on_delete=models.CASCADE, related_name="stufen")
    wert = models.PositiveSmallIntegerField(
        "Punkte", validators=[MinValueValidator(SKALA_MIN), MaxValueValidator(SKALA_MAX)]
    )
    bezeichnung = models.CharField("Bezeichnung", max_length=100)

    class Meta:
        ordering = ["katalog", "wert"]
        verbose_name = "Skalenstufe"
        verbose_name_plural = "Skala"
        constraints = [
            models.UniqueConstraint(fields=["katalog", "wert"], name="skalenstufe_einmalig"),
            models.CheckConstraint(
                condition=models.Q(wert__gte=SKALA_MIN, wert__lte=SKALA_MAX),
                name="skalenstufe_im_bereich",
            ),
        ]

    def __str__(self):
        return f"{self.wert} – {self.bezeichnung}"


class Kriterium(models.Model):
    katalog = models.ForeignKey(
        Kriterienkatalog, on_delete=models.CASCADE, related_name="kriterien"
    )
    code = models.CharField("Kürzel", max_length=10)
    name = models.CharField("Kriterium", max_length=200)
    leitfrage = models.TextField("Leitfrage", blank=True)
    gewicht = models.PositiveSmallIntegerField(
        "Gewicht (%)", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    aktiv = models.BooleanField("Aktiv", default=True)
    ko_schwelle = models.DecimalField(
        "K.-o.-Schwelle",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(SKALA_MIN), MaxValueValidator(SKALA_MAX)],
        help_text="Liegt der Mittelwert eines Steckbriefs bei diesem Kriterium unter der "
        "Schwelle, wird er als K.-o. markiert und hinter allen anderen gereiht.",
    )

    class Meta:
        ordering = ["katalog", "reihenfolge", "pk"]
        verbose_name = "Kriterium"
        verbose_name_plural = "Kriterien"
        constraints = [
            models.UniqueConstraint(fields=["katalog", "code"], name="kriterium_code_einmalig")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Zuweisung(models.Model):
    """A Steckbrief assigned for review to the Wirtschaftsförderung of a Gebietskörperschaft
    or to one named person (exactly one of the two)."""

    class Herkunft(models.TextChoices):
        AUTOMATISCH = "automatisch", "automatisch (Standort)"
        MANUELL = "manuell", "durch die Geschäftsstelle"

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="zuweisungen")
    gebietskoerperschaft = models.ForeignKey(
        "handlungsfelder.Gebietskoerperschaft",
        verbose_name="Wirtschaftsförderung (Gebietskörperschaft)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zuweisungen",
    )
    pruefer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Prüfende Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zuweisungen",
    )
    herkunft = models.CharField(
        "Herkunft", max_length=20, choices=Herkunft.choices, default=Herkunft.AUTOMATISCH
    )
    erstellt = models.DateTimeField("Zugewiesen am", auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Zugewiesen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bewertbar_bis = models.DateField(
        "Bewertung möglich bis",
        null=True,
        blank=True,
        help_text="Von der Geschäftsstelle gewährte Nachfrist: bis zu diesem Tag kann auch "
        "außerhalb der Bewertungsphase bewertet werden.",
    )
    befangen_am = models.DateTimeField("Befangenheit erklärt am", null=True, blank=True)
    befangen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Befangenheit erklärt von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    befangen_grund = models.TextField("Grund der Befangenheit", blank=True)

    class Meta:
        ordering = ["steckbrief", "gebietskoerperschaft__ags", "pk"]
        verbose_name = "Zuweisung"
        verbose_name_plural = "Zuweisungen"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(gebietskoerperschaft__isnull=False, pruefer__isnull=True)
                    | models.Q(gebietskoerperschaft__isnull=True, pruefer__isnull=False)
                ),
                name="zuweisung_genau_ein_pruefer",
            ),
            models.UniqueConstraint(
                fields=["steckbrief", "gebietskoerperschaft"],
                condition=models.Q(gebietskoerperschaft__isnull=False),
                name="zuweisung_gk_einmalig",
            ),
            models.UniqueConstraint(
                fields=["steckbrief", "pruefer"],
                condition=models.Q(pruefer__isnull=False),
                name="zuweisung_person_einmalig",
            ),
        ]

    def __str__(self):
        return f"{self.pruefer_name} – {self.steckbrief}"

    @property
    def pruefer_name(self) -> str:
        if self.gebietskoerperschaft_id:
            return f"Wirtschaftsförderung {self.gebietskoerperschaft.name}"
        return str(self.pruefer)

    @property
    def ist_befangen(self) -> bool:
        return self.befangen_am is not None

    def bewertung_status_text(self) -> str:
        """The status of its Bewertung as a reviewer reads it (select_related "bewertung")."""
        try:
            return self.bewertung.get_status_display()
        except Bewertung.DoesNotExist:
            return "noch nicht begonnen"


class BewertungBasis(models.Model):
    """What a Bewertung of a Steckbrief and a JuryBewertung of an idea share: status,
    weighted score, recommendation, comment, optimistic locking and who changed or
    finalised it. The reviewed thing and the catalogue are the concrete models' own."""

    class Status(models.TextChoices):
        ENTWURF = "entwurf", "Entwurf"
        ABGESCHLOSSEN = "abgeschlossen", "abgeschlossen"

    class Empfehlung(models.TextChoices):
        PRIORISIEREN = "priorisieren", "priorisieren"
        ZURUECKSTELLEN = "zurueckstellen", "zurückstellen"
        NICHT_BERUECKSICHTIGEN = "nicht_beruecksichtigen", "nicht berücksichtigen"

    status = models.CharField(
        "Status", max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    # Weighted score 0–100 over the scored criteria, written by the database on every save
    # (bewertung.aggregation.punkte_aktualisieren: UPDATE … SET punkte = (subquery)); the
    # ranking aggregates this column instead of re-aggregating the Einzelbewertungen.
    punkte = models.FloatField("Punkte (0–100)", null=True, blank=True, editable=False)
    empfehlung = models.CharField(
        "Gesamtempfehlung", max_length=30, choices=Empfehlung.choices, blank=True
    )
    kommentar = models.TextField("Kommentar", blank=True)
    # Optimistic locking: every save increments it; a save based on an older version is
    # refused as a conflict and the input is shown again.
    version = models.PositiveIntegerField("Version", default=1)
    erstellt = models.DateTimeField("Angelegt", auto_now_add=True)
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Zuletzt geändert von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    abgeschlossen_am = models.DateTimeField("Abgeschlossen am", null=True, blank=True)
    abgeschlossen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Abgeschlossen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-geaendert", "-pk"]

    @property
    def ist_abgeschlossen(self) -> bool:
        return self.status == self.Status.ABGESCHLOSSEN

    def als_abgeschlossen_markieren(self, akteur) -> None:
        """Finalised now by `akteur`, a new version; not saved (the service function checks,
        saves and audits)."""
        self.status = self.Status.ABGESCHLOSSEN
        self.abgeschlossen_am = timezone.now()
        self.abgeschlossen_von = akteur
        self.version += 1

    def als_entwurf_markieren(self) -> None:
        """Back to a draft (reopened), a new version; not saved."""
        self.status = self.Status.ENTWURF
        self.abgeschlossen_am = None
        self.abgeschlossen_von = None
        self.version += 1


class Bewertung(BewertungBasis):
    zuweisung = models.OneToOneField(Zuweisung, on_delete=models.CASCADE, related_name="bewertung")
    # No single-column indexes on katalog and status: with them the query planner drives the
    # ranking's per-Steckbrief subqueries from "all Bewertungen of the catalogue" instead of
    # from the Steckbrief's Zuweisungen (quadratic instead of linear).
    katalog = models.ForeignKey(
        Kriterienkatalog, on_delete=models.PROTECT, related_name="bewertungen", db_index=False
    )

    class Meta(BewertungBasis.Meta):
        verbose_name = "Bewertung"
        verbose_name_plural = "Bewertungen"

    def __str__(self):
        return f"Bewertung: {self.zuweisung}"


class EinzelbewertungBasis(models.Model):
    """The score of one criterion (0–5, empty while a draft is incomplete) and its
    justification: Einzelbewertung and JuryEinzelbewertung. The concrete models add the FKs
    `bewertung` (related_name "einzeln") and `kriterium`; the constraint names follow the
    class („einzelbewertung_einmalig“, „juryeinzelbewertung_im_bereich“)."""

    wert = models.PositiveSmallIntegerField(
        "Punkte",
        null=True,
        blank=True,
        validators=[MinValueValidator(SKALA_MIN), MaxValueValidator(SKALA_MAX)],
    )
    begruendung = models.TextField("Begründung", blank=True)

    class Meta:
        abstract = True
        ordering = ["bewertung", "kriterium__reihenfolge", "kriterium__pk"]
        constraints = [
            models.UniqueConstraint(fields=["bewertung", "kriterium"], name="%(class)s_einmalig"),
            models.CheckConstraint(
                condition=models.Q(wert__isnull=True)
                | models.Q(wert__gte=SKALA_MIN, wert__lte=SKALA_MAX),
                name="%(class)s_im_bereich",
            ),
        ]

    def __str__(self):
        return f"{self.kriterium.code}: {self.wert if self.wert is not None else '–'}"


class Einzelbewertung(EinzelbewertungBasis):
    """The score of one criterion within a Bewertung (empty while a draft is incomplete)."""

    bewertung = models.ForeignKey(Bewertung, on_delete=models.CASCADE, related_name="einzeln")
    # CASCADE: a criterion can only be deleted while its catalogue is not frozen, i.e.
    # while no score exists (at most empty rows with a draft justification go with it).
    # Looked up through the (bewertung, kriterium) unique index; a single-column index on
    # kriterium would make the planner scan every score of a criterion per Steckbrief.
    kriterium = models.ForeignKey(
        Kriterium, on_delete=models.CASCADE, related_name="einzelbewertungen", db_index=False
    )

    class Meta(EinzelbewertungBasis.Meta):
        verbose_name = "Einzelbewertung"
        verbose_name_plural = "Einzelbewertungen"


class Bewertungsergebnis(models.Model):
    """The stored numbers of one Steckbrief against one catalogue, as documented in
    bewertung.aggregation.rangliste (only counted Bewertungen with a weighted score; a
    Steckbrief without any has no row). Written only by
    bewertung.aggregation.ergebnisse_aktualisieren, inside the transaction of every write
    that changes them; `manage.py bewertung_neu_berechnen` rebuilds all."""

    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="bewertungsergebnisse"
    )
    # Looked up through the (katalog, steckbrief) unique index.
    katalog = models.ForeignKey(
        Kriterienkatalog, on_delete=models.CASCADE, related_name="ergebnisse", db_index=False
    )
    anzahl = models.PositiveIntegerField("Gezählte Bewertungen")
    mittelwert = models.FloatField("Mittelwert (0–100)")
    median = models.FloatField("Median (0–100)", null=True)
    minimum = models.FloatField("Minimum")
    maximum = models.FloatField("Maximum")
    standardabweichung = models.FloatField("Standardabweichung")
    normiert = models.FloatField("Normiert (50 ± 10)", null=True)
    ko = models.BooleanField("K.-o.", default=False)
    # The Kriteriumsergebnis means once more, {"k<kriterium pk>": mean}: read with the row,
    # they spare the ranking one lookup per criterion and Steckbrief.
    kriterien = models.JSONField("Mittelwerte je Kriterium", null=True)

    class Meta:
        verbose_name = "Bewertungsergebnis"
        verbose_name_plural = "Bewertungsergebnisse"
        constraints = [
            models.UniqueConstraint(
                fields=["katalog", "steckbrief"], name="bewertungsergebnis_einmalig"
            )
        ]
        # The ranking joins every Steckbrief to its row and ranks by these columns: an
        # index-only scan instead of reading the rows with their criteria JSON.
        indexes = [
            models.Index(
                fields=["katalog", "steckbrief"],
                include=["anzahl", "ko", "mittelwert", "median"],
                name="bewertungsergebnis_rang_idx",
            )
        ]

    def __str__(self):
        return f"{self.steckbrief_id} / {self.katalog_id}: {self.mittelwert:.1f}"


class Prueferstatistik(models.Model):
    """Mean and population standard deviation of one reviewer's weighted scores over their
    counted Bewertungen of one catalogue: the basis of the normalised score (50 + 10·z).
    Written with Bewertungsergebnis by bewertung.aggregation.ergebnisse_aktualisieren."""

    katalog = models.ForeignKey(
        Kriterienkatalog, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    gebietskoerperschaft = models.ForeignKey(
        "handlungsfelder.Gebietskoerperschaft",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
    )
    pruefer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
    )
    anzahl = models.PositiveIntegerField("Gezählte Bewertungen")
    mittelwert = models.FloatField("Mittelwert (0–100)")
    standardabweichung = models.FloatField("Standardabweichung")

    class Meta:
        verbose_name = "Statistik je Prüfende"
        verbose_name_plural = "Statistiken je Prüfende"
        constraints = [
            models.UniqueConstraint(
                fields=["katalog", "gebietskoerperschaft"],
                condition=models.Q(gebietskoerperschaft__isnull=False),
                name="prueferstatistik_gk_einmalig",
            ),
            models.UniqueConstraint(
                fields=["katalog", "pruefer"],
                condition=models.Q(pruefer__isnull=False),
                name="prueferstatistik_person_einmalig",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(gebietskoerperschaft__isnull=False, pruefer__isnull=True)
                    | models.Q(gebietskoerperschaft__isnull=True, pruefer__isnull=False)
                ),
                name="prueferstatistik_genau_ein_pruefer",
            ),
        ]

    def __str__(self):
        return f"{self.katalog_id} / {self.gebietskoerperschaft_id or self.pruefer_id}"


class Kriteriumsergebnis(models.Model):
    """The stored mean score (0–5) of one Steckbrief in one criterion over the counted
    Bewertungen that scored it (written with Bewertungsergebnis)."""

    # Looked up through the (steckbrief, kriterium) unique index.
    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="kriteriumsergebnisse", db_index=False
    )
    kriterium = models.ForeignKey(Kriterium, on_delete=models.CASCADE, related_name="ergebnisse")
    anzahl = models.PositiveIntegerField("Gezählte Punktwerte")
    mittelwert = models.FloatField("Mittelwert (0–5)")

    class Meta:
        verbose_name = "Kriteriumsergebnis"
        verbose_name_plural = "Kriteriumsergebnisse"
        constraints = [
            models.UniqueConstraint(
                fields=["steckbrief", "kriterium"], name="kriteriumsergebnis_einmalig"
            )
        ]

    def __str__(self):
        return f"{self.steckbrief_id} / {self.kriterium_id}: {self.mittelwert:.2f}"


class Entscheidungsvorlage(models.Model):
    """Editable text of the decision notice to the submitters, one per decision."""

    entscheidung = models.CharField(
        "Entscheidung", max_length=30, choices=Entscheidung.choices, unique=True
    )
    text = models.TextField(
        "Text der Mitteilung",
        help_text="Erscheint in der E-Mail an die Einreichenden nach der Entscheidung und vor "
        "der Begründung. Nur Text, kein HTML; Absätze durch Leerzeilen trennen.",
    )
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta:
        ordering = ["entscheidung"]
        verbose_name = "Mitteilungstext zur Entscheidung"
        verbose_name_plural = "Mitteilungstexte zur Entscheidung"

    def __str__(self):
        return f"Mitteilung „{self.get_entscheidung_display()}“"


class Erinnerung(models.Model):
    """A reminder the Geschäftsstelle sent to one Wirtschaftsförderung or one person about
    their open Bewertungen (services.erinnern): when, by whom, how many were open.
    Append-only, shown on the progress page."""

    gebietskoerperschaft = models.ForeignKey(
        "handlungsfelder.Gebietskoerperschaft",
        verbose_name="Wirtschaftsförderung (Gebietskörperschaft)",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    pruefer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Prüfende Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    gesendet_am = models.DateTimeField("Gesendet am", auto_now_add=True, db_index=True)
    gesendet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Gesendet von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offen = models.PositiveIntegerField("Offene Bewertungen")
    empfaenger = models.PositiveIntegerField("Anzahl Empfänger/innen")

    class Meta:
        ordering = ["-gesendet_am", "-pk"]
        verbose_name = "Erinnerung"
        verbose_name_plural = "Erinnerungen"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(gebietskoerperschaft__isnull=False, pruefer__isnull=True)
                    | models.Q(gebietskoerperschaft__isnull=True, pruefer__isnull=False)
                ),
                name="erinnerung_genau_ein_empfaenger",
            )
        ]

    def __str__(self):
        return f"Erinnerung {self.gesendet_am:%d.%m.%Y %H:%M}"


class Kommentar(models.Model):
    """A message in the exchange about one Steckbrief among its reviewers and the
    Geschäftsstelle (regeln.darf_austauschen) – never shown to submitters or to reviewers
    not assigned to it. Written only by services.kommentar_schreiben (audited), never
    edited."""

    steckbrief = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="kommentare")
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Von",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Who wrote it, as the others read it then („Wirtschaftsförderung Landkreis Zwickau“,
    # „Geschäftsstelle“): stays when the person's account is deleted.
    stelle = models.CharField("Stelle", max_length=200)
    text = models.TextField("Text")
    erstellt = models.DateTimeField("Geschrieben am", auto_now_add=True)

    class Meta:
        ordering = ["erstellt", "pk"]
        verbose_name = "Kommentar"
        verbose_name_plural = "Kommentare"
        indexes = [models.Index(fields=["steckbrief", "erstellt"], name="kommentar_sb_idx")]

    def __str__(self):
        return f"Kommentar {self.pk} zu {self.steckbrief_id}"


class Rangliste(Steckbrief):
    """Admin entry point for the ranking matrix (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "Rangliste"
        verbose_name_plural = "Rangliste"


class Bewertungsfortschritt(Zuweisung):
    """Admin entry point for the progress per Wirtschaftsförderung (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "Fortschritt der Bewertung"
        verbose_name_plural = "Fortschritt der Bewertung"


# --- the jury of an Ideenwettbewerb (bewertung.jury) ----------------------------------------


class Jurymitglied(models.Model):
    """A named person on the jury of a call, maintained by the Geschäftsstelle
    (jury.jury_hinzufuegen: staff account, Group „Jury“, one mail with the ideas to score)."""

    aufruf = models.ForeignKey(
        "handlungsfelder.Aufruf",
        verbose_name="Aufruf",
        on_delete=models.CASCADE,
        related_name="jury",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Person",
        on_delete=models.PROTECT,
        related_name="jurymitgliedschaften",
    )
    seit = models.DateTimeField("In der Jury seit", auto_now_add=True)
    hinzugefuegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Hinzugefügt von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["aufruf", "user__last_name", "user__email", "pk"]
        verbose_name = "Jurymitglied"
        verbose_name_plural = "Jury"
        constraints = [
            models.UniqueConstraint(fields=["aufruf", "user"], name="jurymitglied_einmalig")
        ]

    def __str__(self):
        return f"{self.user} ({self.aufruf})"


class JuryBefangenheit(models.Model):
    """Befangenheit a jury member declared for one idea (the automatic kind – own idea,
    co-entrant – is not stored: bewertung.jury.befangen_grund reads it live)."""

    idee = models.ForeignKey(
        "ideen.Idee", on_delete=models.CASCADE, related_name="jury_befangenheiten"
    )
    mitglied = models.ForeignKey(
        Jurymitglied, on_delete=models.CASCADE, related_name="befangenheiten"
    )
    grund = models.TextField("Grund der Befangenheit")
    erklaert_am = models.DateTimeField("Erklärt am", auto_now_add=True)

    class Meta:
        ordering = ["-erklaert_am", "-pk"]
        verbose_name = "Befangenheit (Jury)"
        verbose_name_plural = "Befangenheiten (Jury)"
        constraints = [
            models.UniqueConstraint(fields=["idee", "mitglied"], name="jurybefangenheit_einmalig")
        ]

    def __str__(self):
        return f"{self.mitglied.user} befangen bei {self.idee}"


class JuryBewertung(BewertungBasis):
    """The score of one jury member for one idea against the call's active catalogue:
    one JuryEinzelbewertung per criterion; draft until finalised; `version` for optimistic
    locking; `punkte` the weighted score 0–100 (aggregation.punkte, stored on every save).
    Status and Empfehlung are Bewertung's (BewertungBasis)."""

    idee = models.ForeignKey(
        "ideen.Idee", on_delete=models.CASCADE, related_name="jury_bewertungen"
    )
    mitglied = models.ForeignKey(Jurymitglied, on_delete=models.PROTECT, related_name="bewertungen")
    katalog = models.ForeignKey(
        Kriterienkatalog, on_delete=models.PROTECT, related_name="jury_bewertungen"
    )

    class Meta(BewertungBasis.Meta):
        verbose_name = "Jury-Bewertung"
        verbose_name_plural = "Jury-Bewertungen"
        constraints = [
            models.UniqueConstraint(fields=["idee", "mitglied"], name="jurybewertung_einmalig")
        ]
        indexes = [models.Index(fields=["idee", "status"], name="jurybewertung_idee_idx")]

    def __str__(self):
        return f"Jury-Bewertung von {self.mitglied.user} zu {self.idee}"


class JuryEinzelbewertung(EinzelbewertungBasis):
    """The score of one criterion within a JuryBewertung (empty while a draft is
    incomplete); the same scale and rules as Einzelbewertung."""

    bewertung = models.ForeignKey(JuryBewertung, on_delete=models.CASCADE, related_name="einzeln")
    kriterium = models.ForeignKey(
        Kriterium, on_delete=models.CASCADE, related_name="jury_einzelbewertungen", db_index=False
    )

    class Meta(EinzelbewertungBasis.Meta):
        verbose_name = "Einzelbewertung (Jury)"
        verbose_name_plural = "Einzelbewertungen (Jury)"


class Jurybescheid(models.Model):
    """The notice texts of one call, edited by the Geschäftsstelle; mailed with the stage by
    „Bescheide versenden“."""

    aufruf = models.OneToOneField(
        "handlungsfelder.Aufruf",
        verbose_name="Aufruf",
        on_delete=models.CASCADE,
        related_name="jurybescheid",
    )
    pitch = models.TextField(
        "Text „zum Pitch eingeladen“",
        blank=True,
        help_text="Nur Text, kein HTML; Absätze durch Leerzeilen trennen.",
    )
    ausgewaehlt = models.TextField("Text „ausgewählt“", blank=True)
    nicht_ausgewaehlt = models.TextField("Text „nicht ausgewählt“", blank=True)
    geaendert = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta:
        ordering = ["aufruf"]
        verbose_name = "Mitteilungstexte der Jury"
        verbose_name_plural = "Mitteilungstexte der Jury"

    def __str__(self):
        return f"Mitteilungstexte „{self.aufruf}“"

    def texte(self) -> dict[str, str]:
        """The texts by stage (ideen.models.Stufe values)."""
        return {
            "pitch": self.pitch,
            "ausgewaehlt": self.ausgewaehlt,
            "nicht_ausgewaehlt": self.nicht_ausgewaehlt,
        }


class JuryIdee(Idee):
    """Admin entry point for the jury: „Meine Ideen zur Bewertung“ and the scoring page."""

    class Meta:
        proxy = True
        verbose_name = "Idee zur Bewertung"
        verbose_name_plural = "Ideen zur Bewertung (Jury)"


class Ideenrangliste(Idee):
    """Admin entry point for the Geschäftsstelle: the ranking of the ideas of a call."""

    class Meta:
        proxy = True
        verbose_name = "Rangliste der Ideen"
        verbose_name_plural = "Rangliste der Ideen"
