"""Granting model permissions to the role groups, shared by the data migrations that set up
the roles (konten 0002, bewertung 0003). Works on the historical models of `apps`, so it is
safe to call from any migration."""

from django.contrib.auth.management import create_permissions


def rechte_vergeben(apps, rechte: dict[str, list[tuple[str, str]]]) -> None:
    """Create the groups named in `rechte` if missing and add the listed permissions
    (app label, codename) to each. Permissions are created first, because Django only
    creates them after all migrations have run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, liste in rechte.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in liste:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
