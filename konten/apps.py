from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "konten"
    verbose_name = "Konten und Organisationen"

    def ready(self):
        from . import beitraege, demo, rechte, signale  # noqa: F401 - signale connects

        beitraege.registrieren(demo=demo.demo)
        rechte.verbinden()
