"""Loads the default criteria catalogue (bewertung/data/bewertungskriterien.yaml: criteria,
weights, scale, K.O. threshold) and the default texts of the decision notices."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "bewertungskriterien.yaml"

MITTEILUNGEN = {
    "priorisiert": (
        "wir freuen uns, Ihnen mitzuteilen, dass Ihr Vorhaben für den Masterplan Region "
        "Chemnitz/Südwestsachsen priorisiert wurde. Die Geschäftsstelle meldet sich mit den "
        "nächsten Schritten bei Ihnen."
    ),
    "zurueckgestellt": (
        "Ihr Vorhaben wurde in dieser Runde zurückgestellt. Das ist keine Ablehnung: Es kann "
        "in einer späteren Runde erneut betrachtet werden. Gern erläutern wir Ihnen die Gründe "
        "in einem Gespräch."
    ),
    "nicht_beruecksichtigt": (
        "Ihr Vorhaben kann im Masterplan leider nicht berücksichtigt werden. Wir danken Ihnen "
        "für Ihr Engagement für die Region."
    ),
}


def laden(apps, schema_editor):
    Kriterienkatalog = apps.get_model("bewertung", "Kriterienkatalog")
    Kriterium = apps.get_model("bewertung", "Kriterium")
    Skalenstufe = apps.get_model("bewertung", "Skalenstufe")
    Entscheidungsvorlage = apps.get_model("bewertung", "Entscheidungsvorlage")

    daten = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    katalog, _ = Kriterienkatalog.objects.get_or_create(
        name="Standardkatalog",
        runde="Bewertungsrunde 2026",
        defaults={"aktiv": not Kriterienkatalog.objects.filter(aktiv=True).exists()},
    )
    for wert, bezeichnung in sorted(daten["skala"]["stufen"].items()):
        Skalenstufe.objects.update_or_create(
            katalog=katalog, wert=int(wert), defaults={"bezeichnung": bezeichnung}
        )
    for i, k in enumerate(daten["kriterien"], start=1):
        Kriterium.objects.update_or_create(
            katalog=katalog,
            code=k["code"],
            defaults={
                "name": k["name"],
                "leitfrage": k.get("leitfrage", ""),
                "gewicht": k["gewicht"],
                "reihenfolge": i,
                "ko_schwelle": k.get("ko_schwelle"),
            },
        )
    for entscheidung, text in MITTEILUNGEN.items():
        Entscheidungsvorlage.objects.get_or_create(
            entscheidung=entscheidung, defaults={"text": text}
        )


class Migration(migrations.Migration):
    dependencies = [("bewertung", "0001_initial")]

    operations = [migrations.RunPython(laden, migrations.RunPython.noop)]
