"""Cooperation between Steckbriefe: their stored similarity and the Kooperationsbörse.

- Textprofil, Schlagwort, Stammhaeufigkeit: derived data of the similarity (per Steckbrief
  its key-term counts and TF-IDF vector; the inverted index of its heaviest terms; the
  document frequency of every stem). Written only by kooperation.berechnung.
- Aehnlichkeit: a Steckbrief's most similar others with the score, its parts and the
  reasons, one row per (Steckbrief, other); derived like the Bewertungsergebnis.
- Kooperationsprofil: a submitter's consent to be contacted through the portal and what the
  Vorhaben offers others (the Börse); Kontaktanfrage: a request sent through the portal.
- Ideenprofil, IdeenSchlagwort, Ideenaehnlichkeit: the same for the submitted ideas of the
  Ideenwettbewerb; an Ideenaehnlichkeit is a pair with at least one idea (idea → idea,
  idea → Steckbrief, Steckbrief → idea), the Steckbrief pairs stay in Aehnlichkeit.
- Zusammenhang: the Geschäftsstelle's judgement on a pair („bündeln“, „kein
  Zusammenhang“), which the similarity lists respect.

Nothing here has side effects in save()."""

from django.conf import settings
from django.db import models

from ideen.models import Idee
from steckbriefe.models import Steckbrief


class Profildaten(models.Model):
    # sha256 of every input of the similarity (texts, codes, regions, names): an unchanged
    # Steckbrief is not computed again.
    fingerabdruck = models.CharField(max_length=64)
    # Maps of stem → number: the weighted counts (for the document frequencies), the unit
    # TF-IDF vectors of the text, of the sought and of the offered partner texts, and stem →
    # the word shown to people.
    anzahl = models.JSONField(default=dict)
    vektor = models.JSONField(default=dict)
    gesucht = models.JSONField(default=dict)
    angebot = models.JSONField(default=dict)
    woerter = models.JSONField(default=dict)
    berechnet = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Textprofil(Profildaten):
    steckbrief = models.OneToOneField(
        Steckbrief, on_delete=models.CASCADE, related_name="textprofil", primary_key=True
    )

    class Meta:
        verbose_name = "Textprofil"
        verbose_name_plural = "Textprofile"

    def __str__(self):
        return f"Textprofil {self.steckbrief_id}"


class Schlagwort(models.Model):
    """One of a Steckbrief's heaviest terms (kooperation.aehnlichkeit.SCHLAGWORTE)."""

    # To the Steckbrief, not the Textprofil: a profile then has no dependent rows and the
    # full recompute deletes them all in one statement.
    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    stamm = models.CharField(max_length=60)
    gewicht = models.FloatField()

    class Meta:
        verbose_name = "Schlagwort"
        verbose_name_plural = "Schlagworte"
        indexes = [
            models.Index(fields=["stamm", "-gewicht"], name="schlagwort_stamm_idx"),
            models.Index(fields=["steckbrief"], name="schlagwort_steckbrief_idx"),
        ]

    def __str__(self):
        return self.stamm


class Stammhaeufigkeit(models.Model):
    stamm = models.CharField(max_length=60, unique=True)
    anzahl = models.IntegerField("Steckbriefe mit diesem Begriff", default=0)

    class Meta:
        verbose_name = "Häufigkeit eines Begriffs"
        verbose_name_plural = "Häufigkeiten der Begriffe"

    def __str__(self):
        return f"{self.stamm}: {self.anzahl}"


class Region(models.TextChoices):
    GLEICH = "gleich", "gleiche Gebietskörperschaft"
    BENACHBART = "benachbart", "benachbarte Gebietskörperschaften"
    GESAMTE_REGION = "gesamte_region", "für die gesamte Region"


