from django import forms
from django.contrib import admin

from kern.verwaltung import NurLesen

from .models import (
    KPI,
    Aufruf,
    AufrufPhase,
    Gebietskoerperschaft,
    Handlungsfeld,
    Prozessphase,
    Seite,
    Teilziel,
    Zieldimension,
)
from .phasen import einreichungsschluss, mit_phasen

# The catalogue comes from the Masterplan and is loaded by migration; it is shown (NurLesen),
# not edited, so that codes stay stable for every Steckbrief that refers to them.


class ZieldimensionInline(NurLesen, admin.TabularInline):
    model = Zieldimension
    fields = ["code", "name"]
    extra = 0


@admin.register(Handlungsfeld)
class HandlungsfeldAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["code", "name"]
    inlines = [ZieldimensionInline]


class TeilzielInline(NurLesen, admin.TabularInline):
    model = Teilziel
    fields = ["text"]
    extra = 0


class KPIInline(NurLesen, admin.TabularInline):
    model = KPI
    fields = ["name"]
    extra = 0


@admin.register(Zieldimension)
class ZieldimensionAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["code", "name", "handlungsfeld"]
    list_filter = ["handlungsfeld"]
    list_select_related = ["handlungsfeld"]
    search_fields = ["code", "name"]
    inlines = [TeilzielInline, KPIInline]


@admin.register(Gebietskoerperschaft)
class GebietskoerperschaftAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["name", "ags", "art"]


@admin.register(Prozessphase)
class ProzessphaseAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "beginn", "ende"]
    list_editable = ["beginn", "ende"]
    readonly_fields = ["code"]

    def get_changelist_form(self, request, **kwargs):
        """The date inputs of the list are named by column and phase ("Beginn:
        Finaler Steckbrief"): in a table cell they have no label of their own (axe: label)."""
        basis = super().get_changelist_form(request, **kwargs)

        class PhasenZeile(basis):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance.name}"

        return PhasenZeile

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Seite)
class SeiteAdmin(admin.ModelAdmin):
    list_display = ["titel", "slug", "geaendert"]
    readonly_fields = ["slug", "geaendert"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AufrufPhaseForm(forms.ModelForm):
    """A phase linked to a Prozessphase (the Steckbrief call) takes its dates and what it
    opens from the Steckbrief rules (steckbriefe.fristen): those inputs are fixed here, so
    that the call's page cannot say something else than the rules do."""

    class Meta:
        model = AufrufPhase
        fields = [
            "name",
            "beginn",
            "ende",
            "nimmt_entwuerfe",
            "nimmt_einreichungen",
            "beschreibung",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.prozessphase_id is not None:
            for name in ("beginn", "ende", "nimmt_entwuerfe", "nimmt_einreichungen"):
                if name in self.fields:
                    self.fields[name].disabled = True


class AufrufPhaseInline(admin.TabularInline):
    model = AufrufPhase
    form = AufrufPhaseForm
    fields = [
        "name",
        "beginn",
        "ende",
        "termine_aus_phase",
        "nimmt_entwuerfe",
        "nimmt_einreichungen",
        "beschreibung",
    ]
    readonly_fields = ["termine_aus_phase"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("prozessphase")

    @admin.display(description="Termine aus der Steckbrief-Phase")
    def termine_aus_phase(self, obj):
        if obj is None or obj.prozessphase_id is None:
            return "–"
        p = obj.prozessphase
        return f"{p.beginn:%d.%m.%Y} – {p.ende:%d.%m.%Y} (änderbar unter „Phasen“)"


@admin.register(Aufruf)
class AufrufAdmin(admin.ModelAdmin):
    """Calls are data: the Geschäftsstelle enters a next round with its phases here. Slug
    and format are fixed once the call exists (Steckbriefe and ideas refer to them); calls
    are not deleted."""

    list_display = ["name", "format", "teilnehmende", "schluss", "veroeffentlicht"]
    list_filter = ["format", "veroeffentlicht"]
    search_fields = ["name"]
    inlines = [AufrufPhaseInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "format",
                    "teilnehmende",
                    "veroeffentlicht",
                    "reihenfolge",
                ]
            },
        ),
        (
            "Text der Aufrufseite",
            {
                "fields": [
                    "kurzbeschreibung",
                    "beschreibung",
                    "zielgruppe",
                    "bewertungsverfahren",
                    "naechste_schritte",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return mit_phasen(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "format"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if obj is None else {}

    @admin.display(description="Einreichung bis")
    def schluss(self, obj):
        datum = einreichungsschluss(obj)
        return f"{datum:%d.%m.%Y}" if datum else "–"

    def has_delete_permission(self, request, obj=None):
        return False
