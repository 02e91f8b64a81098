from celery import shared_task

from .erinnerungen import fristerinnerungen_senden as _senden


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def fristerinnerungen_senden() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): reminders 7 days before the final deadline."""
    return _senden()
