"""Admin of the Bewertung: criteria catalogues, Zuweisungen, Bewertungen, decision texts,
and the ranking and progress pages (proxy models, so they appear in the admin index only
for those who may see them). What the Bewertung adds to the Steckbrief admin (scope,
scoring page, columns, actions) is in admin_steckbrief.py and admin_aktionen.py;
masterplan/admin.py composes it."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q, Sum
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from kern.verwaltung import NurLesen

from . import regeln, services
from .admin_aktionen import aktion_mit_formular
from .admin_steckbrief import befangenheit_text
from .admin_views import fortschritt as fortschritt_seite
from .admin_views import rangliste as rangliste_seite
from .aggregation import bewertungen_mit_punkten
from .export import eigene_als_datei
from .forms import KriteriumFormSet, SkalenstufeFormSet, WiederOeffnenAktionForm
from .models import (
    Bewertung,
    Bewertungsfortschritt,
    Einzelbewertung,
    Entscheidungsvorlage,
    JuryEinzelbewertung,
    Kriterienkatalog,
    Kriterium,
    Rangliste,
    Skalenstufe,
    Zuweisung,
)
from .regeln import NichtErlaubt
from .templatetags.bewertung_tags import punkte as punkte_text

FEHLER = (services.BewertungsFehler, NichtErlaubt)


def _eingefroren(katalog) -> bool:
    if katalog is None or katalog.pk is None:
        return False
    if not hasattr(katalog, "_eingefroren"):
        katalog._eingefroren = katalog.ist_eingefroren
    return katalog._eingefroren


# --- Kriterienkatalog ----------------------------------------------------------------------


class _KatalogInline(admin.TabularInline):
    extra = 0

    def _darf_aendern(self, request, obj):
        return not _eingefroren(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._darf_aendern(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._darf_aendern(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._darf_aendern(request, obj)


class SkalenstufeInline(_KatalogInline):
    model = Skalenstufe
    formset = SkalenstufeFormSet
    fields = ["wert", "bezeichnung"]

    def get_extra(self, request, obj=None, **kwargs):
        return 6 if obj is None else 0


class KriteriumInline(_KatalogInline):
    model = Kriterium
    formset = KriteriumFormSet
    fields = ["reihenfolge", "code", "name", "leitfrage", "gewicht", "ko_schwelle", "aktiv"]

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 0


@admin.register(Kriterienkatalog)
class KriterienkatalogAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "aufruf",
        "runde",
        "aktiv",
        "gewichtssumme",
        "eingefroren_anzeige",
        "erstellt",
    ]
    list_filter = ["aufruf"]
    list_select_related = ["aufruf"]
    fields = ["aufruf", "name", "runde", "aktiv", "erstellt"]
    readonly_fields = ["aktiv", "erstellt"]
    inlines = [SkalenstufeInline, KriteriumInline]
    actions = ["katalog_kopieren", "als_aktiv_festlegen"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                summe=Sum("kriterien__gewicht", filter=Q(kriterien__aktiv=True)),
                eingefroren=Exists(
                    Einzelbewertung.objects.filter(
                        kriterium__katalog=OuterRef("pk"), wert__isnull=False
                    )
                )
                | Exists(
                    JuryEinzelbewertung.objects.filter(
                        kriterium__katalog=OuterRef("pk"), wert__isnull=False
                    )
                ),
            )
        )

    @admin.display(description="Summe der Gewichte")
    def gewichtssumme(self, obj):
        return obj.summe or 0

    @admin.display(description="Eingefroren", boolean=True)
    def eingefroren_anzeige(self, obj):
        return obj.eingefroren

    def get_readonly_fields(self, request, obj=None):
        if _eingefroren(obj):
            return ["aufruf", "name", "runde", "aktiv", "erstellt"]
        if obj is not None and obj.pk:
            # A catalogue stays with its call; a new round copies it („Katalog kopieren“).
            return ["aufruf", *super().get_readonly_fields(request, obj)]
        return super().get_readonly_fields(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.kriterien_geaendert(form.instance)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _eingefroren(obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            _eingefroren(obj)
            or obj.aktiv
            or obj.bewertungen.exists()
            or obj.jury_bewertungen.exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        katalog = self.get_object(request, object_id)
        if katalog is not None and _eingefroren(katalog):
            if request.method == "POST":
                messages.error(request, services.eingefroren_meldung(katalog))
                return HttpResponseRedirect(request.path)
            if super().has_view_permission(request, katalog) and super().has_change_permission(
                request, katalog
            ):
                messages.warning(request, services.eingefroren_meldung(katalog))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Katalog kopieren (für eine neue Runde)", permissions=["add"])
    def katalog_kopieren(self, request, queryset):
        for katalog in queryset:
            kopie = services.katalog_kopieren(katalog)
            url = reverse("admin:bewertung_kriterienkatalog_change", args=[kopie.pk])
            messages.success(
                request,
                format_html(
                    'Kopie angelegt: <a href="{}">{}</a>. Passen Sie Kriterien und Gewichte an '
                    "und legen Sie den Katalog dann als aktiv fest.",
                    url,
                    kopie,
                ),
            )

    @admin.action(description="Als aktiven Katalog festlegen", permissions=["change_aktiv"])
    def als_aktiv_festlegen(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Bitte wählen Sie genau einen Katalog aus.")
            return
        katalog = queryset.get()
        vorher = services.aktiver_katalog_des_aufrufs(katalog.aufruf_id, ausser=katalog)
        try:
            services.katalog_aktivieren(katalog)
        except services.BewertungsFehler as exc:
            # The refused attempt is recorded in the catalogue's history as well.
            self.log_change(request, katalog, f"Aktivierung abgelehnt: {exc}")
            messages.error(request, str(exc))
        else:
            self.log_change(
                request,
                katalog,
                f"Als aktiven Katalog festgelegt (vorher: {vorher or 'keiner'}).",
            )
            messages.success(
                request, f"„{katalog}“ ist jetzt der aktive Katalog für „{katalog.aufruf}“."
            )

    def has_change_aktiv_permission(self, request):
        # Activating is allowed for frozen catalogues too (it does not change their content).
        return request.user.has_perm("bewertung.change_kriterienkatalog")


# --- Zuweisung -----------------------------------------------------------------------------


class BefangenFilter(admin.SimpleListFilter):
    title = "Befangenheit"
    parameter_name = "befangen"

    def lookups(self, request, model_admin):
        return [
            ("ja", "befangen"),
            ("automatisch", "automatisch festgestellt (eigenes Projekt)"),
            ("nein", "nicht befangen"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(befangen_am__isnull=False)
        if self.value() == "automatisch":
            return queryset.filter(
                befangen_am__isnull=False, befangen_grund__startswith=regeln.AUTOMATISCH
            )
        if self.value() == "nein":
            return queryset.filter(befangen_am__isnull=True)
        return queryset


@admin.register(Zuweisung)
class ZuweisungAdmin(admin.ModelAdmin):
    list_display = [
        "steckbrief",
        "pruefer_anzeige",
        "herkunft",
        "bewertung_status",
        "befangen_anzeige",
        "bewertbar_bis",
        "erstellt",
    ]
    list_filter = ["gebietskoerperschaft", "herkunft", BefangenFilter, "steckbrief__status"]
    list_select_related = [
        "steckbrief",
        "gebietskoerperschaft",
        "pruefer",
        "bewertung",
        "befangen_von",
    ]
    search_fields = ["steckbrief__titel", "pruefer__email"]
    fields = [
        "steckbrief",
        "gebietskoerperschaft",
        "pruefer",
        "herkunft",
        "erstellt",
        "erstellt_von",
        "bewertbar_bis",
        "befangen_am",
        "befangen_von",
        "befangen_grund",
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if regeln.darf_steuern(request.user):
            return qs
        return qs.filter(pk__in=regeln.zuweisungen_fuer(request.user).values("pk"))

    @admin.display(description="Prüfende", ordering="gebietskoerperschaft__name")
    def pruefer_anzeige(self, obj):
        return obj.pruefer_name

    @admin.display(description="Bewertung")
    def bewertung_status(self, obj):
        return obj.bewertung_status_text()

    @admin.display(description="Befangen", ordering="befangen_am")
    def befangen_anzeige(self, obj):
        if not obj.ist_befangen:
            return "–"
        if regeln.automatisch_befangen(obj):
            return "automatisch"
        return f"erklärt von {obj.befangen_von or 'einer gelöschten Person'}"

    @admin.display(description="Befangenheit und eigenes Projekt")
    def befangenheit(self, obj):
        return befangenheit_text(obj)

    def get_fields(self, request, obj=None):
        # The persons blocked now (live, for one Zuweisung): the Geschäftsstelle's view.
        if regeln.darf_steuern(request.user):
            return [*self.fields, "befangenheit"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.get_fields(request, obj) if f != "bewertbar_bis"]

    def has_add_permission(self, request):
        return False  # through the Steckbrief actions „Prüfende hinzufügen“ / automatically

    def has_change_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not regeln.darf_steuern(request.user):
            return False
        if (
            obj is not None
            and Einzelbewertung.objects.filter(
                bewertung__zuweisung=obj, wert__isnull=False
            ).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.nachfrist_setzen(obj, request.user, form.cleaned_data.get("bewertbar_bis"))

    def delete_model(self, request, obj):
        services.zuweisung_entfernen(obj, request.user)

    def delete_queryset(self, request, queryset):
        for zuweisung in queryset:
            try:
                services.zuweisung_entfernen(zuweisung, request.user)
            except FEHLER as exc:
                messages.error(request, str(exc))


# --- Bewertung -----------------------------------------------------------------------------


@admin.register(Bewertung)
class BewertungAdmin(NurLesen, admin.ModelAdmin):
    """Read-only: scored on the scoring page, not in a plain change form."""

    list_display = [
        "steckbrief_link",
        "pruefer_anzeige",
        "status",
        "punkte_anzeige",
        "normiert_anzeige",
        "empfehlung",
        "geaendert",
        "geaendert_von",
    ]
    # The Steckbrief column links to the scoring page itself: no link to the (redirecting)
    # change form around it – nested links were empty links for screen readers.
    list_display_links = None
    list_filter = ["status", "empfehlung", "zuweisung__gebietskoerperschaft", "katalog"]
    search_fields = ["zuweisung__steckbrief__titel"]
    actions = ["wieder_oeffnen"]

    def get_queryset(self, request):
        qs = regeln.bewertungen_fuer(request.user).select_related(
            "zuweisung__steckbrief",
            "zuweisung__gebietskoerperschaft",
            "zuweisung__pruefer",
            "geaendert_von",
            "katalog",
        )
        return bewertungen_mit_punkten(qs)

    @admin.display(description="Steckbrief", ordering="zuweisung__steckbrief__titel")
    def steckbrief_link(self, obj):
        sb = obj.zuweisung.steckbrief
        url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
        return format_html('<a href="{}">{}</a>', url, sb)

    @admin.display(description="Prüfende")
    def pruefer_anzeige(self, obj):
        return obj.zuweisung.pruefer_name

    @admin.display(description="Punkte (0–100)", ordering="punkte")
    def punkte_anzeige(self, obj):
        return punkte_text(obj.punkte)

    @admin.display(description="Normiert", ordering="normiert")
    def normiert_anzeige(self, obj):
        return punkte_text(obj.normiert)

    def get_list_display(self, request):
        if regeln.darf_steuern(request.user):
            return self.list_display
        return [f for f in self.list_display if f != "normiert_anzeige"]

    def has_steuern_permission(self, request):
        return regeln.darf_steuern(request.user)

    def get_urls(self):
        return [
            path(
                "export/<str:art>/",
                self.admin_site.admin_view(self.export_view),
                name="bewertung_bewertung_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, art):
        """The user's own Bewertungen as CSV or XLSX (bewertung.export.eigene_als_datei)."""
        if art not in {"csv", "xlsx"} or not self.has_view_permission(request):
            raise Http404
        return eigene_als_datei(request.user, art)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        bewertung = self.get_object(request, object_id)
        if bewertung is None:
            # As the admin answers for a missing object: back to its index, with a message.
            messages.warning(request, "Diese Bewertung gibt es nicht (mehr).")
            return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))
        return HttpResponseRedirect(
            reverse(
                "admin:steckbriefe_steckbrief_bewerten", args=[bewertung.zuweisung.steckbrief_id]
            )
        )

    @admin.action(description="Ausgewählte Bewertungen wieder öffnen …", permissions=["steuern"])
    def wieder_oeffnen(self, request, queryset):
        def ausfuehren(daten):
            for bewertung in queryset:
                try:
                    services.bewertung_wieder_oeffnen(bewertung, request.user, daten["grund"])
                except FEHLER as exc:
                    messages.error(request, f"{bewertung}: {exc}")
                else:
                    messages.success(request, f"{bewertung} ist wieder geöffnet.")

        return aktion_mit_formular(
            self,
            request,
            queryset,
            WiederOeffnenAktionForm,
            titel="Bewertungen wieder öffnen",
            frage="Diese Bewertungen werden wieder geöffnet; die Prüfenden können sie dann "
            "erneut bearbeiten und abschließen.",
            knopf="Wieder öffnen",
            ausfuehren=ausfuehren,
        )


# --- Mitteilungstexte ----------------------------------------------------------------------


@admin.register(Entscheidungsvorlage)
class EntscheidungsvorlageAdmin(admin.ModelAdmin):
    list_display = ["entscheidung", "text", "geaendert"]
    readonly_fields = ["entscheidung", "geaendert"]
    fields = ["entscheidung", "text", "geaendert"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Ranking and progress pages ------------------------------------------------------------


class _SeitenAdmin(NurLesen, admin.ModelAdmin):
    """A proxy model whose changelist is a custom page for the Geschäftsstelle."""

    seite = None

    def has_view_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user) and super().has_view_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            )
        ]

    def changelist_view(self, request, extra_context=None):
        return type(self).seite(request, self)


@admin.register(Rangliste)
class RanglisteAdmin(_SeitenAdmin):
    seite = staticmethod(rangliste_seite.seite)


@admin.register(Bewertungsfortschritt)
class BewertungsfortschrittAdmin(_SeitenAdmin):
    seite = staticmethod(fortschritt_seite.seite)


from . import admin_jury  # noqa: E402, F401 - registers the jury's admins
