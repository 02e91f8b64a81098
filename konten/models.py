"""Accounts: the user model (login by e-mail), the roles of the portal, Organisationen with
their members and invitations."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Rolle(models.TextChoices):
    """The three roles of the portal, each a Django group created by migration."""

    EINREICHENDE = "Einreichende", "Einreichende"
    WIRTSCHAFTSFOERDERUNG = "Wirtschaftsförderung", "Wirtschaftsförderung"
    GESCHAEFTSSTELLE = "Geschäftsstelle", "Geschäftsstelle"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Eine E-Mail-Adresse ist erforderlich.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField("E-Mail-Adresse", unique=True)
    gebietskoerperschaft = models.ForeignKey(
        "handlungsfelder.Gebietskoerperschaft",
        verbose_name="Gebietskörperschaft (Wirtschaftsförderung)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wirtschaftsfoerderer",
        help_text="Nur für Nutzende der Rolle Wirtschaftsförderung: der Bereich, den sie bewerten.",
    )
    # Separation of roles: staff (Wirtschaftsförderung, Geschäftsstelle, admin access) do
    # not submit, unless the Geschäftsstelle grants it here (konten.services.
    # einreichen_hindernis). Set only in the admin (konten.admin), which logs every change.
    darf_einreichen = models.BooleanField(
        "Darf trotz Rolle einreichen",
        default=False,
        help_text="Nur für Konten der Wirtschaftsförderungen, der Geschäftsstelle und andere "
        "Konten mit Zugang zur Verwaltung: erlaubt ausdrücklich, eine Organisation anzulegen "
        "oder einer Organisation beizutreten und Steckbriefe einzureichen. Eigene Projekte "
        "kann die Person trotzdem nie bewerten. Nur die Geschäftsstelle setzt dieses Häkchen "
        "(nicht für das eigene Konto); jede Änderung steht mit Person und Zeitpunkt in der "
        "Änderungshistorie des Kontos („Historie“).",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "Nutzer/in"
        verbose_name_plural = "Nutzer/innen"
        ordering = ["email"]

    def __str__(self):
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email

    def _gruppen(self) -> set[str]:
        if not hasattr(self, "_gruppen_cache"):
            if self.pk is None:
                self._gruppen_cache = set()
            else:
                from .rechte import gruppen_von

                self._gruppen_cache = gruppen_von(self)
        return self._gruppen_cache

    def hat_rolle(self, rolle: Rolle) -> bool:
        return rolle.value in self._gruppen()

    def in_gruppe(self, name: str) -> bool:
        """Whether the account is in the Group `name` (a role of a higher app, e.g. the
        Lenkungskreis of portfolio); read from the same cached set as the roles."""
        return name in self._gruppen()

    @property
    def ist_geschaeftsstelle(self) -> bool:
        return self.is_superuser or self.hat_rolle(Rolle.GESCHAEFTSSTELLE)

    @property
    def ist_wirtschaftsfoerderung(self) -> bool:
        return (
            self.hat_rolle(Rolle.WIRTSCHAFTSFOERDERUNG) and self.gebietskoerperschaft_id is not None
        )

    @property
    def hat_verfahrensrolle(self) -> bool:
        """A staff account of the procedure: Wirtschaftsförderung, Geschäftsstelle, superuser
        or any account with admin access. They review and steer; they do not submit unless
        `darf_einreichen` is granted."""
        return (
            self.is_staff
            or self.is_superuser
            or self.hat_rolle(Rolle.WIRTSCHAFTSFOERDERUNG)
            or self.hat_rolle(Rolle.GESCHAEFTSSTELLE)
        )


class Organisationstyp(models.TextChoices):
    KOMMUNE = "kommune", "Kommune / Landkreis"
    UNTERNEHMEN = "unternehmen", "Unternehmen"
    HOCHSCHULE = "hochschule", "Hochschule / Forschungseinrichtung"
    INSTITUTION = "institution", "Institution / Verwaltung"
    KAMMER = "kammer", "Kammer / Verband"
    NETZWERK = "netzwerk", "Netzwerk / Cluster"
    PROJEKTTRAEGER = "projekttraeger", "Projektträger"
    SONSTIGE = "sonstige", "Sonstige"


class Organisation(models.Model):
    """The submitting body. All its members may edit all its Steckbriefe."""

    name = models.CharField("Name der Organisation", max_length=300)
    typ = models.CharField("Organisationstyp", max_length=20, choices=Organisationstyp.choices)
    strasse = models.CharField("Straße und Hausnummer", max_length=200, blank=True)
    plz = models.CharField("PLZ", max_length=5, blank=True)
    ort = models.CharField("Ort", max_length=200, blank=True)
    angelegt = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Organisation"
        verbose_name_plural = "Organisationen"

    def __str__(self):
        return self.name


class Mitgliedschaft(models.Model):
    """A user belongs to exactly one Organisation. Its administrators (the founder and whom
    an administrator names) remove members and name further administrators; while an
    Organisation has members, one of them administers it (konten.services)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mitgliedschaft")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mitgliedschaften"
    )
    seit = models.DateTimeField("Mitglied seit", auto_now_add=True)
    ist_admin = models.BooleanField(
        "Verwaltet die Organisation",
        default=False,
        help_text="Darf Mitglieder entfernen und weitere Personen mit der Verwaltung betrauen.",
    )

    class Meta:
        verbose_name = "Mitgliedschaft"
        verbose_name_plural = "Mitgliedschaften"

    def __str__(self):
        return f"{self.user} – {self.organisation}"


