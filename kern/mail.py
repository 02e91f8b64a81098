"""Outgoing e-mail: rendered from templates (text and HTML, German), sent by a Celery task
after the surrounding transaction commits. If the broker is unreachable the mail is sent
directly, so that no user action fails because Redis is down."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def rendern(vorlage: str, kontext: dict) -> tuple[str, str, str]:
    """mails/<vorlage>_betreff.txt, <vorlage>.txt and <vorlage>.html, from the templates
    folder of the app that sends the mail (mails/base.html is kern's)."""
    kontext = {"site_url": settings.SITE_URL, **kontext}
    betreff = " ".join(render_to_string(f"mails/{vorlage}_betreff.txt", kontext).split())
    text = render_to_string(f"mails/{vorlage}.txt", kontext)
    html = render_to_string(f"mails/{vorlage}.html", kontext)
    return betreff, text, html


def zustellen(empfaenger: list[str], betreff: str, text: str, html: str) -> int:
    message = EmailMultiAlternatives(
        subject=betreff, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=empfaenger
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def mail_senden(empfaenger: list[str] | str, vorlage: str, kontext: dict) -> None:
    """Render now (inside the request, with the data as it is), send after commit."""
    if isinstance(empfaenger, str):
        empfaenger = [empfaenger]
    empfaenger = sorted({e for e in empfaenger if e})
    if not empfaenger:
        return
    betreff, text, html = rendern(vorlage, kontext)

    def enqueue():
        from .tasks import mail_zustellen

        try:
            mail_zustellen.delay(empfaenger, betreff, text, html)
        except Exception:  # noqa: BLE001 - broker down: deliver directly instead of failing
            logger.warning("Broker nicht erreichbar, E-Mail wird direkt versendet", exc_info=True)
            zustellen(empfaenger, betreff, text, html)

    transaction.on_commit(enqueue)
