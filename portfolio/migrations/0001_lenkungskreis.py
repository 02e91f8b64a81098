"""The read-only role Lenkungskreis: a Group without Django permissions (what it may see is
the explicit rule portfolio.regeln.darf_portfolio_sehen)."""

from django.db import migrations

LENKUNGSKREIS = "Lenkungskreis"


def anlegen(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=LENKUNGSKREIS)


def entfernen(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=LENKUNGSKREIS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(anlegen, entfernen)]
