"""Admin: the export jobs (read-only, Geschäftsstelle) and actions for Steckbrief changelists.

The actions create jobs for the selected Steckbriefe and lead to the job's progress page;
small tables come back directly. masterplan/admin.py adds them to the Steckbrief admin it
composes (any Steckbrief admin can: actions = [..., *EXPORT_AKTIONEN]).
"""

from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from kern.verwaltung import NurLesen
from konten.zugriff import ist_geschaeftsstelle

from . import services
from .ablage import content_disposition
from .models import ExportArt, ExportJob
from .regeln import AuswahlFehler, ExportNichtErlaubt


def _exportieren(request, queryset, art: str):
    parameter = {"ids": list(queryset.values_list("pk", flat=True))}
    try:
        if art in (ExportArt.CSV, ExportArt.XLSX):
            direkt = services.tabelle_direkt(request.user, art, parameter)
            if direkt is not None:
                inhalt, name, typ = direkt
                antwort = HttpResponse(inhalt, content_type=typ)
                antwort["Content-Disposition"] = content_disposition(name)
                return antwort
        job = services.export_anlegen(request.user, art, parameter)
    except (AuswahlFehler, ExportNichtErlaubt) as fehler:
        messages.error(request, str(fehler))
        return None
    messages.info(request, "Der Export wird im Hintergrund erstellt.")
    return HttpResponseRedirect(job.get_absolute_url())


@admin.action(description="Dossier (PDF) der ausgewählten Steckbriefe erstellen")
def dossier_erstellen(modeladmin, request, queryset):
    return _exportieren(request, queryset, ExportArt.DOSSIER)


@admin.action(description="Ausgewählte Steckbriefe als Excel-Tabelle exportieren")
def xlsx_exportieren(modeladmin, request, queryset):
    return _exportieren(request, queryset, ExportArt.XLSX)


@admin.action(description="Ausgewählte Steckbriefe als CSV-Tabelle exportieren")
def csv_exportieren(modeladmin, request, queryset):
    return _exportieren(request, queryset, ExportArt.CSV)


EXPORT_AKTIONEN = [dossier_erstellen, xlsx_exportieren, csv_exportieren]


@admin.register(ExportJob)
class ExportJobAdmin(NurLesen, admin.ModelAdmin):
    list_display = [
        "pk",
        "erstellt",
        "art",
        "beschreibung",
        "erstellt_von",
        "status",
        "fortschritt",
        "seiten",
        "link",
    ]
    list_filter = ["art", "status"]
    search_fields = ["beschreibung", "erstellt_von__email"]
    date_hierarchy = "erstellt"
    fields = [
        "art",
        "beschreibung",
        "parameter",
        "erstellt_von",
        "status",
        "fortschritt",
        "lauf",
        "fehler",
        "dateiname",
        "groesse",
        "seiten",
        "anzahl",
        "erstellt",
        "gestartet",
        "abgeschlossen",
        "laeuft_ab",
    ]
    readonly_fields = fields

    @admin.display(description="Seite")
    def link(self, obj):
        return format_html(
            '<a href="{}">Status / Download</a>', reverse("dossiers:job", args=[obj.pk])
        )

    def _gs(self, request) -> bool:
        return ist_geschaeftsstelle(request.user)

    def has_module_permission(self, request):
        return self._gs(request)

    def has_view_permission(self, request, obj=None):
        return self._gs(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
