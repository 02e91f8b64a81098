"""Model permissions the roles need for the Bewertung in the admin. Which Steckbriefe and
Bewertungen a Wirtschaftsförderung sees is decided by bewertung.regeln and the admin
querysets; these permissions only open the admin pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LESEN_STECKBRIEF = [
    ("steckbriefe", "view_steckbrief"),
    ("steckbriefe", "view_partner"),
    ("steckbriefe", "view_meilenstein"),
]

RECHTE = {
    "Wirtschaftsförderung": LESEN_STECKBRIEF
    + [
        ("bewertung", "view_kriterienkatalog"),
        ("bewertung", "view_kriterium"),
        ("bewertung", "view_skalenstufe"),
        ("bewertung", "view_zuweisung"),
        ("bewertung", "view_bewertung"),
        ("bewertung", "change_bewertung"),
    ],
    "Geschäftsstelle": LESEN_STECKBRIEF
    + [("steckbriefe", "view_auditeintrag")]
    + [
        (app, f"{aktion}_{model}")
        for app, model in [
            ("bewertung", "kriterienkatalog"),
            ("bewertung", "kriterium"),
            ("bewertung", "skalenstufe"),
            ("bewertung", "zuweisung"),
        ]
        for aktion in ["view", "add", "change", "delete"]
    ]
    + [
        ("bewertung", "view_bewertung"),
        ("bewertung", "change_bewertung"),
        ("bewertung", "view_entscheidungsvorlage"),
        ("bewertung", "change_entscheidungsvorlage"),
        ("bewertung", "view_rangliste"),
        ("bewertung", "view_bewertungsfortschritt"),
    ],
}


def rechte_vergeben(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rechte in RECHTE.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in rechte:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("bewertung", "0002_standardkatalog"),
        ("konten", "0002_rollen"),
        ("steckbriefe", "0002_versionen"),
    ]

    operations = [migrations.RunPython(rechte_vergeben, migrations.RunPython.noop)]
