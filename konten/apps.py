from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "konten"
    verbose_name = "Konten und Organisationen"

    def ready(self):
        from . import signale  # noqa: F401 - connects the receivers
