"""Accounts: the user model (login by e-mail) and the roles of the portal."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


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
            self._gruppen_cache = set(self.groups.values_list("name", flat=True))
        return self._gruppen_cache

    def hat_rolle(self, rolle: Rolle) -> bool:
        return rolle.value in self._gruppen()

    @property
    def ist_geschaeftsstelle(self) -> bool:
        return self.is_superuser or self.hat_rolle(Rolle.GESCHAEFTSSTELLE)

    @property
    def ist_wirtschaftsfoerderung(self) -> bool:
        return (
            self.hat_rolle(Rolle.WIRTSCHAFTSFOERDERUNG) and self.gebietskoerperschaft_id is not None
        )
