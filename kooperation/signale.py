"""What kooperation does when steckbriefe announces something: a Steckbrief submitted
(vorläufig, final, again after a Rückfrage) or withdrawn gets its neighbours recomputed, after the transaction commits (a rolled-back submission
changes nothing), by the Celery task; a changed Kooperationsprofil (the offer is an input
of the similarity) as well. An idea submitted or withdrawn (ideen.signals) likewise, by
its own task."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ideen import signals as ideen_signale
from ideen.models import Idee
from steckbriefe.models import Steckbrief
from steckbriefe.signals import final_eingereicht, vorlaeufig_eingereicht, zurueckgezogen

from .models import Kooperationsprofil

logger = logging.getLogger(__name__)


def nach_commit_aktualisieren(steckbrief_id: int) -> None:
    transaction.on_commit(lambda: einreihen(steckbrief_id))


def einreihen(steckbrief_id: int) -> bool:
    """Hand the update to the broker. If the broker is down, the submission that caused it
    must not fail: the nightly recompute (aehnlichkeit_neu_berechnen) catches up."""
    from .tasks import aehnlichkeit_aktualisieren

    return _senden(aehnlichkeit_aktualisieren, steckbrief_id, "Steckbrief")


def idee_einreihen(idee_id: int) -> bool:
    """As einreihen, for an idea."""
    from .tasks import idee_aehnlichkeit_aktualisieren

    return _senden(idee_aehnlichkeit_aktualisieren, idee_id, "Idee")


def _senden(aufgabe, pk: int, was: str) -> bool:
    try:
        aufgabe.delay(pk)
    except Exception:  # noqa: BLE001 - any broker/connection error
        logger.warning(
            "Ähnlichkeit von %s %s: Broker nicht erreichbar, die nächtliche "
            "Neuberechnung holt es nach",
            was,
            pk,
            exc_info=True,
        )
        return False
    return True


@receiver(final_eingereicht, sender=Steckbrief, dispatch_uid="kooperation.aehnlichkeit")
@receiver(vorlaeufig_eingereicht, sender=Steckbrief, dispatch_uid="kooperation.vorlaeufig")
@receiver(zurueckgezogen, sender=Steckbrief, dispatch_uid="kooperation.zurueckgezogen")
def bei_einreichung(sender, steckbrief: Steckbrief, **kwargs) -> None:
    nach_commit_aktualisieren(steckbrief.pk)


@receiver(post_save, sender=Kooperationsprofil, dispatch_uid="kooperation.profil")
def bei_profilaenderung(sender, instance: Kooperationsprofil, **kwargs) -> None:
    nach_commit_aktualisieren(instance.steckbrief_id)


@receiver(ideen_signale.eingereicht, sender=Idee, dispatch_uid="kooperation.idee_eingereicht")
@receiver(ideen_signale.zurueckgezogen, sender=Idee, dispatch_uid="kooperation.idee_zurueck")
def bei_idee(sender, idee: Idee, **kwargs) -> None:
    pk = idee.pk
    transaction.on_commit(lambda: idee_einreihen(pk))
