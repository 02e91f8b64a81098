"""What the Bewertung contributes to the Steckbrief admin (steckbriefe.admin.SteckbriefAdmin;
composed and registered in masterplan/admin.py):

- SteckbriefBewertung, a ModelAdmin mixin: the scope (regeln.steckbriefe_fuer) with the
  progress and the user's own Zuweisung annotated, the scoring page <id>/bewerten/
  (URL name admin:steckbriefe_steckbrief_bewerten) with its link on the change form, and
  the permission "steuern" of the actions in admin_aktionen.STECKBRIEF_AKTIONEN;
- the columns BEWERTET, MEINE_BEWERTUNG (reviewers only) and BEWERTEN;
- in the Verfahren fieldset the release of the decision notice in words („versendet am …“
  / „noch nicht versendet“) and, for the Geschäftsstelle, the filter BescheidFilter (to
  select the decided Steckbriefe whose notices are still to be sent);
- ZuweisungInline: the Zuweisungen and their Befangenheit, declared, recorded automatically
  or – for single persons – blocked as their own project (Geschäftsstelle)."""

from html import escape

from django.contrib import admin
from django.db.models import F, OuterRef, Subquery
from django.urls import path, reverse
from django.utils import timezone

from kern.verwaltung import NurLesen, Spalte, TextSpalte
from steckbriefe.models import Status

from . import regeln
from .admin_views import bewerten
from .aggregation import fortschritt
from .models import Bewertung, Zuweisung
from .templatetags.bewertung_tags import bescheid

BEWERTEN_URL = "admin:steckbriefe_steckbrief_bewerten"


# --- columns ---------------------------------------------------------------------------------


def _bewertet(sb) -> str:
    if not sb.zuweisungen_gesamt:
        return "–"
    return f"{sb.zuweisungen_abgeschlossen}/{sb.zuweisungen_gesamt}"


def _meine_bewertung(sb) -> str:
    if sb.meine_zuweisung is None:
        return "nicht zugewiesen"
    if sb.meine_befangen is not None:
        return "befangen"
    if sb.meine_status is None:
        return "offen"
    return Bewertung.Status(sb.meine_status).label


class MeineBewertungSpalte(TextSpalte):
    """The state of the user's own Bewertung; not for the Geschäftsstelle (it steers)."""

    def sichtbar(self, request):
        return not regeln.darf_steuern(request.user)


class BewertenSpalte(Spalte):
    """The link to the scoring page: "Bewerten" for an own, non-befangen Zuweisung, else
    "Ansehen". The URL reversed once per page."""

    PLATZHALTER = "9999999999"

    def vorbereiten(self, seite):
        seite.daten[self] = escape(reverse(BEWERTEN_URL, args=[self.PLATZHALTER]))

    def inhalt(self, obj, seite):
        if seite is None:
            url = escape(reverse(BEWERTEN_URL, args=[obj.pk]))
        else:
            url = seite.daten[self].replace(self.PLATZHALTER, str(obj.pk))
        text = "Bewerten" if obj.meine_zuweisung and obj.meine_befangen is None else "Ansehen"
        return f'<a href="{url}">{text}</a>'


# Annotations only (SteckbriefBewertung.get_queryset): no model fields to load.
BEWERTET = TextSpalte("bewertungsstand", "Bewertet", text=_bewertet, felder=[])
MEINE_BEWERTUNG = MeineBewertungSpalte(
    "meine_bewertung", "Meine Bewertung", text=_meine_bewertung, felder=[]
)
BEWERTEN = BewertenSpalte("bewerten_link", "", felder=[])


class BescheidFilter(admin.SimpleListFilter):
    title = "Bescheid"
    parameter_name = "bescheid"

    def lookups(self, request, model_admin):
        return [("offen", "entschieden, noch nicht versendet"), ("versendet", "versendet")]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.filter(
                status=Status.ENTSCHIEDEN, entscheidung_mitgeteilt_am__isnull=True
            )
        if self.value() == "versendet":
            return queryset.filter(
                status=Status.ENTSCHIEDEN, entscheidung_mitgeteilt_am__isnull=False
            )
        return queryset


