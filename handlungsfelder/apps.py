from django.apps import AppConfig


class HandlungsfelderConfig(AppConfig):
    name = "handlungsfelder"
    verbose_name = "Katalog und Prozess"
