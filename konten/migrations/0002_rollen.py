"""Creates the three role groups with the model permissions each role needs in the admin.
Object-level scoping (which Steckbriefe a Wirtschaftsförderung sees) is enforced by the
rules in konten.rules and the admin querysets, not by these permissions."""

from django.db import migrations

from konten.rollenrechte import rechte_vergeben

ROLLEN = {
    "Einreichende": [],
    "Wirtschaftsförderung": [],
    "Geschäftsstelle": [
        ("handlungsfelder", "view_handlungsfeld"),
        ("handlungsfelder", "view_zieldimension"),
        ("handlungsfelder", "view_gebietskoerperschaft"),
        ("handlungsfelder", "view_prozessphase"),
        ("handlungsfelder", "change_prozessphase"),
        ("handlungsfelder", "view_seite"),
        ("handlungsfelder", "change_seite"),
        ("konten", "view_user"),
    ],
}


def rollen_anlegen(apps, schema_editor):
    rechte_vergeben(apps, ROLLEN)


class Migration(migrations.Migration):
    dependencies = [
        ("konten", "0001_initial"),
        ("handlungsfelder", "0002_katalog_laden"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rollen_anlegen, migrations.RunPython.noop)]