# --- inline ----------------------------------------------------------------------------------


class ZuweisungInline(NurLesen, admin.TabularInline):
    model = Zuweisung
    fk_name = "steckbrief"
    fields = ["pruefende", "herkunft", "erstellt", "bewertung_status", "befangenheit"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "Zuweisungen und Befangenheit"

    @admin.display(description="Prüfende")
    def pruefende(self, obj):
        return obj.pruefer_name

    @admin.display(description="Bewertung")
    def bewertung_status(self, obj):
        return obj.bewertung_status_text()

    @admin.display(description="Befangenheit")
    def befangenheit(self, obj):
        return befangenheit_text(obj)

    def has_view_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "steckbrief", "gebietskoerperschaft", "pruefer", "befangen_von", "bewertung"
            )
        )


def befangenheit_text(zuweisung) -> str:
    """The Befangenheit of a Zuweisung for the Geschäftsstelle: declared (by whom), recorded
    automatically, or – not recorded – the persons blocked now because it is their own
    project (regeln.befangene_personen: a colleague of a Wirtschaftsförderung, or a person
    who became conflicted after the assignment)."""
    if zuweisung.ist_befangen:
        am = timezone.localtime(zuweisung.befangen_am)
        if regeln.automatisch_befangen(zuweisung):
            wie = f"automatisch festgestellt am {am:%d.%m.%Y}"
        else:
            wer = zuweisung.befangen_von or "einer gelöschten Person"
            wie = f"erklärt am {am:%d.%m.%Y} von {wer}"
        return f"{wie}: {zuweisung.befangen_grund}"
    personen = regeln.befangene_personen(zuweisung)
    if not personen:
        return "–"
    return "Eigenes Projekt, gesperrt: " + "; ".join(f"{p} ({grund})" for p, grund in personen)


# --- the mixin -------------------------------------------------------------------------------


class SteckbriefBewertung:
    """Mixin for the Steckbrief's ModelAdmin (before steckbriefe.admin.SteckbriefAdmin in
    the bases)."""

    change_form_template = "admin/bewertung/steckbrief_change_form.html"
    # The model field of the Verfahren fieldset (steckbriefe.abschnitte.VERFAHREN) and the
    # words that show it.
    BESCHEID_FELD = "entscheidung_mitgeteilt_am"

    @admin.display(description="Bescheid")
    def bescheid_anzeige(self, obj):
        return bescheid(obj) or "–"

    def get_fieldsets(self, request, obj=None):
        return [
            (
                titel,
                {
                    **optionen,
                    "fields": [
                        "bescheid_anzeige" if f == self.BESCHEID_FELD else f
                        for f in optionen["fields"]
                    ],
                },
            )
            for titel, optionen in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "bescheid_anzeige"]

    def get_list_filter(self, request):
        filter_ = list(super().get_list_filter(request))
        if regeln.darf_steuern(request.user):
            filter_.append(BescheidFilter)
        return filter_

    def get_queryset(self, request):
        """The Steckbriefe the user may see (narrowing the base's queryset), with the
        progress (fortschritt) and the user's own Zuweisung: meine_zuweisung,
        meine_befangen, meine_status."""
        qs = super().get_queryset(request) & regeln.steckbriefe_fuer(request.user)
        eigene = (
            regeln.zuweisungen_fuer(request.user)
            .filter(steckbrief=OuterRef("pk"))
            .order_by(F("pruefer_id").asc(nulls_last=True), "pk")
        )
        return fortschritt(qs).annotate(
            meine_zuweisung=Subquery(eigene.values("pk")[:1]),
            meine_befangen=Subquery(eigene.values("befangen_am")[:1]),
            meine_status=Subquery(eigene.values("bewertung__status")[:1]),
        )

    def has_steuern_permission(self, request):
        return regeln.darf_steuern(request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/bewerten/",
                self.admin_site.admin_view(self.bewerten_view),
                name="{}_{}_bewerten".format(*info),
            ),
            *super().get_urls(),
        ]

    def bewerten_view(self, request, object_id):
        return bewerten.seite(request, self, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "bewerten_url": reverse(BEWERTEN_URL, args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)
