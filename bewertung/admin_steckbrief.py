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
from django.urls import path, reverse
from django.utils import timezone

from kern.verwaltung import NurLesen, Spalte, TextSpalte
from konten.models import Rolle, User
from steckbriefe.models import Status

from . import arbeitsplatz, regeln
from .admin_views import austausch, bewerten
from .aggregation import fortschritt
from .models import Zuweisung
from .templatetags.bewertung_tags import bescheid

BEWERTEN_URL = "admin:steckbriefe_steckbrief_bewerten"


# --- columns ---------------------------------------------------------------------------------


def _bewertet(sb) -> str:
    if not sb.zuweisungen_gesamt:
        return "–"
    return f"{sb.zuweisungen_abgeschlossen}/{sb.zuweisungen_gesamt}"


def _meine_bewertung(sb) -> str:
    return arbeitsplatz.ZUSTAENDE[arbeitsplatz.zustand(sb)]


class MeineBewertungSpalte(TextSpalte):
    """The state of the user's own Bewertung; not for the Geschäftsstelle (it steers)."""

    def sichtbar(self, request):
        return not regeln.darf_steuern(request.user)


class BewertenSpalte(Spalte):
    """The link to the scoring page, by the state of the own Bewertung
    (arbeitsplatz.aktion): "Bewerten" (not begun), "Fortsetzen" (a draft), "Ansehen"
    (finalised, befangen, blocked as the own project, not assigned, or a status that is
    not scored). The phase is not read here: the scoring page says when it is closed. The
    URL reversed once per page."""

    PLATZHALTER = "9999999999"

    def vorbereiten(self, seite):
        seite.daten[self] = escape(reverse(BEWERTEN_URL, args=[self.PLATZHALTER]))

    def inhalt(self, obj, seite):
        if seite is None:
            url = escape(reverse(BEWERTEN_URL, args=[obj.pk]))
        else:
            url = seite.daten[self].replace(self.PLATZHALTER, str(obj.pk))
        return f'<a href="{url}">{arbeitsplatz.aktion(obj)}</a>'


# Annotations only (SteckbriefBewertung.get_queryset): no model fields to load.
BEWERTET = TextSpalte("bewertungsstand", "Bewertet", text=_bewertet, felder=[])
MEINE_BEWERTUNG = MeineBewertungSpalte(
    "meine_bewertung", "Meine Bewertung", text=_meine_bewertung, felder=[]
)
BEWERTEN = BewertenSpalte("bewerten_link", "", felder=[])


class MeineBewertungFilter(admin.SimpleListFilter):
    """The reviewer's to-do list: by default the Steckbriefe assigned to the user that are
    not withdrawn; or those whose own Bewertung is open, a draft, finalised or befangen
    (own project included); or everything the user may see."""

    title = "Meine Bewertung"
    parameter_name = "meine"
    ALLE = "alle"

    def lookups(self, request, model_admin):
        return [
            (arbeitsplatz.OFFEN, "offen (nicht begonnen)"),
            (arbeitsplatz.ENTWURF, "Entwurf"),
            (arbeitsplatz.ABGESCHLOSSEN, "abgeschlossen"),
            (arbeitsplatz.BEFANGEN, "befangen oder eigenes Projekt"),
            (self.ALLE, "alle sichtbaren (auch nicht zugewiesene und zurückgezogene)"),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "zugewiesen (ohne zurückgezogene)",
        }
        for wert, titel in self.lookup_choices:
            yield {
                "selected": self.value() == wert,
                "query_string": changelist.get_query_string({self.parameter_name: wert}),
                "display": titel,
            }

    def queryset(self, request, queryset):
        wert = self.value()
        if wert == self.ALLE:
            return queryset
        queryset = queryset.exclude(status=Status.ZURUECKGEZOGEN)
        if wert in {
            arbeitsplatz.OFFEN,
            arbeitsplatz.ENTWURF,
            arbeitsplatz.ABGESCHLOSSEN,
            arbeitsplatz.BEFANGEN,
        }:
            return arbeitsplatz.filter_zustand(queryset, wert)
        return queryset.filter(meine_zuweisung__isnull=False)


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
        # Every row of the inline at once, on the first row (befangenheit_texte: a fixed
        # number of queries, not one per Zuweisung and person).
        texte = getattr(self, "_befangenheit_texte", None)
        if texte is None or obj.pk not in texte:
            zuweisungen = Zuweisung.objects.filter(steckbrief_id=obj.steckbrief_id).select_related(
                *self.BEZUEGE
            )
            texte = self._befangenheit_texte = befangenheit_texte(zuweisungen)
        return texte.get(obj.pk, "–")

    def has_view_permission(self, request, obj=None):
        return regeln.darf_steuern(request.user)

    BEZUEGE = ("steckbrief", "gebietskoerperschaft", "pruefer", "befangen_von", "bewertung")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.BEZUEGE)


