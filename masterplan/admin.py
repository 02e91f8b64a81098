"""The Steckbrief admin, composed from the layers and registered once (imported by
PortalAdminConfig.ready after every app's admin module):

- steckbriefe: the base (fields, own inlines, read-only, columns TITEL, STATUS, HF,
  STANDORT, ENTSCHEIDUNG);
- bewertung: the scope and annotations, the scoring page and its link on the change form
  (SteckbriefBewertung), the columns BEWERTET, MEINE_BEWERTUNG, BEWERTEN, the Zuweisungen
  inline and the Geschäftsstelle's actions;
- dossiers: the export actions.

Every column is a kern.verwaltung.Spalte, so the changelist renders its rows itself (see
kern.verwaltung: an entry that is no Spalte makes Django render the whole list)."""

from django.contrib import admin

from bewertung.admin_aktionen import STECKBRIEF_AKTIONEN
from bewertung.admin_steckbrief import (
    BEWERTEN,
    BEWERTET,
    MEINE_BEWERTUNG,
    SteckbriefBewertung,
    ZuweisungInline,
)
from dossiers.admin import EXPORT_AKTIONEN
from steckbriefe import admin as basis
from steckbriefe.models import Steckbrief


class SteckbriefAdmin(SteckbriefBewertung, basis.SteckbriefAdmin):
    list_display = [
        basis.TITEL,
        basis.STATUS,
        basis.HF,
        basis.STANDORT,
        BEWERTET,
        MEINE_BEWERTUNG,
        basis.ENTSCHEIDUNG,
        BEWERTEN,
    ]
    list_display_links = [basis.TITEL]
    actions = [*STECKBRIEF_AKTIONEN, *EXPORT_AKTIONEN]
    inlines = [
        basis.PartnerInline,
        basis.MeilensteinInline,
        basis.AnlageInline,
        ZuweisungInline,
        basis.AuditInline,
    ]


admin.site.register(Steckbrief, SteckbriefAdmin)
