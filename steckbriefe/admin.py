"""The Steckbrief in the admin: read-only for everybody (submitters change content in the
portal, status changes go through steckbriefe.services). Scoped by
bewertung.regeln.steckbriefe_fuer; the scoring page and the Geschäftsstelle's actions
(Zuweisungen, Prüfende, Frist, Entscheidung) call bewertung.services."""

from collections import defaultdict
from html import escape

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.db.models import F, OuterRef, Subquery
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from bewertung import admin_views, regeln
from bewertung import services as bw_services
from bewertung.admin_aktionen import aktion_mit_formular
from bewertung.aggregation import fortschritt
from bewertung.forms import EntscheidungForm, FristForm, PruefendeForm
from bewertung.models import Bewertung, Zuweisung
from dossiers.admin import EXPORT_AKTIONEN
from steckbriefe.zustaende import UngueltigerUebergang

from .feldhtml import RENDERER
from .models import Anlage, AuditEintrag, Meilenstein, Partner, Steckbrief

FEHLER = (bw_services.BewertungsFehler, regeln.NichtErlaubt, UngueltigerUebergang)


class NurLesen:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
        try:
            return obj.bewertung.get_status_display()
        except Bewertung.DoesNotExist:
            return "noch nicht begonnen"

    @admin.display(description="Befangenheit")
    def befangenheit(self, obj):
        if not obj.ist_befangen:
            return "–"
        return f"erklärt am {obj.befangen_am:%d.%m.%Y} von {obj.befangen_von}: {obj.befangen_grund}"

    def has_view_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("gebietskoerperschaft", "pruefer", "befangen_von", "bewertung")
        )


class AuditInline(NurLesen, admin.TabularInline):
    """The audit trail on the Steckbrief (Geschäftsstelle; reviewers see theirs on the
    scoring page). Never editable, never deletable."""

    model = AuditEintrag
    fields = ["zeitpunkt", "akteur", "aktion", "alt", "neu", "text"]
    readonly_fields = fields
    extra = 0
    ordering = ["-zeitpunkt", "-pk"]

    def has_view_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("akteur")


# The columns the changelist reads (with the annotations of get_queryset): the 50 rows of a
# page load nothing else, not the long texts of the Steckbrief.
LISTEN_FELDER = [
    "titel",
    "status",
    "entscheidung",
    "gesamte_region",
    "handlungsfeld__code",
    "organisation__name",
]

PK_PLATZHALTER = "__pk__"


class SteckbriefChangeList(ChangeList):
    """The changelist of the Steckbriefe: its page of rows loads only LISTEN_FELDER, and
    the Standorte of the page in one query (SteckbriefAdmin.listen_zeilen renders the rows;
    actions still get the full queryset through get_queryset)."""

    def get_results(self, request):
        if self.model_admin.schnelle_zeilen(self):
            self.queryset = self.queryset.prefetch_related(None).only(*LISTEN_FELDER)
        super().get_results(request)


