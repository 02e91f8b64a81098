from django.apps import AppConfig


class BewertungConfig(AppConfig):
    name = "bewertung"
    verbose_name = "Bewertung"