class Paarwerte(models.Model):
    """The score of a pair, its parts and its reasons (kooperation.aehnlichkeit.Paar)."""

    wert = models.FloatField("Ähnlichkeit (0–1)")
    wert_text = models.FloatField("Text")
    wert_ziele = models.FloatField("Zieldimensionen")
    wert_region = models.FloatField("Region")
    wert_partner = models.FloatField("Partner")
    wert_gesucht = models.FloatField("Gesucht/Angebot")
    # The reasons, as shown: words joined by ", ".
    begriffe = models.CharField("Gemeinsame Begriffe", max_length=500, blank=True)
    zieldimensionen = models.CharField("Gemeinsame Zieldimensionen", max_length=200, blank=True)
    teilziele = models.PositiveSmallIntegerField("Gemeinsame Teilziele", default=0)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    gebiete = models.CharField("Gebietskörperschaften (AGS)", max_length=100, blank=True)
    partner = models.CharField("Gemeinsame Partner", max_length=500, blank=True)
    gesucht_begriffe = models.CharField("Gesucht und angeboten", max_length=300, blank=True)
    berechnet = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Aehnlichkeit(Paarwerte):
    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, related_name="aehnlichkeiten"
    )
    anderer = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-wert", "anderer_id"]
        verbose_name = "Ähnlichkeit"
        verbose_name_plural = "Ähnlichkeiten"
        constraints = [
            models.UniqueConstraint(fields=["steckbrief", "anderer"], name="aehnlichkeit_einmalig")
        ]
        indexes = [models.Index(fields=["anderer"], name="aehnlichkeit_anderer_idx")]

    def __str__(self):
        return f"{self.steckbrief_id} ~ {self.anderer_id}: {self.wert:.2f}"


class Ideenprofil(Profildaten):
    """An idea's Textprofil (only submitted, not withdrawn ideas have one)."""

    idee = models.OneToOneField(
        Idee, on_delete=models.CASCADE, related_name="textprofil", primary_key=True
    )

    class Meta:
        verbose_name = "Textprofil einer Idee"
        verbose_name_plural = "Textprofile der Ideen"

    def __str__(self):
        return f"Textprofil Idee {self.idee_id}"


class IdeenSchlagwort(models.Model):
    """One of an idea's heaviest terms: the inverted index of the ideas."""

    idee = models.ForeignKey(Idee, on_delete=models.CASCADE, related_name="+", db_index=False)
    stamm = models.CharField(max_length=60)
    gewicht = models.FloatField()

    class Meta:
        verbose_name = "Schlagwort einer Idee"
        verbose_name_plural = "Schlagworte der Ideen"
        indexes = [
            models.Index(fields=["stamm", "-gewicht"], name="ideenschlagwort_stamm_idx"),
            models.Index(fields=["idee"], name="ideenschlagwort_idee_idx"),
        ]

    def __str__(self):
        return self.stamm


class Ideenaehnlichkeit(Paarwerte):
    """A pair with at least one idea: from exactly one of (idee, steckbrief) to exactly one
    of (andere_idee, anderer). Every Dokument keeps its NACHBARN best ideas and (for an
    idea) its NACHBARN best Steckbriefe."""

    idee = models.ForeignKey(
        Idee, on_delete=models.CASCADE, null=True, related_name="aehnlichkeiten"
    )
    steckbrief = models.ForeignKey(
        Steckbrief, on_delete=models.CASCADE, null=True, related_name="aehnliche_ideen"
    )
    andere_idee = models.ForeignKey(Idee, on_delete=models.CASCADE, null=True, related_name="+")
    anderer = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        ordering = ["-wert", "pk"]
        verbose_name = "Ähnlichkeit mit einer Idee"
        verbose_name_plural = "Ähnlichkeiten mit Ideen"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(idee__isnull=False, steckbrief__isnull=True)
                    | models.Q(idee__isnull=True, steckbrief__isnull=False)
                ),
                name="ideenaehnlichkeit_ein_von",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(andere_idee__isnull=False, anderer__isnull=True)
                    | models.Q(andere_idee__isnull=True, anderer__isnull=False)
                ),
                name="ideenaehnlichkeit_ein_zu",
            ),
            models.CheckConstraint(
                condition=models.Q(idee__isnull=False) | models.Q(andere_idee__isnull=False),
                name="ideenaehnlichkeit_mit_idee",
            ),
        ]
        indexes = [
            models.Index(fields=["andere_idee"], name="ideenaehnlichkeit_andere_idx"),
            models.Index(fields=["anderer"], name="ideenaehnlichkeit_anderer_idx"),
        ]

    def __str__(self):
        von = f"Idee {self.idee_id}" if self.idee_id else f"Steckbrief {self.steckbrief_id}"
        zu = (
            f"Idee {self.andere_idee_id}"
            if self.andere_idee_id
            else f"Steckbrief {self.anderer_id}"
        )
        return f"{von} ~ {zu}: {self.wert:.2f}"


