"""Admin of the accounts: the Geschäftsstelle sees the staff accounts (Wirtschaftsförderung,
Geschäftsstelle, admin access) and grants one of them, explicitly, to submit as well
(`User.darf_einreichen`). Nothing else is changed here: accounts, roles and passwords are
not administered in the admin. Django's admin writes every change into the account's
history (LogEntry: who, when, which field); that is the audit of the grant."""

from django.contrib import admin
from django.db.models import Q

from .models import Rolle, User
from .zugriff import ist_geschaeftsstelle

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
    list_filter = ["darf_einreichen", "groups", "gebietskoerperschaft", "is_active"]
    list_select_related = ["gebietskoerperschaft", "mitgliedschaft__organisation"]
    search_fields = ["email", "first_name", "last_name"]
    fields = [*ANZEIGE, "darf_einreichen"]
    readonly_fields = ANZEIGE

    def get_queryset(self, request):
        """Staff accounts only: the grant is for them (submitters need none)."""
        return (
            super()
            .get_queryset(request)
            .filter(
                Q(is_staff=True)
                | Q(is_superuser=True)
                | Q(
                    groups__name__in=[
                        Rolle.WIRTSCHAFTSFOERDERUNG.value,
                        Rolle.GESCHAEFTSSTELLE.value,
                    ]
                )
            )
            .distinct()
            .prefetch_related("groups")
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
        if not self.has_change_permission(request, obj):
            return self.fields
        return self.readonly_fields

    # --- who: the Geschäftsstelle (and the superuser); nobody adds or deletes here --------

    def has_module_permission(self, request):
        return ist_geschaeftsstelle(request.user)

    def has_view_permission(self, request, obj=None):
        return ist_geschaeftsstelle(request.user)

    def has_change_permission(self, request, obj=None):
        # Not the own account: another person of the Geschäftsstelle grants it.
        return ist_geschaeftsstelle(request.user) and (obj is None or obj.pk != request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Only the grant: nothing else of the account is touched (password, last login).
        obj.save(update_fields=["darf_einreichen"])
