"""Admin of the accounts, for the Geschäftsstelle (and the superuser).

Accounts: all of them are listed; a staff account (Wirtschaftsförderung, Geschäftsstelle,
admin access) may be granted, explicitly, to submit as well (`User.darf_einreichen`; Django's
admin writes the change into the account's history). Accounts are deactivated and activated
again by an action; memberships ended, invitations withdrawn by actions, too. Every action
goes through konten.services and writes a `Kontoereignis` (who, whom, when), listed here
read-only. Nothing is added or deleted here; roles and passwords are not administered."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils import timezone

from kern.verwaltung import NurLesen

from . import services
from .models import Einladung, Kontoereignis, Mitgliedschaft, Organisation, Rolle, User
from .zugriff import ist_geschaeftsstelle


class GeschaeftsstelleSieht:
    """Shown to the Geschäftsstelle and the superuser; nobody adds, changes or deletes
    (changes happen through the actions, which call konten.services)."""

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _ausfuehren(modeladmin, request, queryset, funktion, erfolg: str) -> None:
    """Run `funktion(request.user, obj)` per selected object; report per object."""
    anzahl = 0
    for obj in queryset:
        try:
            if funktion(request.user, obj) is not False:
                anzahl += 1
        except services.NichtMoeglich as exc:
            modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
    if anzahl:
        modeladmin.message_user(request, erfolg.format(anzahl=anzahl), messages.SUCCESS)


ANZEIGE = [
    "email",
    "first_name",
    "last_name",
    "rollen",
    "gebietskoerperschaft",
    "organisation",
    "is_staff",
    "is_superuser",
    "is_active",
    "last_login",
    "date_joined",
]


@admin.register(User)
class NutzerAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "name",
        "rollen",
        "gebietskoerperschaft",
        "organisation",
        "darf_einreichen",
        "is_active",
    ]
    list_filter = ["is_active", "darf_einreichen", "groups", "gebietskoerperschaft"]
    list_select_related = ["gebietskoerperschaft", "mitgliedschaft__organisation"]
    search_fields = ["email", "first_name", "last_name"]
    fields = [*ANZEIGE, "darf_einreichen"]
    readonly_fields = ANZEIGE
    actions = ["deaktivieren", "reaktivieren"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @staticmethod
    def _staff(obj) -> bool:
        return bool(
            obj.is_staff
            or obj.is_superuser
            or {g.name for g in obj.groups.all()}
            & {Rolle.WIRTSCHAFTSFOERDERUNG.value, Rolle.GESCHAEFTSSTELLE.value}
        )

    @admin.action(description="Ausgewählte Konten deaktivieren (keine Anmeldung mehr)")
    def deaktivieren(self, request, queryset):
        _ausfuehren(
            self,
            request,
            queryset,
            services.konto_deaktivieren,
            "{anzahl} Konto/Konten deaktiviert. Offene Sitzungen enden mit der nächsten Anfrage.",
        )

    @admin.action(description="Ausgewählte Konten wieder aktivieren")
    def reaktivieren(self, request, queryset):
        _ausfuehren(
            self, request, queryset, services.konto_reaktivieren, "{anzahl} Konto/Konten aktiviert."
        )

    @admin.display(description="Name", ordering="last_name")
    def name(self, obj):
        return obj.get_full_name()

    @admin.display(description="Rollen")
    def rollen(self, obj):
        return ", ".join(sorted(g.name for g in obj.groups.all())) or "–"

    @admin.display(description="Organisation")
    def organisation(self, obj):
        try:
            return obj.mitgliedschaft.organisation
        except User.mitgliedschaft.RelatedObjectDoesNotExist:
            return "–"

    def get_readonly_fields(self, request, obj=None):
        # The grant is for staff accounts only (submitters need none).
        if not self.has_change_permission(request, obj) or (obj and not self._staff(obj)):
            return self.fields
        return self.readonly_fields

    def get_actions(self, request):
        return super().get_actions(request) if ist_geschaeftsstelle(request.user) else {}

    # --- who: the Geschäftsstelle (and the superuser); nobody adds or deletes here --------

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user)

    def has_change_permission(self, request, obj=None):
        # Not the own account: another person of the Geschäftsstelle grants it. Submitters'
        # accounts are shown, not changed (the actions deactivate them).
        return (
            ist_geschaeftsstelle(request.user)
            and (obj is None or obj.pk != request.user.pk)
            and (obj is None or self._staff(obj))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Only the grant: nothing else of the account is touched (password, last login).
        obj.save(update_fields=["darf_einreichen"])


class MitgliedInline(NurLesen, admin.TabularInline):
    model = Mitgliedschaft
    fields = ["user", "ist_admin", "seit"]
    readonly_fields = fields
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(GeschaeftsstelleSieht, admin.ModelAdmin):
    list_display = ["name", "typ", "ort", "angelegt"]
    list_filter = ["typ"]
    search_fields = ["name", "ort"]
    fields = ["name", "typ", "strasse", "plz", "ort", "angelegt"]
    readonly_fields = fields
    inlines = [MitgliedInline]


@admin.register(Mitgliedschaft)
class MitgliedschaftAdmin(GeschaeftsstelleSieht, admin.ModelAdmin):
    list_display = ["user", "organisation", "ist_admin", "aktiv", "seit"]
    list_filter = ["ist_admin", "user__is_active"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    fields = ["user", "organisation", "ist_admin", "seit"]
    readonly_fields = fields
    actions = ["beenden"]

    @admin.display(description="Konto aktiv", boolean=True)
    def aktiv(self, obj):
        return obj.user.is_active

    def get_actions(self, request):
        return super().get_actions(request) if ist_geschaeftsstelle(request.user) else {}

    @admin.action(description="Ausgewählte Mitgliedschaften beenden (kein Zugriff mehr)")
    def beenden(self, request, queryset):
        _ausfuehren(
            self,
            request,
            queryset,
            services.mitgliedschaft_beenden,
            "{anzahl} Mitgliedschaft(en) beendet; die Personen sehen die Steckbriefe der "
            "Organisation nicht mehr.",
        )


@admin.register(Einladung)
class EinladungAdmin(GeschaeftsstelleSieht, admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "eingeladen_von",
        "erstellt",
        "gueltig_bis",
        "angenommen_am",
    ]
    list_filter = [("angenommen_am", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation", "eingeladen_von"]
    search_fields = ["email", "organisation__name"]
    fields = list_display
    readonly_fields = fields
    actions = ["zurueckziehen"]
    # The invitation's URL carries its token: no "view on site", not even for the shortcut.
    view_on_site = False

    def get_object(self, request, object_id, from_field=None):
        if getattr(request.resolver_match, "url_name", None) == "view_on_site":
            return None
        return super().get_object(request, object_id, from_field)

    def get_actions(self, request):
        return super().get_actions(request) if ist_geschaeftsstelle(request.user) else {}

    @admin.action(description="Ausgewählte offene Einladungen zurückziehen")
    def zurueckziehen(self, request, queryset):
        _ausfuehren(
            self,
            request,
            queryset,
            lambda durch, einladung: services.einladung_zurueckziehen(einladung, durch=durch),
            "{anzahl} Einladung(en) zurückgezogen.",
        )


@admin.register(Kontoereignis)
class KontoereignisAdmin(GeschaeftsstelleSieht, admin.ModelAdmin):
    list_display = ["zeitpunkt", "art", "durch", "betroffen", "organisation"]
    list_filter = ["art"]
    list_select_related = ["durch", "betroffen", "organisation"]
    search_fields = ["durch__email", "betroffen__email", "organisation__name"]
    date_hierarchy = "zeitpunkt"
    fields = list_display
    readonly_fields = fields


class AnmeldeversucheAdmin(AccessAttemptAdmin):
    """axes' list of login attempts. Its action "cleanup expired attempts" reads the time of
    a login attempt from the request, which only a login request carries; from the admin it
    failed with a 500. The cut-off is now the time of the click."""

    def cleanup_expired_attempts(self, request, queryset):
        if not hasattr(request, "axes_attempt_time"):
            request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AnmeldeversucheAdmin)
