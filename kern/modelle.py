"""Abstract model bases for what a Steckbrief and an idea (ideen) keep alike: the audit
trail, the autosave of a person's form input and the frozen versions. No tables of their
own, no migrations; every concrete model names the row it belongs to in `BEZUG` (its
foreign key: "steckbrief", "idee") and declares that key, its related_name and its
constraints itself (their names stay as they are in the migrations)."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict


def eingaben_als_daten(daten: dict) -> MultiValueDict:
    """Kept input ({name: [values]}) as the form reads posted data."""
    return MultiValueDict({k: list(v) for k, v in daten.items()})


class Bezogen(models.Model):
    """A row of one Steckbrief or idea: `BEZUG` is the name of the foreign key to it."""

    BEZUG = ""

    class Meta:
        abstract = True

    @property
    def bezug_id(self):
        return getattr(self, f"{self.BEZUG}_id")


class Protokolleintrag(Bezogen):
    """Append-only record of a change: who, when, what, old → new, remark. Written only by
    service functions (`eintragen`); never edited."""

    zeitpunkt = models.DateTimeField("Zeitpunkt", auto_now_add=True, db_index=True)
    akteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Wer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aktion = models.CharField("Aktion", max_length=60)
    alt = models.TextField("Vorher", blank=True)
    neu = models.TextField("Nachher", blank=True)
    text = models.TextField("Bemerkung", blank=True)

    class Meta:
        abstract = True
        ordering = ["-zeitpunkt", "-pk"]
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Protokoll"

    def __str__(self):
        return f"{self.zeitpunkt:%d.%m.%Y %H:%M} {self.aktion}"

    @classmethod
    def eintragen(cls, bezug, akteur, aktion: str, alt="", neu="", text=""):
        """One entry for `bezug` (the Steckbrief or idea); `alt`/`neu` as text."""
        return cls.objects.create(
            **{cls.BEZUG: bezug},
            akteur=akteur,
            aktion=aktion,
            alt=str(alt),
            neu=str(neu),
            text=text,
        )


class Zwischenstand(Bezogen):
    """Unsaved form input of one person, stored while typing (autosave).

    `daten` holds the posted field values ({name: [values]}) unvalidated; `revision` is the
    revision of the Steckbrief or idea the input was based on (older than the current one =
    somebody saved meanwhile). Removed when the person saves the draft or discards it. The
    concrete model keeps one row per (BEZUG, user) by a unique constraint."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    daten = models.JSONField("Eingaben")
    revision = models.PositiveIntegerField("Grundlage (Revision)")
    gespeichert = models.DateTimeField("Zwischengespeichert", auto_now=True)

    class Meta:
        abstract = True
        verbose_name = "Zwischenstand"
        verbose_name_plural = "Zwischenstände"

    def __str__(self):
        return f"Zwischenstand {self.bezug_id} / {self.user_id}"

    def als_daten(self) -> MultiValueDict:
        """The kept input as the form reads posted data."""
        return eingaben_als_daten(self.daten)

    @classmethod
    def ablegen(cls, bezug, user, daten: dict, revision: int):
        """Keep `daten` of `user` for `bezug`: one UPDATE of the existing row (the usual
        case while typing), an INSERT only when there is none; a concurrent INSERT by the
        same person's other tab ends as the UPDATE. The returned instance carries what was
        stored (daten, revision, gespeichert); after an UPDATE its pk is not loaded."""
        stand = cls(
            **{cls.BEZUG: bezug},
            user=user,
            daten=daten,
            revision=revision,
            gespeichert=timezone.now(),
        )
        werte = {"daten": stand.daten, "revision": stand.revision}
        vorhanden = cls.objects.filter(**{cls.BEZUG: bezug}, user=user)
        if vorhanden.update(**werte, gespeichert=stand.gespeichert):
            return stand
        try:
            with transaction.atomic():
                stand.save(force_insert=True)
        except IntegrityError:  # created concurrently by the same person's other tab
            stand.pk = None
            vorhanden.update(**werte, gespeichert=stand.gespeichert)
        return stand


class Fassung(Bezogen):
    """Frozen snapshot (label → readable value) of a Steckbrief or idea at a submission,
    numbered 1, 2, … per BEZUG (unique constraint of the concrete model); stays readable
    even if fields change later."""

    nummer = models.PositiveSmallIntegerField("Version")
    erstellt = models.DateTimeField("Eingereicht am", auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    daten = models.JSONField("Inhalt")

    class Meta:
        abstract = True
        verbose_name = "Version"
        verbose_name_plural = "Versionen"

    @classmethod
    def anlegen(cls, bezug, akteur, daten: dict, **weitere):
        """The next version of `bezug` (its row locked by the caller): number = last + 1."""
        letzte = (
            cls.objects.filter(**{cls.BEZUG: bezug})
            .order_by("-nummer")
            .values_list("nummer", flat=True)
            .first()
            or 0
        )
        return cls.objects.create(
            **{cls.BEZUG: bezug}, nummer=letzte + 1, erstellt_von=akteur, daten=daten, **weitere
        )
