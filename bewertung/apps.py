from django.apps import AppConfig


class BewertungConfig(AppConfig):
    name = "bewertung"
    verbose_name = "Bewertung"

    def ready(self):
        from konten.beitraege import registrieren
        from steckbriefe.regeln import pruefsicht_registrieren

        from . import regeln, signale  # noqa: F401 - signale connects the receivers

        pruefsicht_registrieren(regeln.pruefsicht)
        registrieren(demo=_demo)


def _demo() -> tuple[str, int]:
    from .demo import demo_bewertungen_anlegen

    return "Demo-Bewertungen neu angelegt", demo_bewertungen_anlegen()
