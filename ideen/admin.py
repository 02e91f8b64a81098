"""The ideas in the admin, for the Geschäftsstelle: the list of all ideas with call,
status, stage, title, people and date of submission (filters, search, pagination) and the
idea's page, read-only (ideas change only through ideen.services). The jury's pages
(scoring, ranking, stage actions) are bewertung's (bewertung.admin_jury); the cross-over into
a Steckbrief (URL `ideen:als_steckbrief`) is linked on the change page once it exists."""

from django.contrib import admin
from django.db.models import F
from django.urls import NoReverseMatch, reverse

from kern.verwaltung import NurLesen
from konten.zugriff import ist_geschaeftsstelle

from .models import Idee, IdeeProtokoll, Status, TeamMitglied


class TeamInline(NurLesen, admin.TabularInline):
    model = TeamMitglied
    fields = ["name", "rolle"]
    extra = 0


class ProtokollInline(NurLesen, admin.TabularInline):
    model = IdeeProtokoll
    fields = ["zeitpunkt", "akteur", "aktion", "alt", "neu", "text"]
    readonly_fields = fields
    extra = 0
    ordering = ["-zeitpunkt", "-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("akteur")


def als_steckbrief_url(idee: Idee) -> str | None:
    """The cross-over page of the idea, if that view exists (built elsewhere)."""
    try:
        return reverse("ideen:als_steckbrief", args=[idee.pk])
    except NoReverseMatch:
        return None


@admin.register(Idee)
class IdeeAdmin(NurLesen, admin.ModelAdmin):
    list_display = [
        "titel_anzeige",
        "aufruf",
        "status",
        "stufe_anzeige",
        "personen",
        "eingereicht_am",
    ]
    list_filter = ["aufruf", "status", "stufe"]
    list_select_related = ["aufruf", "eigentuemer"]
    search_fields = ["titel", "kernsatz", "eigentuemer__email", "team__name"]
    list_per_page = 50
    ordering = [F("eingereicht_am").desc(nulls_last=True), "-pk"]
    fields = [
        "aufruf",
        "eigentuemer",
        "status",
        "stufe",
        "bescheid_stufe",
        "bescheid_am",
        "eingereicht_am",
        "titel",
        "kernsatz",
        "problem",
        "loesung",
        "reifegrad",
        "gebietskoerperschaft",
        "regionsbezug",
        "unterstuetzung",
        "pitchdeck_name",
    ]
    readonly_fields = fields
    inlines = [TeamInline, ProtokollInline]
    change_form_template = "admin/ideen/idee/change_form.html"

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user) and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mitwirkende__user")

    @admin.display(description="Titel", ordering="titel")
    def titel_anzeige(self, obj):
        return str(obj)

    @admin.display(description="Stufe", ordering="stufe")
    def stufe_anzeige(self, obj):
        return obj.get_stufe_display() if obj.status == Status.EINGEREICHT else "–"

    @admin.display(description="Personen")
    def personen(self, obj):
        return ", ".join(
            str(u) for u in [obj.eigentuemer, *(m.user for m in obj.mitwirkende.all())]
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        idee = self.get_object(request, object_id)
        if idee is not None:
            extra_context["als_steckbrief_url"] = als_steckbrief_url(idee)
        return super().change_view(request, object_id, form_url, extra_context)
