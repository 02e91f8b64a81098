"""The Geschäftsstelle maintains the calls (handlungsfelder.Aufruf with their phases) in the
admin: view, add and change a call; view, add, change and delete its phases. Calls are
never deleted (the admin refuses it)."""

from django.db import migrations

from konten.rollenrechte import rechte_vergeben

RECHTE = {
    "Geschäftsstelle": [
        ("handlungsfelder", "view_aufruf"),
        ("handlungsfelder", "add_aufruf"),
        ("handlungsfelder", "change_aufruf"),
        ("handlungsfelder", "view_aufrufphase"),
        ("handlungsfelder", "add_aufrufphase"),
        ("handlungsfelder", "change_aufrufphase"),
        ("handlungsfelder", "delete_aufrufphase"),
    ]
}


def vergeben(apps, schema_editor):
    rechte_vergeben(apps, RECHTE)


class Migration(migrations.Migration):
    dependencies = [
        ("ideen", "0001_initial"),
        ("handlungsfelder", "0005_aufrufe_laden"),
        ("konten", "0002_rollen"),
    ]

    operations = [migrations.RunPython(vergeben, migrations.RunPython.noop)]
