"""Loads the Masterplan catalogue, the Gebietskörperschaften, the Prozessphasen and the
default legal pages from the YAML files carried in handlungsfelder/data/."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

PLATZHALTER = "[BITTE ERGÄNZEN: {}]"

SEITEN = {
    "impressum": (
        "Impressum",
        "Angaben gemäß § 5 DDG\n\n"
        "Geschäftsstelle Masterplan Region Chemnitz/Südwestsachsen\n"
        + PLATZHALTER.format("Name und Anschrift des Betreibers")
        + "\n\nVertreten durch: "
        + PLATZHALTER.format("vertretungsberechtigte Person")
        + "\n\nKontakt: "
        + PLATZHALTER.format("Telefon und E-Mail-Adresse")
        + "\n\nVerantwortlich für den Inhalt nach § 18 Abs. 2 MStV: "
        + PLATZHALTER.format("Name und Anschrift"),
    ),
    "datenschutz": (
        "Datenschutzerklärung",
        "Verantwortlich für die Verarbeitung personenbezogener Daten in diesem Portal ist "
        + PLATZHALTER.format("Name und Anschrift des Verantwortlichen")
        + ".\n\nDatenschutzbeauftragte/r: "
        + PLATZHALTER.format("Kontakt der/des Datenschutzbeauftragten")
        + "\n\nZweck der Verarbeitung: Wir verarbeiten die Angaben in Ihren Projektsteckbriefen "
        "und Ihre Kontaktdaten, um Projekte für den Masterplan Region Chemnitz/Südwestsachsen "
        "zu sammeln, durch die Wirtschaftsförderungen der Gebietskörperschaften bewerten zu "
        "lassen und in Dossiers für den Regionalkonvent, die IMAG und den Lenkungskreis "
        "zusammenzufassen (Art. 6 Abs. 1 lit. e DSGVO sowie Ihre Einwilligung nach "
        "Art. 6 Abs. 1 lit. a DSGVO für die öffentliche Projektübersicht).\n\n"
        "Empfänger: die Wirtschaftsförderung der betroffenen Gebietskörperschaft(en) und die "
        "Geschäftsstelle. Eine Übermittlung in Drittländer findet nicht statt.\n\n"
        "Speicherdauer: "
        + PLATZHALTER.format("Speicherdauer nach Abschluss des Masterplan-Prozesses")
        + "\n\nIhre Rechte: Auskunft (Art. 15 DSGVO; im Portal unter „Meine Daten“ als Download), "
        "Berichtigung (Art. 16), Löschung (Art. 17; im Portal unter „Meine Daten“), "
        "Einschränkung (Art. 18), Datenübertragbarkeit (Art. 20), Widerspruch (Art. 21) "
        "sowie Beschwerde bei der Aufsichtsbehörde (Sächsische Datenschutz- und "
        "Transparenzbeauftragte).\n\nCookies: Das Portal setzt nur technisch notwendige "
        "Cookies (Sitzung, Schutz vor Fälschung von Formularen). Es bindet keine Inhalte "
        "von Dritten ein.",
    ),
    "barrierefreiheit": (
        "Erklärung zur Barrierefreiheit",
        "Dieses Portal soll im Einklang mit dem Barrierefreiheitsstärkungsgesetz und dem "
        "Sächsischen Inklusionsgesetz barrierefrei zugänglich sein. Grundlage ist die "
        "WCAG 2.1 auf Stufe AA.\n\nStand der Vereinbarkeit: "
        + PLATZHALTER.format("Ergebnis der Prüfung und Datum")
        + "\n\nNicht barrierefreie Inhalte: Hochgeladene Anlagen der Einreichenden können "
        "wir nicht auf Barrierefreiheit prüfen.\n\nFeedback und Kontakt: "
        + PLATZHALTER.format("Kontakt für Meldungen zu Barrieren")
        + "\n\nDurchsetzungsverfahren: Wenn Sie auf Ihre Meldung keine zufriedenstellende "
        "Antwort erhalten, können Sie sich an die Durchsetzungsstelle wenden: "
        + PLATZHALTER.format("zuständige Durchsetzungsstelle"),
    ),
}


def laden(apps, schema_editor):
    Handlungsfeld = apps.get_model("handlungsfelder", "Handlungsfeld")
    Zieldimension = apps.get_model("handlungsfelder", "Zieldimension")
    Teilziel = apps.get_model("handlungsfelder", "Teilziel")
    KPI = apps.get_model("handlungsfelder", "KPI")
    Gebietskoerperschaft = apps.get_model("handlungsfelder", "Gebietskoerperschaft")
    Prozessphase = apps.get_model("handlungsfelder", "Prozessphase")
    Seite = apps.get_model("handlungsfelder", "Seite")

    katalog = yaml.safe_load((DATA / "handlungsfelder.yaml").read_text(encoding="utf-8"))
    for i, hf_data in enumerate(katalog["handlungsfelder"], start=1):
        hf, _ = Handlungsfeld.objects.update_or_create(
            code=hf_data["code"],
            defaults={
                "name": hf_data["name"],
                "kurzbeschreibung": " ".join(hf_data.get("kurzbeschreibung", "").split()),
                "reihenfolge": i,
            },
        )
        for j, zd_data in enumerate(hf_data["zieldimensionen"], start=1):
            zd, _ = Zieldimension.objects.update_or_create(
                code=zd_data["code"],
                defaults={"handlungsfeld": hf, "name": zd_data["name"], "reihenfolge": j},
            )
            for k, text in enumerate(zd_data.get("teilziele", []), start=1):
                Teilziel.objects.update_or_create(
                    zieldimension=zd, text=text, defaults={"reihenfolge": k}
                )
            for k, name in enumerate(zd_data.get("kpis", []), start=1):
                KPI.objects.update_or_create(zieldimension=zd, name=name, defaults={"reihenfolge": k})

    prozess = yaml.safe_load((DATA / "prozess.yaml").read_text(encoding="utf-8"))
    for g in prozess["gebietskoerperschaften"]:
        Gebietskoerperschaft.objects.update_or_create(
            ags=g["ags"], defaults={"name": g["name"], "art": g["art"]}
        )
    for p in prozess["prozessphasen"]:
        Prozessphase.objects.update_or_create(
            code=p["code"],
            defaults={
                "name": p["name"],
                "beginn": p["beginn"],
                "ende": p["ende"],
                "beschreibung": p.get("was", ""),
            },
        )
    for slug, (titel, inhalt) in SEITEN.items():
        Seite.objects.get_or_create(slug=slug, defaults={"titel": titel, "inhalt": inhalt})


class Migration(migrations.Migration):
    dependencies = [("handlungsfelder", "0001_initial")]

    operations = [migrations.RunPython(laden, migrations.RunPython.noop)]
