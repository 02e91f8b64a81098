from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        # The scoring page's extension hook is offered by bewertung; until its module
        # exists, the panel is not shown there (the rest of the portal does not depend on it).
        try:
            from bewertung.erweiterungen import abschnitt_registrieren
        except ImportError:
            return
        from kooperation.anzeige import aehnliche_verweis

        abschnitt_registrieren(aehnliche_verweis)
