"""The default text of the notice „priorisiert“ began with a lowercase „wir“ (it once
continued the salutation); in the mail it is a paragraph of its own. Texts the
Geschäftsstelle changed stay as they are."""

from django.db import migrations

ALT = "wir freuen uns, Ihnen mitzuteilen"
NEU = "Wir freuen uns, Ihnen mitzuteilen"


def gross(apps, schema_editor):
    Entscheidungsvorlage = apps.get_model("bewertung", "Entscheidungsvorlage")
    for vorlage in Entscheidungsvorlage.objects.filter(text__startswith=ALT):
        vorlage.text = NEU + vorlage.text[len(ALT) :]
        vorlage.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("bewertung", "0007_erinnerung")]

    operations = [migrations.RunPython(gross, migrations.RunPython.noop)]