class Kooperationsprofil(models.Model):
    """What a Steckbrief shows in the Kooperationsbörse. Without a profile with consent, no
    other submitter learns anything about the Steckbrief."""

    steckbrief = models.OneToOneField(
        Steckbrief, on_delete=models.CASCADE, related_name="kooperationsprofil", primary_key=True
    )
    kontakt_erlaubt = models.BooleanField(
        "Andere Einreichende dürfen uns über das Portal kontaktieren",
        default=False,
        help_text="Andere Einreichende, die ebenfalls zugestimmt haben, sehen dann Titel, "
        "Kurzbeschreibung, Organisation und Ihr Angebot und können Ihnen über das Portal "
        "eine Nachricht senden. Ihre E-Mail-Adresse erfahren sie erst, wenn Sie antworten.",
    )
    angebot = models.TextField(
        "Was wir anderen Vorhaben anbieten",
        blank=True,
        max_length=1000,
        help_text="Zum Beispiel Labor, Fläche, Erfahrung, Kontakte.",
    )
    geaendert = models.DateTimeField(auto_now=True)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "Kooperationsprofil"
        verbose_name_plural = "Kooperationsprofile"

    def __str__(self):
        return f"Kooperationsprofil {self.steckbrief_id}"


class Kontaktanfrage(models.Model):
    """A submitter's message to another Vorhaben, delivered by the portal: the recipients get
    the text and the sender's Vorhaben, not the sender's address; they answer by mail to the
    address the portal gives them, which reveals theirs only when they choose to."""

    von = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="+")
    an = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="kontaktanfragen")
    absender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nachricht = models.TextField("Nachricht", max_length=2000)
    erstellt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erstellt"]
        verbose_name = "Kontaktanfrage"
        verbose_name_plural = "Kontaktanfragen"
        constraints = [
            models.UniqueConstraint(fields=["von", "an"], name="kontaktanfrage_einmalig")
        ]

    def __str__(self):
        return f"Kontaktanfrage {self.von_id} → {self.an_id}"


class Urteil(models.TextChoices):
    BUENDELN = "buendeln", "bündeln"
    KEIN_ZUSAMMENHANG = "kein_zusammenhang", "kein Zusammenhang"


class Zusammenhang(models.Model):
    """The Geschäftsstelle's judgement on two Steckbriefe (erster.pk < zweiter.pk)."""

    erster = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="+")
    zweiter = models.ForeignKey(Steckbrief, on_delete=models.CASCADE, related_name="+")
    urteil = models.CharField("Urteil", max_length=20, choices=Urteil.choices)
    begruendung = models.TextField("Begründung", blank=True, max_length=2000)
    von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    am = models.DateTimeField(auto_now=True)
    benachrichtigt_am = models.DateTimeField("Einreichende benachrichtigt am", null=True)

    class Meta:
        verbose_name = "Zusammenhang"
        verbose_name_plural = "Zusammenhänge"
        constraints = [
            models.UniqueConstraint(fields=["erster", "zweiter"], name="zusammenhang_einmalig"),
            models.CheckConstraint(
                condition=models.Q(erster__lt=models.F("zweiter")), name="zusammenhang_geordnet"
            ),
        ]

    def __str__(self):
        return f"{self.erster_id} / {self.zweiter_id}: {self.get_urteil_display()}"
