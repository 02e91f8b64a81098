from celery import shared_task

from . import berechnung


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def aehnlichkeit_aktualisieren(steckbrief_id: int) -> bool:
    """One Steckbrief's neighbours (kooperation.berechnung.aktualisieren; idempotent)."""
    return berechnung.aktualisieren(steckbrief_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def idee_aehnlichkeit_aktualisieren(idee_id: int) -> bool:
    """One idea's neighbours (kooperation.berechnung.idee_aktualisieren; idempotent)."""
    return berechnung.idee_aktualisieren(idee_id)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def aehnlichkeit_neu_berechnen() -> int:
    """Every Steckbrief's and idea's neighbours from scratch (refreshes the document frequencies)."""
    return berechnung.alle_neu_berechnen()
