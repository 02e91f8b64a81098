from django.apps import AppConfig


class SteckbriefeConfig(AppConfig):
    name = "steckbriefe"
    verbose_name = "Steckbriefe"