def befangenheit_texte(zuweisungen) -> dict[int, str]:
    """befangenheit_text for each of `zuweisungen` (with steckbrief, pruefer and befangen_von
    loaded), {pk: text}, in three queries however many Zuweisungen and persons: the active
    users of the Wirtschaftsförderungen, then regeln.eigene_projekt_gruende."""
    zuweisungen = list(zuweisungen)
    offen = [z for z in zuweisungen if not z.ist_befangen]
    gebiete = {z.gebietskoerperschaft_id for z in offen if z.gebietskoerperschaft_id}
    je_gebiet: dict[int, list] = {}
    if gebiete:
        personen = User.objects.filter(
            is_active=True,
            gebietskoerperschaft_id__in=gebiete,
            groups__name=Rolle.WIRTSCHAFTSFOERDERUNG.value,
        ).distinct()
        for p in personen:
            je_gebiet.setdefault(p.gebietskoerperschaft_id, []).append(p)
    personen_von = {
        z.pk: [z.pruefer] if z.pruefer_id else je_gebiet.get(z.gebietskoerperschaft_id, [])
        for z in offen
    }
    gruende = regeln.eigene_projekt_gruende(
        (p, z.steckbrief) for z in offen for p in personen_von[z.pk]
    )
    texte = {}
    for z in zuweisungen:
        if z.ist_befangen:
            texte[z.pk] = befangenheit_text(z)
            continue
        befangen = [
            (p, grund)
            for p in personen_von[z.pk]
            if (grund := gruende.get((p.pk, z.steckbrief_id)))
        ]
        texte[z.pk] = _gesperrt_text(befangen)
    return texte


def _gesperrt_text(personen) -> str:
    if not personen:
        return "–"
    return "Eigenes Projekt, gesperrt: " + "; ".join(f"{p} ({grund})" for p, grund in personen)


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
    return befangenheit_texte([zuweisung])[zuweisung.pk]


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
        else:
            filter_.insert(0, MeineBewertungFilter)
        return filter_

    # Reviewers work through a to-do list that fits 1280 px: no count of the others'
    # Bewertungen, no decision column (the status says „Entschieden“).
    PRUEFENDE_OHNE = frozenset({"bewertungsstand", "entscheidung"})

    def get_list_display(self, request):
        spalten = super().get_list_display(request)
        if regeln.darf_steuern(request.user):
            return spalten
        return [s for s in spalten if getattr(s, "__name__", "") not in self.PRUEFENDE_OHNE]

    def zeilen_ziel(self, request):
        """For reviewers the title opens the scoring page (kern.verwaltung.SpaltenChangeList:
        the rows' link); the Geschäftsstelle keeps the change form."""
        return None if regeln.darf_steuern(request.user) else BEWERTEN_URL

    def get_queryset(self, request):
        """The Steckbriefe the user may see (narrowing the base's queryset), with the
        progress (fortschritt) and the user's own Zuweisung and Bewertung
        (arbeitsplatz.meine)."""
        qs = super().get_queryset(request) & regeln.steckbriefe_fuer(request.user)
        return arbeitsplatz.meine(fortschritt(qs), request.user)

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
            path(
                "<path:object_id>/austausch/",
                self.admin_site.admin_view(self.austausch_view),
                name="{}_{}_austausch".format(*info),
            ),
            *super().get_urls(),
        ]

    def bewerten_view(self, request, object_id):
        return bewerten.seite(request, self, object_id)

    def austausch_view(self, request, object_id):
        return austausch.seite(request, self, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "bewerten_url": reverse(BEWERTEN_URL, args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)
