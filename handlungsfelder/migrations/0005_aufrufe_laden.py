"""The two calls of the Masterplan: "Masterplan-Projekte 2026" (the Projektsteckbrief, its
phases linked to the Prozessphasen) and the first round of the Ideenwettbewerb
"Industrie.Neu.Denken 2026" (submissions until 20.05.2026, workshop slides "Zwei Formate –
ein gemeinsames Ziel"). The start of its submission phase and the dates of the jury phase
are not published; the Geschäftsstelle corrects them in the admin."""

import datetime

from django.db import migrations

STANDARD_AUFRUF = "masterplan-projekte-2026"
IDEEN_2026 = "industrie-neu-denken-2026"

MASTERPLAN = {
    "name": "Masterplan-Projekte 2026",
    "format": "projektsteckbrief",
    "teilnehmende": "organisationen",
    "kurzbeschreibung": (
        "Konkrete Projektvorhaben für die Umsetzung der strategischen Ziele des Masterplans "
        "in fünf Handlungsfeldern."
    ),
    "beschreibung": (
        "Der Projektsteckbrief erfasst konkrete Projektvorhaben und -ansätze für die Umsetzung "
        "der strategischen Ziele des Masterplans Region Chemnitz/Südwestsachsen. Er fokussiert "
        "ambitionierte strukturelle Weiterentwicklung, Anschlussfähigkeit und Umsetzbarkeit in "
        "fünf Handlungsfeldern und ist ein Beitrag zur Projektpipeline des Masterplans.\n\n"
        "Zuerst reichen Sie einen vorläufigen, unverbindlichen Steckbrief mit den Kernangaben "
        "ein; in der nächsten Phase vervollständigen Sie ihn zum finalen Steckbrief."
    ),
    "zielgruppe": (
        "Kommunen, Unternehmen, Institutionen, Verbände, Netzwerke und Projektträger aus der "
        "Region. Sie registrieren sich, legen Ihre Organisation an und laden Kolleginnen und "
        "Kollegen ein."
    ),
    "bewertungsverfahren": (
        "Die Wirtschaftsförderungen der Gebietskörperschaften, in denen ein Vorhaben liegt, "
        "bewerten die finalen Steckbriefe anhand eines gewichteten Kriterienkatalogs. Die "
        "Geschäftsstelle priorisiert und stellt Dossiers für Regionalkonvent, IMAG und "
        "Lenkungskreis zusammen. Über die Entscheidung informieren wir Sie per E-Mail."
    ),
    "naechste_schritte": (
        "Die Einreichungsfrist ist abgelaufen. Die Wirtschaftsförderungen bewerten die finalen "
        "Steckbriefe; Einreichende sehen den Stand unter „Meine Steckbriefe“. Der Masterplan "
        "soll bis Ende 2026 vorliegen."
    ),
    "reihenfolge": 10,
}

IDEENWETTBEWERB = {
    "name": "Industrie.Neu.Denken 2026",
    "format": "ideenwettbewerb",
    "teilnehmende": "personen",
    "kurzbeschreibung": (
        "Ideenwettbewerb für neue Produktideen, Geschäftsmodelle und Innovationen für "
        "Zukunftsmärkte."
    ),
    "beschreibung": (
        "Der Ideenwettbewerb Industrie.Neu.Denken mobilisiert neue Produktideen, "
        "Geschäftsmodelle und Innovationen für Zukunftsmärkte und soll der Region neue "
        "Wachstumsdynamik geben.\n\n"
        "Gesucht sind keine Geschäftspläne, sondern überzeugende Technologien, "
        "Dienstleistungen und Prozesse: Beschreiben Sie Ihre Idee in einem Satz, das Problem "
        "und den Zielmarkt, Ihre Lösung und was an ihr neu ist, wie weit sie ist und wer "
        "dahintersteht."
    ),
    "zielgruppe": (
        "Unternehmen, Talente, Gründende und Forschende – als Einzelperson oder im Team. Eine "
        "Organisation brauchen Sie nicht: Sie registrieren sich mit Ihrer E-Mail-Adresse und "
        "können Mitstreiterinnen und Mitstreiter zu Ihrer Idee einladen."
    ),
    "bewertungsverfahren": (
        "Eine Jury bewertet die eingereichten Ideen nach Innovationsgrad, Marktpotenzial, "
        "Umsetzbarkeit, Team und Beitrag zur Region. Wer an einer Idee beteiligt ist, bewertet "
        "sie nicht. Die besten Ideen werden zum Pitch eingeladen."
    ),
    "naechste_schritte": (
        "Die Einreichungsfrist ist abgelaufen. Die Jury bewertet die eingereichten Ideen; die "
        "Einreichenden der besten Ideen laden wir zum Pitch ein. Über das Ergebnis informieren "
        "wir alle Einreichenden per E-Mail."
    ),
    "reihenfolge": 20,
}


def laden(apps, schema_editor):
    Aufruf = apps.get_model("handlungsfelder", "Aufruf")
    AufrufPhase = apps.get_model("handlungsfelder", "AufrufPhase")
    Prozessphase = apps.get_model("handlungsfelder", "Prozessphase")

    masterplan, _ = Aufruf.objects.get_or_create(slug=STANDARD_AUFRUF, defaults=MASTERPLAN)
    offen = {"vorlaeufig": True, "final": True, "bewertung": False}
    for phase in Prozessphase.objects.order_by("beginn"):
        AufrufPhase.objects.get_or_create(
            prozessphase=phase,
            defaults={
                "aufruf": masterplan,
                "name": phase.name,
                "nimmt_entwuerfe": offen.get(phase.code, False),
                "nimmt_einreichungen": offen.get(phase.code, False),
                "beschreibung": phase.beschreibung,
            },
        )

    ideen, neu = Aufruf.objects.get_or_create(slug=IDEEN_2026, defaults=IDEENWETTBEWERB)
    if neu:
        AufrufPhase.objects.create(
            aufruf=ideen,
            name="Einreichung der Ideen",
            beginn=datetime.date(2026, 1, 1),
            ende=datetime.date(2026, 5, 20),
            nimmt_entwuerfe=True,
            nimmt_einreichungen=True,
            beschreibung="Einzelpersonen und Teams reichen ihre Ideen ein.",
        )
        AufrufPhase.objects.create(
            aufruf=ideen,
            name="Bewertung durch die Jury",
            beginn=datetime.date(2026, 5, 21),
            ende=datetime.date(2026, 7, 31),
            beschreibung="Die Jury bewertet die Ideen und lädt die besten zum Pitch ein.",
        )


def entfernen(apps, schema_editor):
    Aufruf = apps.get_model("handlungsfelder", "Aufruf")
    Aufruf.objects.filter(slug__in=[STANDARD_AUFRUF, IDEEN_2026]).delete()


class Migration(migrations.Migration):
    dependencies = [("handlungsfelder", "0004_aufrufe")]

    operations = [migrations.RunPython(laden, entfernen)]
