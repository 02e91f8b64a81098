from django.apps import AppConfig


class HandlungsfelderConfig(AppConfig):
    name = "handlungsfelder"
    verbose_name = "Katalog und Prozess"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check
