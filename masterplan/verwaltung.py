"""The admin site of the portal (installed through masterplan.apps.PortalAdminConfig).

It differs from Django's AdminSite in one point: the "view on site" redirect
(admin/r/<content type>/<id>/) answers only for objects the user may see in the admin.
Django's redirects any staff member to the get_absolute_url() of any object of any model,
which handed every Wirtschaftsförderung the invitation links of all organisations
(Einladung.get_absolute_url carries the token) and told it whether Steckbriefe of other
areas exist. Everything else is 404, like a missing object.

And every ModelAdmin registered here searches with a bounded number of words; the home
page shows a reviewer their workbench (bewertung.arbeitsplatz.uebersicht)."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import path
from django.utils.functional import SimpleLazyObject

from kern.verwaltung import BegrenzteSuche, GueltigeAuswahl


class PortalAdminSite(admin.AdminSite):
    # The home page: for a reviewer the own Bewertungen and the next open Steckbriefe
    # (bewertung.arbeitsplatz), no "recent actions".
    index_template = "admin/bewertung/startseite.html"

    def index(self, request, extra_context=None):
        from bewertung.arbeitsplatz import uebersicht  # the top layer composes

        extra_context = {**(extra_context or {}), "arbeitsplatz": uebersicht(request.user)}
        return super().index(request, extra_context)

    def each_context(self, request):
        """As Django's, but the app list of the navigation sidebar (it reads the user's
        permissions: two queries) is computed only when a page renders it; the scoring page
        and the ranking leave the sidebar out."""
        request._app_liste_spaeter = True
        try:
            return super().each_context(request)
        finally:
            del request._app_liste_spaeter

    def get_app_list(self, request, app_label=None):
        if app_label is None and getattr(request, "_app_liste_spaeter", False):
            return SimpleLazyObject(lambda: admin.AdminSite.get_app_list(self, request))
        return super().get_app_list(request, app_label)

    @staticmethod
    def _mit_grenzen(admin_class):
        """Every ModelAdmin gets the bounded search and the id-only action selection
        (kern.verwaltung.BegrenzteSuche, GueltigeAuswahl)."""
        admin_class = admin_class or admin.ModelAdmin
        zusaetze = tuple(
            k for k in (BegrenzteSuche, GueltigeAuswahl) if not issubclass(admin_class, k)
        )
        if not zusaetze:
            return admin_class
        return type(
            admin_class.__name__,
            (*zusaetze, admin_class),
            {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
        )

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, self._mit_grenzen(admin_class), **options)

    def ersetzen(self, model, admin_class) -> None:
        """A higher app composes a lower app's admin (e.g. bewertung adds kooperation's
        panel to the idea's page): replace the registered ModelAdmin in place, so the app's
        position in the admin's app order and URL patterns stays, with the same additions as
        register()."""
        if not isinstance(self._registry.get(model), admin_class.__bases__):
            raise ImproperlyConfigured(
                f"{model._meta.label} ist nicht mit einer Basis von {admin_class.__name__} "
                "registriert."
            )
        self._registry[model] = self._mit_grenzen(admin_class)(model, self)

    def get_urls(self):
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.auf_der_seite_ansehen),
                name="view_on_site",
            )
            if getattr(muster, "name", None) == "view_on_site"
            else muster
            for muster in super().get_urls()
        ]

    def auf_der_seite_ansehen(self, request, content_type_id, object_id):
        """Django's shortcut, for objects the user may view through their ModelAdmin."""
        try:
            modell = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError) as fehler:
            raise Http404 from fehler
        model_admin = self._registry.get(modell)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, object_id)  # scoped by get_queryset
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
