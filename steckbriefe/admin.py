"""The Steckbrief in the admin, as far as steckbriefe knows it: its fields, its own inlines
(Partner, Meilensteine, Anlagen, the audit trail), its columns, read-only for everybody
(submitters change content in the portal, status changes go through steckbriefe.services).

SteckbriefAdmin here is a base and not registered: masterplan/admin.py composes it with
what bewertung (scope, scoring page, columns, actions, Zuweisungen) and dossiers (export
actions) contribute and registers the result. The AuditEintrag admin is registered here."""

from collections import defaultdict
from html import escape

from django.contrib import admin
from django.utils.html import format_html

from kern.verwaltung import FeldSpalte, NurLesen, Spalte, SpaltenAdmin, TextSpalte
from konten.zugriff import ist_geschaeftsstelle

from .abschnitte import ABSCHNITTE, VERFAHREN
from .models import Anlage, AuditEintrag, Meilenstein, Partner, Steckbrief

# --- inlines ---------------------------------------------------------------------------------


class PartnerInline(NurLesen, admin.TabularInline):
    model = Partner
    fields = ["name", "rolle", "zusage"]
    readonly_fields = fields
    extra = 0


class MeilensteinInline(NurLesen, admin.TabularInline):
    model = Meilenstein
    fields = ["bezeichnung", "termin"]
    readonly_fields = fields
    extra = 0


class AnlageInline(NurLesen, admin.TabularInline):
    model = Anlage
    fields = ["datei_link", "groesse", "content_type", "hochgeladen_am"]
    readonly_fields = fields
    extra = 0

    @admin.display(description="Datei")
    def datei_link(self, obj):
        try:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.name)
        except Exception:  # noqa: BLE001 - portal URL not installed: show the name only
            return obj.name

    def has_view_permission(self, request, obj=None):
        return True  # the Steckbrief itself is already scoped


class AuditInline(NurLesen, admin.TabularInline):
    """The audit trail on the Steckbrief (Geschäftsstelle; reviewers see theirs on the
    scoring page). Never editable, never deletable."""

    model = AuditEintrag
    fields = ["zeitpunkt", "akteur", "aktion", "alt", "neu", "text"]
    readonly_fields = fields
    extra = 0
    ordering = ["-zeitpunkt", "-pk"]

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("akteur")


# --- columns of the changelist ---------------------------------------------------------------


class TitelSpalte(Spalte):
    """The title with the submitting Organisation below it (the link to the Steckbrief)."""

    def inhalt(self, obj, seite):
        return f'{escape(str(obj))}<br><span class="quiet">{escape(obj.organisation.name)}</span>'


class StandortSpalte(TextSpalte):
    """ "Gesamte Region" or the Gebietskörperschaften (by AGS); the names of the page in one
    query."""

    def vorbereiten(self, seite):
        namen = defaultdict(list)
        ids = [o.pk for o in seite.objekte if not o.gesamte_region]
        durch = Steckbrief.gebietskoerperschaften.through.objects
        for sb_id, name in (
            durch.filter(steckbrief_id__in=ids)
            .order_by("gebietskoerperschaft__ags", "gebietskoerperschaft_id")
            .values_list("steckbrief_id", "gebietskoerperschaft__name")
        ):
            namen[sb_id].append(name)
        seite.daten[self] = namen

    def text(self, obj, seite):
        if obj.gesamte_region:
            return "Gesamte Region"
        if seite is None:  # Django renders the list: prefetched by get_queryset
            namen = [g.name for g in obj.gebietskoerperschaften.all()]
        else:
            namen = seite.daten[self].get(obj.pk, [])
        return ", ".join(namen) or "–"


TITEL = TitelSpalte(
    "titel_anzeige", "Titel", sortierung="titel", felder=["titel", "organisation__name"]
)
STATUS = FeldSpalte("status", "Status")
HF = TextSpalte(
    "hf",
    "HF",
    text=lambda sb: sb.handlungsfeld.code if sb.handlungsfeld_id else "–",
    sortierung="handlungsfeld__code",
    felder=["handlungsfeld__code"],
)
STANDORT = StandortSpalte("standort", "Standort", felder=["gesamte_region"])
ENTSCHEIDUNG = FeldSpalte("entscheidung", "Entscheidung")


# --- the base admin --------------------------------------------------------------------------


class SteckbriefAdmin(SpaltenAdmin, NurLesen, admin.ModelAdmin):
    """Read-only: content belongs to the submitters, statuses change through services."""

    list_display = [TITEL, STATUS, HF, STANDORT, ENTSCHEIDUNG]
    list_display_links = [TITEL]
    list_filter = [
        "status",
        "handlungsfeld",
        "gebietskoerperschaften",
        "vorhabenart",
        "entscheidung",
    ]
    list_select_related = ["organisation", "handlungsfeld"]
    search_fields = ["titel", "kurztitel", "organisation__name"]
    list_per_page = 50
    # No second COUNT(*) over all Steckbriefe on every filtered page ("50 Ergebnisse
    # (Alle anzeigen)" instead of "(20000 gesamt)").
    show_full_result_count = False
    # The sections of the form (steckbriefe.abschnitte), the Organisation first, and the
    # procedure's own fields last.
    fieldsets = [
        (a.titel, {"fields": (["organisation"] if a.id == "traeger" else []) + a.felder})
        for a in ABSCHNITTE
        if a.felder
    ] + [("Verfahren", {"fields": VERFAHREN})]
    inlines = [PartnerInline, MeilensteinInline, AnlageInline, AuditInline]

    def get_queryset(self, request):
        # The Standorte for Django's rendering and the actions (the column pages read
        # them in one query of their own).
        return super().get_queryset(request).prefetch_related("gebietskoerperschaften")


@admin.register(AuditEintrag)
class AuditEintragAdmin(NurLesen, admin.ModelAdmin):
    """The audit trail: read by the Geschäftsstelle, changed by nobody (not even the
    superuser)."""

    list_display = ["zeitpunkt", "steckbrief", "akteur", "aktion", "alt", "neu", "text"]
    list_filter = ["aktion"]
    list_select_related = ["steckbrief", "akteur"]
    search_fields = ["steckbrief__titel", "aktion", "text"]
    date_hierarchy = "zeitpunkt"
    actions = None

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user) and super().has_view_permission(request, obj)
