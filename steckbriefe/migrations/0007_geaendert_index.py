from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("steckbriefe", "0006_entscheidung_mitgeteilt_am"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="steckbrief",
            index=models.Index(fields=["-geaendert", "-id"], name="steckbrief_geaendert_idx"),
        ),
    ]
