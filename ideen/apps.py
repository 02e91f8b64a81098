from django.apps import AppConfig


class IdeenConfig(AppConfig):
    name = "ideen"
    verbose_name = "Ideenwettbewerb"

    def ready(self):
        from konten.adapter import ziel_ohne_organisation_registrieren
        from konten.beitraege import registrieren

        from . import beitraege, startziel

        registrieren(auskunft=beitraege.auskunft, demo=beitraege.demo, loeschen=beitraege.loeschen)
        # People without an Organisation who take part in the Ideenwettbewerb land on their
        # ideas (or a waiting idea invitation) after login.
        ziel_ohne_organisation_registrieren(startziel.ziel_ohne_organisation)
