"""Demo Steckbriefe for `make run`: one per status, for the demo Organisation of
konten.demo (einreichend@ and kollegin@demo.example). Idempotent: a Steckbrief whose title
already exists in the demo Organisation is left alone.

How the statuses come about, honestly:
- Steps that do not depend on the date go through the real services (bewertung_beginnen,
  rueckfrage_stellen, bewertung_abschliessen, entscheiden, zurueckziehen), with their audit
  entries, versions and e-mails.
- The submissions (vorläufig/final einreichen, Finalisierung beginnen) depend on the phase
  dates, and the demo must load on any day. They are re-enacted here exactly like the
  service does them (transition table, completeness check, timestamps, audit entry,
  version) but without the phase check and without the receipt e-mail. Their audit entries
  say so ("Demodaten: … ohne Phasenprüfung nachgebildet").
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension

from . import services
from .models import Meilenstein, Partner, Status, Steckbrief, VersionArt
from .zustaende import pruefe_uebergang

DEMO_ORGANISATION = "Stadtwerke Musterhausen GmbH"
EINREICHEND = "einreichend@demo.example"
KOLLEGIN = "kollegin@demo.example"
GESCHAEFTSSTELLE = "geschaeftsstelle@demo.example"
WF_ZWICKAU = "wf-zwickau@demo.example"
NACHGEBILDET = "Demodaten: Einreichung ohne Phasenprüfung nachgebildet (keine Eingangsbestätigung)."


def _organisation():
    """The demo Organisation of konten.demo; created here if that module has none yet."""
    from konten import demo as konten_demo
    from konten.models import Mitgliedschaft, Organisation, User

    anlegen = getattr(konten_demo, "demo_organisation_anlegen", None)
    if anlegen is not None:
        return anlegen()
    org, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION,
        defaults={
            "typ": "unternehmen",
            "strasse": "Bahnhofstraße 12",
            "plz": "09111",
            "ort": "Musterhausen",
        },
    )
    for email in (EINREICHEND, KOLLEGIN):
        user = User.objects.filter(email=email).first()
        if user is not None:
            Mitgliedschaft.objects.get_or_create(user=user, defaults={"organisation": org})
    return org


# --- content --------------------------------------------------------------------------------

GRUNDDATEN = {
    "ansprechperson_name": "Emil Einreicher",
    "ansprechperson_funktion": "Leiter Projektentwicklung",
    "ansprechperson_email": EINREICHEND,
    "ansprechperson_telefon": "0371 123456-20",
    "datenschutz_akzeptiert": True,
}


def _final_texte(thema: str) -> dict:
    return {
        "vorhabenart": "investition",
        "ausgangssituation": (
            f"Die Region verliert mit dem Umbau der Automobilzulieferindustrie Arbeitsplätze "
            f"und Wertschöpfung. Beim Thema {thema} fehlt bislang eine gemeinsame Lösung der "
            "Kommunen und Unternehmen; Einzelprojekte bleiben klein und teuer."
        ),
        "ziele": (
            "Bis Ende 2029 sind die Anlagen in Betrieb, mindestens 12 Unternehmen angeschlossen "
            "und die CO2-Emissionen der beteiligten Standorte um 20 % gesenkt."
        ),
        "kernansatz": (
            "1. Machbarkeitsstudie und Genehmigungsplanung\n2. Ausschreibung und Bau in zwei "
            "Bauabschnitten\n3. Inbetriebnahme, Monitoring und Übertragung auf weitere Standorte"
        ),
        "reifegrad": "konzept",
        "beginn": datetime.date(2027, 1, 1),
        "ende": datetime.date(2029, 12, 1),
        "transformationsbezug": (
            "Das Vorhaben schafft Beschäftigung für Fachkräfte aus der Zulieferindustrie und "
            "macht den Standort für energieintensive Ansiedlungen attraktiv."
        ),
        "zusatzeffekt": (
            "Ohne Förderung wäre nur ein Teilprojekt wirtschaftlich; der regionale Verbund "
            "entsteht erst durch den Masterplan."
        ),
        "strahlkraft": "Modell für vergleichbare Mittelstädte in Sachsen und Thüringen.",
        "breitenwirkung": "Die Planungsunterlagen werden anderen Kommunen offen zur Verfügung gestellt.",
        "nachhaltigkeit": (
            "Der Betrieb wird nach Projektende über Netzentgelte und Serviceverträge finanziert."
        ),
        "foerderprogramme": "JTF Sachsen, Bundesförderung für effiziente Wärmenetze (BEW)",
        "finanzierungsplan": (
            "2027: 1,2 Mio. € Planung und erster Bauabschnitt\n2028: 2,1 Mio. € zweiter "
            "Bauabschnitt\n2029: 0,7 Mio. € Inbetriebnahme und Monitoring"
        ),
        "gesamtvolumen": Decimal("4000000"),
        "eigenanteil": Decimal("1200000"),
        "foerdermittel": Decimal("2800000"),
        "jaehrliche_kosten": Decimal("85000"),
    }


# Each entry: title → fields, catalogue (Handlungsfeld codes, Zieldimension codes), places,
# rows, and the path of steps to the target status.
STECKBRIEFE = [
    {
        "titel": "Quartierswärmespeicher Musterhausen-Süd",
        "felder": {
            "kurztitel": "QWS Süd",
            "kurzbeschreibung": (
                "Ein saisonaler Wärmespeicher nimmt im Sommer Überschusswärme aus Solarthermie "
                "und Industrie auf und versorgt im Winter rund 1.800 Haushalte."
            ),
            "ansprechperson_email": KOLLEGIN,
            "ansprechperson_name": "Karla Kollegin",
        },
        "hf": "HF2",
        "zd": ["HF2.1"],
        "gebiete": ["14524"],
        "weg": [],
    },
    {
        "titel": "Abwärmenetz Industriepark Musterhausen",
        "felder": {
            "kurzbeschreibung": (
                "Die Abwärme von drei Gießereien im Industriepark wird über ein 4 km langes "
                "Nahwärmenetz an Gewerbe und Wohnquartiere geliefert."
            ),
            "gesamtvolumen": Decimal("6500000"),
        },
        "hf": "HF1",
        "weitere": ["HF2"],
        "gebiete": ["14524"],
        "weg": ["vorlaeufig"],
    },
    {
        "titel": "Wasserstoff-Tankstelle für den Busverkehr im Landkreis Zwickau",
        "felder": {
            "kurzbeschreibung": (
                "Eine öffentliche Wasserstoff-Tankstelle am Betriebshof versorgt 25 "
                "Brennstoffzellenbusse und Lkw regionaler Logistiker."
            ),
        },
        "hf": "HF2",
        "zd": ["HF2.1", "HF2.3"],
        "gebiete": ["14524", "14511"],
        "weg": ["vorlaeufig", "finalisierung"],
        "danach": {"reifegrad": "planung", "kernansatz": "Standortwahl und Genehmigung laufen."},
    },
    {
        "titel": "Smart-Meter-Rollout für kommunale Liegenschaften",
        "felder": {
            "kurzbeschreibung": (
                "Intelligente Messsysteme in 140 Schulen, Kitas und Verwaltungsgebäuden machen "
                "Verbräuche sichtbar und senken die Energiekosten."
            ),
            **_final_texte("Energiedaten"),
            "gesamtvolumen": Decimal("950000"),
            "eigenanteil": Decimal("285000"),
            "foerdermittel": Decimal("665000"),
        },
        "hf": "HF5",
        "zd": ["HF5.3"],
        "gebiete": ["14524"],
        "meilensteine": [("Ausschreibung Messstellenbetrieb", datetime.date(2027, 3, 1))],
        "weg": ["final"],
    },
    {
        "titel": "Transformationsakademie Energietechnik",
        "felder": {
            "kurzbeschreibung": (
                "Beschäftigte aus der Zulieferindustrie werden in 9 Monaten zu Fachkräften für "
                "Wärmepumpen, Netze und Speicher weitergebildet."
            ),
        },
        "hf": "HF4",
        "weitere": ["HF1"],
        "zd": ["HF4.2", "HF1.4"],
        "gebiete": ["14524", "14522"],
        "partner": [
            ("Handwerkskammer Chemnitz", "Prüfungen und Zertifikate", "zugesagt"),
            ("Westsächsische Hochschule Zwickau", "Lehrmodule Energietechnik", "angefragt"),
        ],
        "weg": ["vorlaeufig", "finalisierung"],
        "danach": {
            **_final_texte("Weiterbildung"),
            "vorhabenart": "qualifizierung",
            "kurzbeschreibung": (
                "Beschäftigte aus der Zulieferindustrie werden in 9 Monaten berufsbegleitend zu "
                "Fachkräften für Wärmepumpen, Wärmenetze und Speicher weitergebildet – mit "
                "Praxisphasen bei den Stadtwerken."
            ),
            "gesamtvolumen": Decimal("1800000"),
            "eigenanteil": Decimal("360000"),
            "foerdermittel": Decimal("1440000"),
        },
        "meilensteine": [
            ("Start des ersten Jahrgangs", datetime.date(2027, 9, 1)),
            ("Abschluss von 60 Teilnehmenden", datetime.date(2029, 6, 1)),
        ],
        "weg_danach": ["final", "bewertung_beginnen"],
    },
    {
        "titel": "Batteriespeicher am Umspannwerk Nord",
        "felder": {
            "kurzbeschreibung": (
                "Ein 20-MWh-Batteriespeicher stabilisiert das Verteilnetz und ermöglicht den "
                "Anschluss weiterer Photovoltaik-Anlagen."
            ),
            **_final_texte("Netzstabilität"),
        },
        "hf": "HF2",
        "zd": ["HF2.1"],
        "gebiete": ["14524"],
        "meilensteine": [("Netzanschlusszusage", datetime.date(2027, 4, 1))],
        "weg": ["final", "bewertung_beginnen", "rueckfrage"],
    },
    {
        "titel": "Solarpark auf der ehemaligen Deponie Musterhausen",
        "felder": {
            "kurzbeschreibung": (
                "Auf 14 ha der rekultivierten Deponie entsteht ein Solarpark mit 12 MWp, an dem "
                "sich Bürgerinnen und Bürger beteiligen können."
            ),
            **_final_texte("Flächennutzung"),
            "gesamtvolumen": Decimal("9200000"),
            "eigenanteil": Decimal("4600000"),
            "foerdermittel": Decimal("2500000"),
        },
        "hf": "HF2",
        "weitere": ["HF5"],
        "zd": ["HF2.1", "HF5.2"],
        "gesamte_region": False,
        "gebiete": ["14524"],
        "meilensteine": [("Baubeginn", datetime.date(2027, 5, 1))],
        "weg": ["final", "bewertung_beginnen", "bewertung_abschliessen"],
    },
    {
        "titel": "Regionales Netzwerk Energiewende Südwestsachsen",
        "felder": {
            "kurzbeschreibung": (
                "Stadtwerke, Kammern und Hochschulen der fünf Gebietskörperschaften bündeln "
                "Planung, Beschaffung und Weiterbildung für die Wärmewende."
            ),
            **_final_texte("Zusammenarbeit"),
            "vorhabenart": "netzwerk",
            "gesamtvolumen": Decimal("750000"),
            "eigenanteil": Decimal("150000"),
            "foerdermittel": Decimal("600000"),
        },
        "hf": "HF3",
        "weitere": ["HF2"],
        "zd": ["HF3.3", "HF2.1"],
        "gesamte_region": True,
        "gebiete": [],
        "partner": [("IHK Chemnitz", "Netzwerkmanagement", "zugesagt")],
        "meilensteine": [("Gründung der Geschäftsstelle", datetime.date(2027, 2, 1))],
        "weg": [
            "final",
            "bewertung_beginnen",
            "bewertung_abschliessen",
            "entscheiden",
        ],
    },
    {
        "titel": "E-Carsharing für Werksverkehre",
        "felder": {
            "kurzbeschreibung": (
                "Ein gemeinsamer E-Fahrzeugpool für die Betriebe im Industriepark ersetzt "
                "Dienstwagen und Werksverkehre."
            ),
        },
        "hf": "HF2",
        "gebiete": ["14524"],
        "weg": ["vorlaeufig", "zurueckziehen"],
    },
]


# --- steps ----------------------------------------------------------------------------------


def _nachbilden(sb: Steckbrief, name: str, akteur, art: str | None) -> None:
    """Re-enact a date-dependent submitter transition without the phase check."""
    sb = Steckbrief.objects.select_related("organisation").get(pk=sb.pk)
    u = pruefe_uebergang(sb.status, name)
    if art is not None:
        services._vollstaendig(sb, final=art != VersionArt.VORLAEUFIG)
    if name == "vorlaeufig_einreichen":
        sb.vorlaeufig_eingereicht_am = timezone.now()
    if name == "final_einreichen":
        sb.final_eingereicht_am = timezone.now()
    alt = sb.status
    sb.status = u.nach
    sb.save(
        update_fields=["status", "vorlaeufig_eingereicht_am", "final_eingereicht_am", "geaendert"]
    )
    services.protokollieren(
        sb, akteur, u.label, Status(alt).label, Status(u.nach).label, NACHGEBILDET
    )
    if art is not None:
        services._versionieren(sb, art, akteur)


def _schritt(sb: Steckbrief, schritt: str, nutzer: dict) -> None:
    einreichend, gs = nutzer[EINREICHEND], nutzer[GESCHAEFTSSTELLE]
    if schritt == "vorlaeufig":
        _nachbilden(sb, "vorlaeufig_einreichen", einreichend, VersionArt.VORLAEUFIG)
    elif schritt == "finalisierung":
        _nachbilden(sb, "finalisierung_beginnen", einreichend, None)
    elif schritt == "final":
        _nachbilden(sb, "final_einreichen", einreichend, VersionArt.FINAL)
    elif schritt == "bewertung_beginnen":
        services.status_setzen(sb, "bewertung_beginnen", gs)
    elif schritt == "rueckfrage":
        services.status_setzen(
            sb,
            "rueckfrage_stellen",
            nutzer.get(WF_ZWICKAU) or gs,
            text="Bitte konkretisieren Sie den Finanzierungsplan: Welche Förderquote ist für den "
            "Speicher angesetzt, und ist der Eigenanteil durch einen Gremienbeschluss gedeckt?",
        )
    elif schritt == "bewertung_abschliessen":
        services.status_setzen(sb, "bewertung_abschliessen", gs)
    elif schritt == "entscheiden":
        services.status_setzen(
            sb,
            "entscheiden",
            gs,
            entscheidung="priorisiert",
            text="Hohe Strahlkraft für die ganze Region, breite Trägerschaft und klarer Bezug zur "
            "Transformation; Lenkungskreis-Empfehlung vom Oktober.",
        )
    elif schritt == "zurueckziehen":
        services.zurueckziehen(
            sb, einreichend, "Das Vorhaben wird über ein Landesprogramm finanziert."
        )
    else:  # pragma: no cover - programming error in STECKBRIEFE
        raise ValueError(schritt)


def _anlegen(org, eintrag: dict, nutzer: dict) -> Steckbrief:
    felder = {**GRUNDDATEN, **eintrag["felder"]}
    sb = Steckbrief.objects.create(
        organisation=org,
        titel=eintrag["titel"],
        erstellt_von=nutzer[EINREICHEND],
        zuletzt_bearbeitet_von=nutzer[EINREICHEND],
        handlungsfeld=Handlungsfeld.objects.get(code=eintrag["hf"]),
        gesamte_region=eintrag.get("gesamte_region", False),
        **felder,
    )
    services.protokollieren(
        sb, nutzer[EINREICHEND], "Steckbrief angelegt", neu="Entwurf", text="Demodaten"
    )
    sb.weitere_handlungsfelder.set(
        Handlungsfeld.objects.filter(code__in=eintrag.get("weitere", []))
    )
    zds = list(Zieldimension.objects.filter(code__in=eintrag.get("zd", [])))
    sb.zieldimensionen.set(zds)
    sb.teilziele.set(Teilziel.objects.filter(zieldimension__in=zds, reihenfolge__lte=1)[:3])
    sb.kpis.set(KPI.objects.filter(zieldimension__in=zds, reihenfolge__lte=1)[:2])
    sb.gebietskoerperschaften.set(Gebietskoerperschaft.objects.filter(ags__in=eintrag["gebiete"]))
    for i, (name, rolle, zusage) in enumerate(eintrag.get("partner", [])):
        Partner.objects.create(steckbrief=sb, name=name, rolle=rolle, zusage=zusage, reihenfolge=i)
    if "danach" not in eintrag:
        _meilensteine(sb, eintrag)
    return sb


def _meilensteine(sb: Steckbrief, eintrag: dict) -> None:
    for i, (bezeichnung, termin) in enumerate(eintrag.get("meilensteine", [])):
        Meilenstein.objects.create(
            steckbrief=sb, bezeichnung=bezeichnung, termin=termin, reihenfolge=i
        )


def demo_steckbriefe_anlegen() -> int:
    """Create the missing demo Steckbriefe; returns how many were created."""
    from konten.models import User

    org = _organisation()
    nutzer = {
        u.email: u
        for u in User.objects.filter(
            email__in=[EINREICHEND, KOLLEGIN, GESCHAEFTSSTELLE, WF_ZWICKAU]
        )
    }
    if EINREICHEND not in nutzer or GESCHAEFTSSTELLE not in nutzer:
        raise RuntimeError("Erst die Demo-Zugänge anlegen (konten.demo.demo_nutzer_anlegen).")
    vorhanden = set(Steckbrief.objects.filter(organisation=org).values_list("titel", flat=True))
    angelegt = 0
    for eintrag in STECKBRIEFE:
        if eintrag["titel"] in vorhanden:
            continue
        with transaction.atomic():
            sb = _anlegen(org, eintrag, nutzer)
            for schritt in eintrag["weg"]:
                _schritt(sb, schritt, nutzer)
            if "danach" in eintrag:
                # Completed later (after the vorläufige submission): a second version differs.
                Steckbrief.objects.filter(pk=sb.pk).update(
                    **eintrag["danach"], revision=sb.revision + 1
                )
                _meilensteine(sb, eintrag)
                for schritt in eintrag.get("weg_danach", []):
                    _schritt(sb, schritt, nutzer)
        angelegt += 1
    return angelegt
