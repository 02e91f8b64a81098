"""Admin of the jury of an Ideenwettbewerb:

- Jury (Jurymitglied): the Geschäftsstelle adds people per call by e-mail address
  (jury_services.jury_hinzufuegen: staff account, Group „Jury“, one mail) and removes
  those who have not scored;
- Befangenheiten (Jury): read-only for the Geschäftsstelle;
- Mitteilungstexte der Jury (Jurybescheid): the notice texts per call;
- Ideen zur Bewertung (JuryIdee): a jury member's list with the own state per idea and the
  scoring page <id>/bewerten/ (admin_views.jury_bewerten);
- Rangliste der Ideen (Ideenrangliste): the Geschäftsstelle's ranking per call (mean,
  spread, stage filters, pagination) with the stage actions and „Bescheide versenden“,
  each confirmed on a page (admin_aktionen.aktion_mit_formular)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from handlungsfelder.models import Aufruf, Aufrufformat
from ideen import services as ideen_services
from ideen.admin import IdeeAdmin as IdeeBasis
from ideen.models import Idee, Mitwirkende
from ideen.stufen import UEBERGAENGE
from kern.verwaltung import NurLesen
from konten.models import User
from konten.zugriff import ist_geschaeftsstelle
from kooperation.anzeige import aehnliche_verweis_idee

from . import jury, jury_services
from .admin_aktionen import aktion_mit_formular
from .admin_views import jury_bewerten
from .models import (
    Bewertung,
    Ideenrangliste,
    JuryBefangenheit,
    Jurybescheid,
    JuryBewertung,
    JuryIdee,
    Jurymitglied,
)
from .templatetags.bewertung_tags import punkte as punkte_text


def _ideenwettbewerbe():
    return Aufruf.objects.filter(format=Aufrufformat.IDEENWETTBEWERB)


# --- Jury ----------------------------------------------------------------------------------


class JurymitgliedForm(forms.ModelForm):
    email = forms.EmailField(
        label="E-Mail-Adresse der Person",
        help_text="Das Konto muss bereits bestehen (registriert oder von der Geschäftsstelle "
        "angelegt). Es wird zum Verwaltungskonto mit der Rolle „Jury“.",
    )

    class Meta:
        model = Jurymitglied
        fields = ["aufruf"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aufruf"].queryset = _ideenwettbewerbe()

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Zu dieser Adresse gibt es kein aktives Konto.")
        self.instance.user = user
        return email


@admin.register(Jurymitglied)
class JurymitgliedAdmin(admin.ModelAdmin):
    list_display = ["user", "aufruf", "seit", "hinzugefuegt_von"]
    list_filter = ["aufruf"]
    list_select_related = ["user", "aufruf", "hinzugefuegt_von"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["aufruf", "user", "seit", "hinzugefuegt_von"]
    actions = ["ideen_mitteilen"]

    def _steuern(self, request):
        return ist_geschaeftsstelle(request.user)

    def has_module_permission(self, request):
        return self._steuern(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._steuern(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._steuern(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a member is added or removed, not changed

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.bewertungen.exists():
            return False
        return self._steuern(request) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = JurymitgliedForm
            kwargs["fields"] = ["aufruf"]
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["aufruf", "email"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            neu = jury_services.jury_hinzufuegen(obj.aufruf, obj.user, request.user)
        except jury.JuryFehler as exc:
            messages.error(request, str(exc))
            raise _Abbruch from exc
        obj.pk = neu.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except _Abbruch:
            return HttpResponseRedirect(request.path)

    def delete_model(self, request, obj):
        jury_services.jury_entfernen(obj, request.user)

    def delete_queryset(self, request, queryset):
        for mitglied in queryset:
            try:
                jury_services.jury_entfernen(mitglied, request.user)
            except jury.JuryFehler as exc:
                messages.error(request, str(exc))

    def has_steuern_permission(self, request):
        return self._steuern(request)

    @admin.action(description="Ideen zur Bewertung mitteilen …", permissions=["steuern"])
    def ideen_mitteilen(self, request, queryset):
        """One mail per selected member with the ideas they have to score now (e.g. after
        the submission phase ended); none for a member with nothing to score."""

        def ausfuehren(daten):
            for mitglied in queryset.select_related("user", "aufruf"):
                anzahl = jury_services.jury_mitteilen(mitglied)
                if anzahl:
                    self.log_change(request, mitglied, f"{anzahl} Ideen zur Bewertung mitgeteilt.")
                    messages.success(request, f"{mitglied.user}: {anzahl} Ideen mitgeteilt.")
                else:
                    messages.info(
                        request, f"{mitglied.user}: keine Idee zu bewerten, keine E-Mail."
                    )

        return aktion_mit_formular(
            self,
            request,
            queryset,
            LeeresForm,
            titel="Ideen zur Bewertung mitteilen",
            frage="Diese Jurymitglieder erhalten je eine E-Mail mit den eingereichten Ideen "
            "ihres Aufrufs, bei denen sie nicht befangen sind.",
            knopf="E-Mails versenden",
            ausfuehren=ausfuehren,
        )


class _Abbruch(Exception):
    pass


@admin.register(JuryBefangenheit)
class JuryBefangenheitAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["idee", "mitglied", "erklaert_am", "grund"]
    list_select_related = ["idee", "mitglied__user", "mitglied__aufruf"]
    list_filter = ["mitglied__aufruf"]
    search_fields = ["idee__titel", "mitglied__user__email"]

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user) and super().has_view_permission(request, obj)


@admin.register(Jurybescheid)
class JurybescheidAdmin(admin.ModelAdmin):
    list_display = ["aufruf", "geaendert"]
    fields = ["aufruf", "pitch", "ausgewaehlt", "nicht_ausgewaehlt", "geaendert"]
    readonly_fields = ["aufruf", "geaendert"]

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # one per call, created with the call's jury catalogue

    def has_delete_permission(self, request, obj=None):
        return False


# --- the jury's list and the scoring page ------------------------------------------------


class _SeitenAdmin(NurLesen, admin.ModelAdmin):
    def _darf(self, request):
        raise NotImplementedError

    def has_module_permission(self, request):
        return self._darf(request)

    def has_view_permission(self, request, obj=None):
        return self._darf(request) and super().has_view_permission(request, obj)


@admin.register(JuryIdee)
class JuryIdeeAdmin(_SeitenAdmin):
    """„Meine Ideen zur Bewertung“: the ideas of the member's calls with the own state."""

    list_display = ["titel_link", "aufruf", "mein_stand", "bewertet"]
    list_display_links = None
    list_select_related = ["aufruf"]
    search_fields = ["titel"]
    list_per_page = 50
    ordering = ["aufruf", "titel", "pk"]

    def _darf(self, request):
        return ist_geschaeftsstelle(request.user) or jury.ist_jury(request.user)

    def get_queryset(self, request):
        user = request.user
        eigene = JuryBewertung.objects.filter(idee=OuterRef("pk"), mitglied__user_id=user.pk)
        return jury.mit_jurystand(jury.ideen_fuer(user, basis=JuryIdee.objects)).annotate(
            mein_status=Subquery(eigene.values("status")[:1]),
            mein_befangen=Q(eigentuemer_id=user.pk)
            | Exists(Mitwirkende.objects.filter(idee=OuterRef("pk"), user_id=user.pk))
            | Exists(
                JuryBefangenheit.objects.filter(idee=OuterRef("pk"), mitglied__user_id=user.pk)
            ),
            ist_mitglied=Exists(
                Jurymitglied.objects.filter(aufruf=OuterRef("aufruf"), user_id=user.pk)
            ),
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            ),
            path(
                "<path:object_id>/bewerten/",
                self.admin_site.admin_view(self.bewerten_view),
                name="{}_{}_bewerten".format(*info),
            ),
            path(
                "<path:object_id>/pitch-deck/",
                self.admin_site.admin_view(self.pitchdeck_view),
                name="{}_{}_pitchdeck".format(*info),
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": "Meine Ideen zur Bewertung"}
        return super().changelist_view(request, extra_context)

    def bewerten_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return jury_bewerten.seite(request, self, object_id)

    def pitchdeck_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return jury_bewerten.pitchdeck(request, self, object_id)

    @admin.display(description="Idee", ordering="titel")
    def titel_link(self, obj):
        if obj.ist_mitglied and obj.mein_befangen:
            return str(obj)
        url = reverse("admin:bewertung_juryidee_bewerten", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    @admin.display(description="Mein Stand")
    def mein_stand(self, obj):
        if not obj.ist_mitglied:
            return "–"
        if obj.mein_befangen:
            return "befangen"
        if obj.mein_status is None:
            return "noch nicht begonnen"
        return Bewertung.Status(obj.mein_status).label

    @admin.display(description="Abgeschlossen (Jury)")
    def bewertet(self, obj):
        return f"{obj.jury_anzahl} von {obj.jury_zugewiesen}"


# --- ranking and decisions of the Geschäftsstelle -------------------------------------------


class AufrufFilter(admin.SimpleListFilter):
    title = "Aufruf"
    parameter_name = "aufruf"

    def lookups(self, request, model_admin):
        return [(str(a.pk), a.name) for a in _ideenwettbewerbe()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(aufruf_id=int(self.value()))
        return queryset


class StufeAktionForm(forms.Form):
    text = forms.CharField(
        label="Bemerkung (für das Protokoll)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeeresForm(forms.Form):
    pass


def _stufe_aktion(name: str):
    uebergang = UEBERGAENGE[name]
    funktion = ideen_services.STUFE_SETZEN[name]

    def aktion(model_admin, request, queryset):
        def ausfuehren(daten):
            for idee in queryset:
                try:
                    funktion(idee, request.user, daten.get("text", ""))
                except ideen_services.NichtMoeglich as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, f"„{idee}“: {uebergang.bezeichnung}.")

        return aktion_mit_formular(
            model_admin,
            request,
            queryset,
            StufeAktionForm,
            titel=uebergang.bezeichnung,
            frage=f"Diese Ideen: „{uebergang.bezeichnung}“? Ideen ohne abgeschlossene "
            "Bewertung der Jury oder in einer anderen Stufe bleiben unverändert.",
            knopf=uebergang.bezeichnung,
            ausfuehren=ausfuehren,
        )

    aktion.__name__ = f"stufe_{name}"
    return admin.action(description=f"{uebergang.bezeichnung} …", permissions=["steuern"])(aktion)


@admin.register(Ideenrangliste)
class IdeenranglisteAdmin(_SeitenAdmin):
    # What the decision rests on first (mean, scores, disagreement, stage), the people and
    # the call last: the list is wider than the page beside the menu and the filters.
    list_display = [
        "rang",
        "titel_link",
        "mittelwert",
        "bewertungen",
        "streuung",
        "stufe",
        "bescheid",
        "personen",
        "aufruf",
    ]
    list_display_links = None
    list_filter = [AufrufFilter, "stufe"]
    list_select_related = ["aufruf", "eigentuemer"]
    search_fields = ["titel"]
    list_per_page = 50
    actions = [
        _stufe_aktion("vorauswahl"),
        _stufe_aktion("pitch"),
        _stufe_aktion("auswaehlen"),
        _stufe_aktion("nicht_auswaehlen"),
        "bescheide_versenden",
    ]

    def _darf(self, request):
        return ist_geschaeftsstelle(request.user)

    def has_steuern_permission(self, request):
        return ist_geschaeftsstelle(request.user)

    def get_queryset(self, request):
        return jury.mit_rang(
            jury.mit_jurystand(jury.im_verfahren(Ideenrangliste.objects))
        ).prefetch_related("mitwirkende__user")

    def get_ordering(self, request):
        return [F("jury_mittel").desc(nulls_last=True), "titel", "pk"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": "Rangliste der Ideen"}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            )
        ]

    @admin.display(description="Rang", ordering="jury_rang")
    def rang(self, obj):
        return obj.jury_rang if obj.jury_rang is not None else "–"

    @admin.display(description="Idee", ordering="titel")
    def titel_link(self, obj):
        url = reverse("admin:bewertung_juryidee_bewerten", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    @admin.display(description="Personen")
    def personen(self, obj):
        # Names only: the addresses made the row so wide that the mean scrolled out of view.
        return ", ".join(
            u.get_full_name() or u.email
            for u in [obj.eigentuemer, *(m.user for m in obj.mitwirkende.all())]
        )

    @admin.display(description="Bewertungen", ordering="jury_anzahl")
    def bewertungen(self, obj):
        return f"{obj.jury_anzahl} von {obj.jury_zugewiesen}"

    @admin.display(description="Mittelwert (0–100)", ordering="jury_mittel")
    def mittelwert(self, obj):
        return punkte_text(obj.jury_mittel)

    @admin.display(description="Uneinig")
    def streuung(self, obj):
        # Text, not Django's red cross: „not disagreeing“ is no warning.
        return "ja" if obj.jury_uneinig else "–"

    @admin.display(description="Bescheid")
    def bescheid(self, obj):
        if not obj.bescheid_stufe:
            return "–"
        return f"{obj.get_bescheid_stufe_display()} ({obj.bescheid_am:%d.%m.%Y})"

    @admin.action(description="Bescheide versenden …", permissions=["steuern"])
    def bescheide_versenden(self, request, queryset):
        def ausfuehren(daten):
            gesendet, uebersprungen = jury_services.bescheide_versenden(
                list(queryset.select_related("aufruf")), request.user
            )
            for grund in uebersprungen:
                messages.warning(request, grund)
            messages.success(
                request,
                f"{gesendet} {'Bescheid' if gesendet == 1 else 'Bescheide'} versendet.",
            )

        return aktion_mit_formular(
            self,
            request,
            queryset,
            LeeresForm,
            titel="Bescheide versenden",
            frage="Die Personen dieser Ideen (Einreichende und Mitwirkende) erhalten den "
            "Bescheid ihrer Stufe mit dem Mitteilungstext des Aufrufs – je Stufe einmal, nur "
            "für „zum Pitch eingeladen“, „ausgewählt“ und „nicht ausgewählt“.",
            knopf="Bescheide versenden",
            ausfuehren=ausfuehren,
        )


# --- the idea's admin page, composed here (ideen sits below kooperation) --------------------


class IdeeAdmin(IdeeBasis):
    """ideen's admin of an idea plus the frame of „Ähnliche Vorhaben und Ideen“ (filled by
    kooperation/aehnliche.js from kooperation:aehnliche_idee, which checks its own rights)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        idee = Idee(pk=object_id) if str(object_id).isdigit() else None
        if idee is not None:
            extra_context["aehnliche_ideen"] = aehnliche_verweis_idee(idee, request.user)
        return super().change_view(request, object_id, form_url, extra_context)


# Replaces ideen's registration in place: unregister + register would move „ideen“ behind
# „bewertung“ in the admin's app order (and in its app-index URL pattern).
admin.site.ersetzen(Idee, IdeeAdmin)
