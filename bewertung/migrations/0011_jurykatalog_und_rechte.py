"""The jury of the Ideenwettbewerb: the catalogue of the first round
(„Industrie.Neu.Denken 2026“, created by handlungsfelder 0005: Innovationsgrad,
Marktpotenzial, Umsetzbarkeit, Team, Beitrag zur Region; weights 100; the scale 0–5 of the
Steckbrief catalogue), its notice texts, the Group „Jury“ with the one admin right it needs
(the list of the ideas to score; which ideas is bewertung.jury's rule) and the
Geschäftsstelle's rights on the jury's models."""

from django.db import migrations

from konten.rollenrechte import rechte_vergeben

IDEEN_2026 = "industrie-neu-denken-2026"
JURY = "Jury"

SKALA = {
    0: "nicht erkennbar",
    1: "schwach",
    2: "ausreichend",
    3: "gut",
    4: "sehr gut",
    5: "herausragend",
}

KRITERIEN = [
    (
        "I1",
        "Innovationsgrad",
        "Wie neu ist die Idee – als Technologie, Dienstleistung oder Prozess – gegenüber dem Stand am Markt?",
        25,
    ),
    (
        "I2",
        "Marktpotenzial",
        "Adressiert die Idee ein relevantes Problem in einem wachsenden oder künftigen Markt?",
        25,
    ),
    (
        "I3",
        "Umsetzbarkeit",
        "Ist der Weg von der Idee zur Anwendung plausibel (Reifegrad, nächste Schritte, Ressourcen)?",
        20,
    ),
    ("I4", "Team", "Bringt das Team die Kompetenzen mit, die Idee voranzutreiben?", 15),
    (
        "I5",
        "Beitrag zur Region",
        "Stärkt die Idee Wertschöpfung, Arbeitsplätze oder Netzwerke in der Region Chemnitz/Südwestsachsen?",
        15,
    ),
]

TEXTE = {
    "pitch": (
        "die Jury hat Ihre Idee unter die Finalisten gewählt. Wir laden Sie herzlich ein, sie "
        "beim Pitch vorzustellen; Termin und Ablauf teilt Ihnen die Geschäftsstelle gesondert mit."
    ),
    "ausgewaehlt": (
        "herzlichen Glückwunsch: Die Jury hat Ihre Idee ausgewählt. Die Geschäftsstelle meldet "
        "sich mit den nächsten Schritten bei Ihnen."
    ),
    "nicht_ausgewaehlt": (
        "Ihre Idee wurde in dieser Runde leider nicht ausgewählt. Wir danken Ihnen für Ihre "
        "Teilnahme und ermutigen Sie, in einer nächsten Runde wieder einzureichen."
    ),
}

RECHTE = {
    JURY: [("bewertung", "view_juryidee")],
    "Geschäftsstelle": [
        ("bewertung", "view_jurymitglied"),
        ("bewertung", "add_jurymitglied"),
        ("bewertung", "change_jurymitglied"),
        ("bewertung", "delete_jurymitglied"),
        ("bewertung", "view_jurybefangenheit"),
        ("bewertung", "view_jurybescheid"),
        ("bewertung", "change_jurybescheid"),
        ("bewertung", "view_juryidee"),
        ("bewertung", "view_ideenrangliste"),
        ("ideen", "view_idee"),
    ],
}


def anlegen(apps, schema_editor):
    Aufruf = apps.get_model("handlungsfelder", "Aufruf")
    Kriterienkatalog = apps.get_model("bewertung", "Kriterienkatalog")
    Kriterium = apps.get_model("bewertung", "Kriterium")
    Skalenstufe = apps.get_model("bewertung", "Skalenstufe")
    Jurybescheid = apps.get_model("bewertung", "Jurybescheid")
    rechte_vergeben(apps, RECHTE)
    aufruf = Aufruf.objects.filter(slug=IDEEN_2026).first()
    if aufruf is None:
        return
    katalog, neu = Kriterienkatalog.alle.get_or_create(
        aufruf=aufruf,
        name="Jurykatalog Industrie.Neu.Denken",
        defaults={"runde": "Ideenwettbewerb 2026"},
    )
    if neu:
        Skalenstufe.objects.bulk_create(
            Skalenstufe(katalog=katalog, wert=w, bezeichnung=b) for w, b in SKALA.items()
        )
        Kriterium.objects.bulk_create(
            Kriterium(katalog=katalog, code=c, name=n, leitfrage=f, gewicht=g, reihenfolge=i)
            for i, (c, n, f, g) in enumerate(KRITERIEN, start=1)
        )
        if not Kriterienkatalog.alle.filter(aufruf=aufruf, aktiv=True).exists():
            katalog.aktiv = True
            katalog.save(update_fields=["aktiv"])
    Jurybescheid.objects.get_or_create(aufruf=aufruf, defaults=TEXTE)


def entfernen(apps, schema_editor):
    Kriterienkatalog = apps.get_model("bewertung", "Kriterienkatalog")
    Kriterienkatalog.alle.filter(
        aufruf__slug=IDEEN_2026, name="Jurykatalog Industrie.Neu.Denken"
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name=JURY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bewertung", "0010_katalog_je_aufruf_und_jury"),
        ("konten", "0002_rollen"),
    ]

    operations = [migrations.RunPython(anlegen, entfernen)]
