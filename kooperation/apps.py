from django.apps import AppConfig


class KooperationConfig(AppConfig):
    name = "kooperation"
    verbose_name = "Kooperation"

    def ready(self):
        from konten.beitraege import registrieren

        from . import beitraege, signale  # noqa: F401 - signale connects the receivers

        registrieren(auskunft=beitraege.auskunft, loeschen=beitraege.loeschen)
