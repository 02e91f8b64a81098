from celery import shared_task

from .mail import zustellen


@shared_task(
    # The wire name of the queued messages, kept from before the move to kern (messages
    # already in the queue at a deploy must still find their task).
    name="masterplan.tasks.mail_zustellen",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_kwargs={"max_retries": 5},
    soft_time_limit=60,
    time_limit=90,
)
def mail_zustellen(empfaenger: list[str], betreff: str, text: str, html: str) -> int:
    return zustellen(empfaenger, betreff, text, html)
