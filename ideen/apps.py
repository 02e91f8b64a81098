from django.apps import AppConfig


class IdeenConfig(AppConfig):
    name = "ideen"
    verbose_name = "Ideenwettbewerb"

    def ready(self):
        from konten.beitraege import registrieren

        from . import beitraege

        registrieren(auskunft=beitraege.auskunft, demo=beitraege.demo, loeschen=beitraege.loeschen)