EINLADUNG_GUELTIG_TAGE = 14


def _neues_token() -> str:
    return secrets.token_urlsafe(32)


def _gueltig_bis():
    return timezone.now() + timedelta(days=EINLADUNG_GUELTIG_TAGE)


class Einladung(models.Model):
    """An invitation by e-mail to join an Organisation. Open until accepted, revoked
    (deleted) or expired; at most one open invitation per organisation and address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="einladungen"
    )
    email = models.EmailField("E-Mail-Adresse")
    token = models.CharField(max_length=64, unique=True, default=_neues_token, editable=False)
    eingeladen_von = models.ForeignKey(
        User,
        verbose_name="Eingeladen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erstellt = models.DateTimeField("Eingeladen am", default=timezone.now)
    gueltig_bis = models.DateTimeField("Gültig bis", default=_gueltig_bis)
    angenommen_am = models.DateTimeField("Angenommen am", null=True, blank=True)
    angenommen_von = models.ForeignKey(
        User,
        verbose_name="Angenommen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-erstellt", "-pk"]
        verbose_name = "Einladung"
        verbose_name_plural = "Einladungen"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(angenommen_am__isnull=True),
                name="einladung_offen_einmalig",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self):
        return reverse("konten:einladung", kwargs={"token": self.token})

    @property
    def angenommen(self) -> bool:
        return self.angenommen_am is not None

    @property
    def abgelaufen(self) -> bool:
        return not self.angenommen and self.gueltig_bis <= timezone.now()


class Ereignisart(models.TextChoices):
    EINLADUNG_VERSENDET = "einladung", "Einladung versendet"
    EINLADUNG_ZURUECKGEZOGEN = "einladung_zurueck", "Einladung zurückgezogen"
    AUSGETRETEN = "ausgetreten", "Organisation verlassen"
    MITGLIED_ENTFERNT = "entfernt", "Mitglied entfernt"
    MITGLIEDSCHAFT_BEENDET = "beendet", "Mitgliedschaft durch die Geschäftsstelle beendet"
    ADMIN_ERNANNT = "admin_ernannt", "Mit der Verwaltung betraut"
    ADMIN_ABGEGEBEN = "admin_abgegeben", "Verwaltung abgegeben"
    ADMIN_NACHGERUECKT = "admin_nachgerueckt", "Verwaltung automatisch übernommen"
    KONTO_DEAKTIVIERT = "deaktiviert", "Konto deaktiviert"
    KONTO_REAKTIVIERT = "reaktiviert", "Konto wieder aktiviert"
    ANMELDELINK_VERWENDET = "anmeldelink", "Mit Anmeldelink angemeldet"


class Kontoereignis(models.Model):
    """The audit of accounts and memberships: who did what to whom, when. It names people
    only by their account (deleted accounts become empty), never by copied names or
    addresses, so that an account's deletion leaves no personal data here."""

    zeitpunkt = models.DateTimeField("Zeitpunkt", default=timezone.now, db_index=True)
    art = models.CharField("Ereignis", max_length=20, choices=Ereignisart.choices)
    durch = models.ForeignKey(
        User,
        verbose_name="Durch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    betroffen = models.ForeignKey(
        User,
        verbose_name="Betroffenes Konto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ereignisse",
    )

    class Meta:
        ordering = ["-zeitpunkt", "-pk"]
        verbose_name = "Kontoereignis"
        verbose_name_plural = "Kontoereignisse"
        indexes = [models.Index(fields=["durch", "art", "zeitpunkt"])]

    def __str__(self):
        return f"{self.get_art_display()} ({timezone.localtime(self.zeitpunkt):%d.%m.%Y %H:%M})"
