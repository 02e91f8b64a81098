"""Model permissions the roles need for the Bewertung in the admin. Which Steckbriefe and
Bewertungen a Wirtschaftsförderung sees is decided by bewertung.regeln and the admin
querysets; these permissions only open the admin pages."""

from django.db import migrations

from konten.rollenrechte import rechte_vergeben

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


def rollenrechte(apps, schema_editor):
    rechte_vergeben(apps, RECHTE)


class Migration(migrations.Migration):
    dependencies = [
        ("bewertung", "0002_standardkatalog"),
        ("konten", "0002_rollen"),
        ("steckbriefe", "0002_versionen"),
    ]

    operations = [migrations.RunPython(rollenrechte, migrations.RunPython.noop)]
