from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (masterplan.verwaltung)."""

    default_site = "masterplan.verwaltung.PortalAdminSite"
