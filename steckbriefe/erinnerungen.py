"""Reminder e-mail 7 days before the final deadline for Steckbriefe not yet final.

Idempotent: a Fristerinnerung row per Steckbrief and deadline records what was sent, so a
repeated or concurrent run sends nothing twice; an extended deadline gets its own reminder.
A run that was missed on the day itself still reminds within the last 7 days."""

import datetime
import logging

from django.db import IntegrityError, transaction

from handlungsfelder.phasen import prozessstand
from kern.mail import mail_senden

from .fristen import finale_frist
from .models import Fristerinnerung, Status, Steckbrief
from .services import mail_empfaenger

logger = logging.getLogger(__name__)

ERINNERN_TAGE_VORHER = 7
NOCH_NICHT_FINAL = (Status.ENTWURF, Status.VORLAEUFIG_EINGEREICHT, Status.FINALISIERUNG)


def fristerinnerungen_senden(heute: datetime.date | None = None) -> int:
    """Send the due reminders; returns how many Steckbriefe were reminded."""
    stand = prozessstand(heute)
    gesendet = 0
    kandidaten = (
        Steckbrief.objects.filter(status__in=NOCH_NICHT_FINAL)
        .select_related("organisation")
        .order_by("pk")
    )
    for sb in kandidaten:
        frist = finale_frist(sb, stand)
        if frist is None:
            continue
        tage = (frist - stand.heute).days
        if not 0 <= tage <= ERINNERN_TAGE_VORHER:
            continue
        try:
            with transaction.atomic():
                _, neu = Fristerinnerung.objects.get_or_create(steckbrief=sb, frist=frist)
                if not neu:
                    continue
                mail_senden(
                    mail_empfaenger(sb),
                    "erinnerung",
                    {"steckbrief": sb, "frist": frist, "tage": tage},
                )
        except IntegrityError:  # a concurrent run recorded it first
            continue
        gesendet += 1
    logger.info("Fristerinnerungen: %s versendet", gesendet)
    return gesendet
