"""Settings of `make bench`: the portal's settings with the bench's own folder (VAR_DIR,
set by bench/dossier.py), the embedded broker polling fast, and mails kept in memory."""

from masterplan.settings import *  # noqa: F403
from masterplan.settings import CELERY_BROKER_TRANSPORT_OPTIONS, LOGGING

CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "polling_interval": 0.1}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
