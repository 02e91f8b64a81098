"""Settings of `make bench-last`: the portal's production settings (DEBUG off, set through the
environment by bench/last.py) plus a bench-only URLconf with a trivial view as the ceiling
of the stack. Never used by the portal itself."""

from masterplan.settings import *  # noqa: F403
from masterplan.settings import LOGGING

ROOT_URLCONF = "bench.last_urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}

# Plain static storage instead of the manifest storage: the measured pages never fetch static
# files, and the manifest would have to be rebuilt whenever someone adds a file to static/.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