@admin.register(Steckbrief)
class SteckbriefAdmin(admin.ModelAdmin):
    list_display = [
        "titel_anzeige",
        "status",
        "hf",
        "standort",
        "bewertungsstand",
        "meine_bewertung",
        "entscheidung",
        "bewerten_link",
    ]
    list_display_links = ["titel_anzeige"]
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
    actions = [
        "zuweisungen_erzeugen",
        "pruefende_hinzufuegen",
        "frist_verlaengern",
        "entscheidung_festhalten",
        *EXPORT_AKTIONEN,  # dossier (PDF), Excel, CSV of the selection (dossiers.admin)
    ]
    fieldsets = [
        (
            "Träger und Kontakt",
            {
                "fields": [
                    "organisation",
                    "ansprechperson_name",
                    "ansprechperson_funktion",
                    "ansprechperson_email",
                    "ansprechperson_telefon",
                ]
            },
        ),
        (
            "Vorhaben",
            {
                "fields": [
                    "titel",
                    "kurztitel",
                    "kurzbeschreibung",
                    "vorhabenart",
                    "handlungsfeld",
                    "weitere_handlungsfelder",
                    "zieldimensionen",
                    "teilziele",
                    "kpis",
                    "gesamte_region",
                    "gebietskoerperschaften",
                    "orte",
                ]
            },
        ),
        ("Ausgangslage und Ziele", {"fields": ["ausgangssituation", "ziele", "vision"]}),
        ("Vorgehen", {"fields": ["kernansatz", "reifegrad", "beginn", "ende"]}),
        (
            "Wirkung",
            {
                "fields": [
                    "transformationsbezug",
                    "zusatzeffekt",
                    "strahlkraft",
                    "breitenwirkung",
                    "nachhaltigkeit",
                ]
            },
        ),
        ("Partner", {"fields": ["gesuchte_partner"]}),
        (
            "Finanzierung",
            {
                "fields": [
                    "gesamtvolumen",
                    "volumen_in_erarbeitung",
                    "eigenanteil",
                    "foerdermittel",
                    "jaehrliche_kosten",
                    "foerderprogramme",
                    "finanzierungsplan",
                ]
            },
        ),
        ("Einwilligungen", {"fields": ["datenschutz_akzeptiert", "oeffentlich_listen"]}),
        (
            "Verfahren",
            {
                "fields": [
                    "status",
                    "entscheidung",
                    "verlaengert_bis",
                    "vorlaeufig_eingereicht_am",
                    "final_eingereicht_am",
                    "erstellt",
                    "geaendert",
                ]
            },
        ),
    ]
    inlines = [PartnerInline, MeilensteinInline, AnlageInline, ZuweisungInline, AuditInline]

    # --- scope and permissions -----------------------------------------------------------

    def get_queryset(self, request):
        qs = regeln.steckbriefe_fuer(request.user)
        eigene = (
            regeln.zuweisungen_fuer(request.user)
            .filter(steckbrief=OuterRef("pk"))
            .order_by(F("pruefer_id").asc(nulls_last=True), "pk")
        )
        return (
            fortschritt(qs)
            .annotate(
                meine_zuweisung=Subquery(eigene.values("pk")[:1]),
                meine_befangen=Subquery(eigene.values("befangen_am")[:1]),
                meine_status=Subquery(eigene.values("bewertung__status")[:1]),
            )
            .prefetch_related("gebietskoerperschaften")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # content belongs to the submitters; statuses change via services

    def has_delete_permission(self, request, obj=None):
        return False

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
        return admin_views.bewerten(request, self, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "bewerten_url": reverse("admin:steckbriefe_steckbrief_bewerten", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_list_display(self, request):
        if regeln.darf_steuern(request.user):
            return [f for f in self.list_display if f != "meine_bewertung"]
        return self.list_display

    def get_changelist(self, request, **kwargs):
        return SteckbriefChangeList

    # --- the rows of the changelist ---------------------------------------------------------
    # Django's items_for_result resolves, reverses and formats every cell of the 50 rows
    # one by one. listen_zeilen renders the same markup (tests/steckbriefe/
    # test_admin_liste.py compares both) with the URLs, labels and Standorte of the page
    # prepared once. Columns it does not know fall back to Django's rendering.

    SCHNELLE_SPALTEN = {
        "action_checkbox",
        "titel_anzeige",
        "status",
        "hf",
        "standort",
        "bewertungsstand",
        "meine_bewertung",
        "entscheidung",
        "bewerten_link",
    }

    def schnelle_zeilen(self, cl) -> bool:
        return (
            set(cl.list_display) <= self.SCHNELLE_SPALTEN
            and list(cl.list_display_links) == ["titel_anzeige"]
            and not cl.is_popup
            and not cl.to_field
        )

    def listen_zeilen(self, cl) -> list[str] | None:
        """The <td>/<th> cells of each row of the page as one HTML string per row, or None
        when Django renders them (see schnelle_zeilen)."""
        if not self.schnelle_zeilen(cl):
            return None
        objekte = list(cl.result_list)
        leer = self.get_empty_value_display()
        info = self.opts.app_label, self.opts.model_name
        name = self.admin_site.name
        aendern = reverse(
            "admin:{}_{}_change".format(*info), args=[PK_PLATZHALTER], current_app=name
        )
        bewerten = reverse(
            "admin:{}_{}_bewerten".format(*info), args=[PK_PLATZHALTER], current_app=name
        )
        # The preserved filters are the same query string for every row.
        mit_filtern = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, aendern
        )
        aendern = escape(mit_filtern)
        bewerten = escape(bewerten)
        auswahl = _("Select this object for an action - {}")  # as Django: not escaped
        status = dict(Steckbrief._meta.get_field("status").flatchoices)
        entscheidung = dict(Steckbrief._meta.get_field("entscheidung").flatchoices)
        standorte = defaultdict(list)
        if "standort" in cl.list_display:
            durch = Steckbrief.gebietskoerperschaften.through.objects
            for sb_id, gk_name in (
                durch.filter(steckbrief_id__in=[o.pk for o in objekte if not o.gesamte_region])
                .order_by("gebietskoerperschaft__ags", "gebietskoerperschaft_id")
                .values_list("steckbrief_id", "gebietskoerperschaft__name")
            ):
                standorte[sb_id].append(gk_name)

        def zelle(spalte, obj) -> str:
            if spalte == "action_checkbox":
                return (
                    '<td class="action-checkbox"><input type="checkbox" name="'
                    f'{helpers.ACTION_CHECKBOX_NAME}" value="{obj.pk}" class="action-select" '
                    f'aria-label="{auswahl.format(escape(str(obj)))}"></td>'
                )
            if spalte == "titel_anzeige":
                url = aendern.replace(PK_PLATZHALTER, str(obj.pk))
                return (
                    f'<th class="field-titel_anzeige"><a href="{url}">{escape(str(obj))}<br>'
                    f'<span class="quiet">{escape(obj.organisation.name)}</span></a></th>'
                )
            if spalte == "bewerten_link":
                url = bewerten.replace(PK_PLATZHALTER, str(obj.pk))
                text = f'<a href="{url}">{self.bewerten_text(obj)}</a>'
            else:
                if spalte == "status":
                    wert = str(status.get(obj.status, leer))
                elif spalte == "entscheidung":
                    wert = str(entscheidung.get(obj.entscheidung, leer))
                elif spalte == "standort":
                    wert = self.standort_text(obj, standorte[obj.pk])
                else:  # hf, bewertungsstand, meine_bewertung: plain text
                    wert = getattr(self, spalte)(obj)
                text = escape(wert) if wert.strip() else leer
            return f'<td class="field-{spalte}">{text}</td>'

        return [
            SafeString("".join(zelle(spalte, obj) for spalte in cl.list_display)) for obj in objekte
        ]

    # --- columns ---------------------------------------------------------------------------

    def action_checkbox(self, obj):
        """Django's selection checkbox; its markup is built in Python (feldhtml), not by
        the widget templates (50 rows per page)."""
        attrs = {
            "class": "action-select",
            "aria-label": format_html(_("Select this object for an action - {}"), str(obj)),
        }
        checkbox = forms.CheckboxInput(attrs, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk), renderer=RENDERER)

    @admin.display(description="Titel", ordering="titel")
    def titel_anzeige(self, obj):
        return format_html('{}<br><span class="quiet">{}</span>', str(obj), obj.organisation.name)

    @admin.display(description="HF", ordering="handlungsfeld__code")
    def hf(self, obj):
        return obj.handlungsfeld.code if obj.handlungsfeld_id else "–"

    @admin.display(description="Standort")
    def standort(self, obj):
        return self.standort_text(obj, [g.name for g in obj.gebietskoerperschaften.all()])

    @staticmethod
    def standort_text(obj, namen) -> str:
        if obj.gesamte_region:
            return "Gesamte Region"
        return ", ".join(namen) or "–"

    @admin.display(description="Bewertet")
    def bewertungsstand(self, obj):
        if not obj.zuweisungen_gesamt:
            return "–"
        return f"{obj.zuweisungen_abgeschlossen}/{obj.zuweisungen_gesamt}"

    @admin.display(description="Meine Bewertung")
    def meine_bewertung(self, obj):
        if obj.meine_zuweisung is None:
            return "nicht zugewiesen"
        if obj.meine_befangen is not None:
            return "befangen"
        if obj.meine_status is None:
            return "offen"
        return Bewertung.Status(obj.meine_status).label

    @admin.display(description="")
    def bewerten_link(self, obj):
        url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, self.bewerten_text(obj))

    @staticmethod
    def bewerten_text(obj) -> str:
        return "Bewerten" if obj.meine_zuweisung and obj.meine_befangen is None else "Ansehen"

    # --- actions of the Geschäftsstelle ------------------------------------------------------

    @admin.action(description="Zuweisungen erzeugen (nach Standort)", permissions=["steuern"])
    def zuweisungen_erzeugen(self, request, queryset):
        try:
            mit_neuen, uebersprungen = bw_services.zuweisungen_erzeugen(queryset, request.user)
        except FEHLER as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, f"Neue Zuweisungen für {mit_neuen} Steckbrief(e) erzeugt.")
        if uebersprungen:
            messages.warning(
                request,
                f"{uebersprungen} Steckbrief(e) übersprungen: noch nicht final eingereicht "
                "oder zurückgezogen.",
            )

    @admin.action(description="Prüfende hinzufügen …", permissions=["steuern"])
    def pruefende_hinzufuegen(self, request, queryset):
        def ausfuehren(daten):
            try:
                anzahl, uebersprungen = bw_services.pruefende_hinzufuegen(
                    queryset, request.user, daten["gebiete"], daten["personen"]
                )
            except FEHLER as exc:
                messages.error(request, str(exc))
                return
            messages.success(request, f"{anzahl} Zuweisung(en) hinzugefügt.")
            if uebersprungen:
                messages.warning(
                    request,
                    f"{uebersprungen} Steckbrief(e) übersprungen: nicht final eingereicht, "
                    "zurückgezogen oder bereits entschieden.",
                )

        return aktion_mit_formular(
            self,
            request,
            queryset,
            PruefendeForm,
            titel="Prüfende hinzufügen",
            frage="Die gewählten Wirtschaftsförderungen und Personen bewerten zusätzlich "
            "diese Steckbriefe:",
            knopf="Hinzufügen",
            ausfuehren=ausfuehren,
        )

    @admin.action(description="Frist verlängern …", permissions=["steuern"])
    def frist_verlaengern(self, request, queryset):
        def ausfuehren(daten):
            try:
                anzahl = bw_services.frist_verlaengern(queryset, request.user, daten["bis"])
            except FEHLER as exc:
                messages.error(request, str(exc))
                return
            messages.success(
                request, f"Frist für {anzahl} Steckbrief(e) bis {daten['bis']:%d.%m.%Y} verlängert."
            )

        return aktion_mit_formular(
            self,
            request,
            queryset,
            FristForm,
            titel="Frist verlängern",
            frage="Die Einreichenden dieser Steckbriefe können bis zum gewählten Tag weiter "
            "bearbeiten und final einreichen:",
            knopf="Frist verlängern",
            ausfuehren=ausfuehren,
        )

    @admin.action(description="Entscheidung festhalten …", permissions=["steuern"])
    def entscheidung_festhalten(self, request, queryset):
        def ausfuehren(daten):
            erledigt, fehler = bw_services.entscheiden_mehrere(
                queryset, request.user, daten["entscheidung"], daten["begruendung"]
            )
            if erledigt:
                messages.success(
                    request,
                    f"Entscheidung für {len(erledigt)} Steckbrief(e) festgehalten und mitgeteilt.",
                )
            for sb, text in fehler:
                messages.error(request, f"{sb}: {text}")

        return aktion_mit_formular(
            self,
            request,
            queryset,
            EntscheidungForm,
            titel="Entscheidung festhalten",
            frage="Die Entscheidung gilt für diese Steckbriefe; die Einreichenden erhalten "
            "die Mitteilung mit Ihrer Begründung:",
            knopf="Entscheiden und mitteilen",
            ausfuehren=ausfuehren,
        )


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
        return regeln.darf_steuern(request.user) and super().has_view_permission(request, obj)
