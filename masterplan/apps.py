from importlib import import_module

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (masterplan.verwaltung), and the
    top layer's admin module: masterplan is no installed app, so autodiscover does not find
    masterplan/admin.py; it is imported here, after every app's admin module."""

    default_site = "masterplan.verwaltung.PortalAdminSite"

    def ready(self):
        super().ready()  # autodiscover: the admin modules of the installed apps
        import_module("masterplan.admin")
