from django.apps import AppConfig


class SteckbriefeConfig(AppConfig):
    name = "steckbriefe"
    verbose_name = "Steckbriefe"

    def ready(self):
        from konten.beitraege import registrieren

        from . import beitraege, signals  # noqa: F401 - signals connects the receivers

        registrieren(
            bestand=beitraege.bestand,
            auskunft=beitraege.auskunft,
            demo=beitraege.demo,
            loeschen=beitraege.loeschen,
            ansprechperson=beitraege.ansprechperson,
        )
