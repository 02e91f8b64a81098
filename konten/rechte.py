"""Cached rights of an account: its group names (the portal's roles) and its Django
permissions, read once and kept in the cache instead of three queries on every request
(issue 18). Switched on by settings.RECHTE_CACHEN (default: in production).

One cache entry per account, tagged with a version that every change of groups or
permissions replaces (signals below: an account's groups or permissions, a group's
permissions, a group or permission saved or deleted, an account deleted), so a change takes
effect with the next request in every process that shares the cache (Redis in production;
the per-process memory cache of a developer machine is enough for `make run`'s single
process). The entry is also tied to the account's superuser flag and sign-up time, so a
changed flag or a new account with a reused id never inherits it. Entries expire after
RECHTE_CACHE_SEKUNDEN anyway: if Redis was unreachable while a right was taken away (the
cache fails open), the old entry lives at most that long.

Memberships of Organisationen are not cached: the portal reads them from the database on
every request, so removing a member takes effect at once without any of this."""

from uuid import uuid4

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION = "konten:rechte:version"


def _schluessel(user_pk) -> str:
    return f"konten:rechte:{user_pk}"


def _gueltig(eintrag, version, user) -> bool:
    return (
        isinstance(eintrag, dict)
        and version is not None
        and eintrag.get("version") == version
        and eintrag.get("superuser") == user.is_superuser
        and eintrag.get("seit") == user.date_joined.isoformat()
    )


def _lesen(user) -> dict:
    gruppen = set(user.groups.values_list("name", flat=True))
    basis = ModelBackend()
    rechte = {}
    for quelle in ("user", "group"):
        if user.is_superuser:
            perms = Permission.objects.all()
        else:
            perms = getattr(basis, f"_get_{quelle}_permissions")(user)
        perms = perms.values_list("content_type__app_label", "codename").order_by()
        rechte[quelle] = {f"{ct}.{name}" for ct, name in perms}
    return {"gruppen": gruppen, **rechte}


def gruppen_von(user) -> set[str]:
    """The group names (roles) of a saved account."""
    if not settings.RECHTE_CACHEN:
        return set(user.groups.values_list("name", flat=True))
    return set(rechte_von(user)["gruppen"])


def rechte_von(user) -> dict:
    """{"gruppen": names, "user": perms, "group": perms} of a saved account, cached."""
    schluessel = _schluessel(user.pk)
    vorrat = cache.get_many([VERSION, schluessel])
    version = vorrat.get(VERSION)
    eintrag = vorrat.get(schluessel)
    if _gueltig(eintrag, version, user):
        return eintrag
    daten = _lesen(user)
    if version is None:
        version = uuid4().hex
        cache.add(VERSION, version, None)
        version = cache.get(VERSION, version)
    cache.set(
        schluessel,
        {
            **daten,
            "version": version,
            "superuser": user.is_superuser,
            "seit": user.date_joined.isoformat(),
        },
        settings.RECHTE_CACHE_SEKUNDEN,
    )
    return daten


def verwerfen(**kwargs) -> None:
    """Every cached entry is stale from now on."""
    cache.set(VERSION, uuid4().hex, None)


class RechteBackend(ModelBackend):
    """Permissions from the cache (listed before Django's ModelBackend, which then finds
    them on the user object). Authenticates nobody; a session it is named in (Django's
    force_login picks the first backend with get_user) loads its user like ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def _get_permissions(self, user_obj, obj, from_name):
        if not settings.RECHTE_CACHEN:
            return super()._get_permissions(user_obj, obj, from_name)
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, name):
            setattr(user_obj, name, set(rechte_von(user_obj)[from_name]))
        return getattr(user_obj, name)


def verbinden() -> None:
    from .models import User

    for sender in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(verwerfen, sender=sender, dispatch_uid=f"rechte-{sender.__name__}")
    for sender in (Group, Permission):
        post_save.connect(verwerfen, sender=sender, dispatch_uid=f"rechte-save-{sender.__name__}")
        post_delete.connect(verwerfen, sender=sender, dispatch_uid=f"rechte-del-{sender.__name__}")
    post_delete.connect(verwerfen, sender=User, dispatch_uid="rechte-del-user")
