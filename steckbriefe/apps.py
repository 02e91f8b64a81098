from django.apps import AppConfig


class SteckbriefeConfig(AppConfig):
    name = "steckbriefe"
    verbose_name = "Steckbriefe"

    def ready(self):
        from . import signals  # noqa: F401
