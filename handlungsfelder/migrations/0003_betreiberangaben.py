"""The legal pages refer to the operator's data from the configuration
(handlungsfelder.betreiber) instead of "[BITTE ERGÄNZEN: …]" placeholders; a page the
Geschäftsstelle has already edited keeps its own text (only the untouched placeholders
are replaced)."""

from django.db import migrations, models

PLATZHALTER = "[BITTE ERGÄNZEN: {}]"

ERSETZUNGEN = {
    "impressum": [
        (
            "Geschäftsstelle Masterplan Region Chemnitz/Südwestsachsen\n"
            + PLATZHALTER.format("Name und Anschrift des Betreibers"),
            "Geschäftsstelle Masterplan Region Chemnitz/Südwestsachsen\n{name}\n{anschrift}",
        ),
        (PLATZHALTER.format("vertretungsberechtigte Person"), "{vertreten_durch}"),
        (PLATZHALTER.format("Telefon und E-Mail-Adresse"), "{kontakt}"),
        (PLATZHALTER.format("Name und Anschrift"), "{vertreten_durch}, {anschrift}"),
    ],
    "datenschutz": [
        (PLATZHALTER.format("Name und Anschrift des Verantwortlichen"), "{name_und_anschrift}"),
        (
            PLATZHALTER.format("Kontakt der/des Datenschutzbeauftragten"),
            "{datenschutzbeauftragte}",
        ),
        (
            PLATZHALTER.format("Speicherdauer nach Abschluss des Masterplan-Prozesses"),
            "{speicherdauer}",
        ),
    ],
    "barrierefreiheit": [
        (PLATZHALTER.format("Ergebnis der Prüfung und Datum"), "{barrierefreiheit_stand}"),
        (PLATZHALTER.format("Kontakt für Meldungen zu Barrieren"), "{kontakt}"),
        (PLATZHALTER.format("zuständige Durchsetzungsstelle"), "{durchsetzungsstelle}"),
    ],
}


def _ersetzen(apps, rueckwaerts: bool):
    Seite = apps.get_model("handlungsfelder", "Seite")
    for slug, paare in ERSETZUNGEN.items():
        seite = Seite.objects.filter(slug=slug).first()
        if seite is None:
            continue
        inhalt = seite.inhalt
        for alt, neu in reversed(paare) if rueckwaerts else paare:
            von, zu = (neu, alt) if rueckwaerts else (alt, neu)
            inhalt = inhalt.replace(von, zu)
        if inhalt != seite.inhalt:
            Seite.objects.filter(pk=seite.pk).update(inhalt=inhalt)


def vorwaerts(apps, schema_editor):
    _ersetzen(apps, rueckwaerts=False)


def rueckwaerts(apps, schema_editor):
    _ersetzen(apps, rueckwaerts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("handlungsfelder", "0002_katalog_laden"),
    ]

    operations = [
        migrations.AlterField(
            model_name="seite",
            name="inhalt",
            field=models.TextField(
                help_text="Absätze durch Leerzeilen trennen. HTML wird nicht ausgeführt. Die "
                "Angaben des Betreibers (aus der Konfiguration) stehen als {name}, {anschrift}, "
                "{name_und_anschrift}, {vertreten_durch}, {kontakt}, {telefon}, {email}, "
                "{datenschutzbeauftragte}, {speicherdauer}, {barrierefreiheit_stand} und "
                "{durchsetzungsstelle} zur Verfügung.",
                verbose_name="Inhalt",
            ),
        ),
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
