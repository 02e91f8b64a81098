from django.contrib import admin

from kern.verwaltung import NurLesen

from .models import (
    KPI,
    Gebietskoerperschaft,
    Handlungsfeld,
    Prozessphase,
    Seite,
    Teilziel,
    Zieldimension,
)

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
