"""Demo data for `make run`: a second, open round of the Ideenwettbewerb ("Industrie.Neu.
Denken – Runde 2", submissions until 31.03.2027 or, run later, 60 days from today) and three
ideas of two individual accounts without an Organisation (password of konten.demo).
Idempotent: an existing call, account or idea (by title) is left alone."""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from handlungsfelder.models import (
    Aufruf,
    Aufrufformat,
    AufrufPhase,
    Gebietskoerperschaft,
    Teilnehmende,
)
from konten.demo import DEMO_PASSWORT
from konten.models import User

from . import services
from .models import Idee, Mitwirkende

RUNDE_2 = "industrie-neu-denken-runde-2"
GRUENDERIN = "gruenderin@demo.example"
FORSCHER = "forscher@demo.example"

IDEEN = [
    {
        "von": GRUENDERIN,
        "einreichen": True,
        "mit": None,
        "titel": "Zweites Leben für Traktionsbatterien",
        "kernsatz": "Gebrauchte Fahrzeugbatterien werden geprüft, neu kombiniert und als "
        "Speicher für Gewerbedächer vermietet.",
        "problem": "Ab 2030 fallen in Sachsen jährlich Tausende Traktionsbatterien aus Fahrzeugen "
        "an, die noch 70–80 % ihrer Kapazität haben. Gewerbebetriebe mit Solardächern "
        "suchen bezahlbare Speicher; Zielmarkt sind die rund 4.000 Betriebe der Region.",
        "loesung": "Ein automatisierter Prüfstand bewertet Module in 20 Minuten; eine eigene "
        "Steuerung kombiniert Module verschiedener Hersteller. Neu ist das Mietmodell mit "
        "garantierter Restkapazität.",
        "reifegrad": 5,
        "ags": "14524",
        "regionsbezug": "Zulieferer im Landkreis Zwickau haben das Know-how für Batteriemontage; "
        "die Demontage kann in freiwerdenden Hallen entstehen.",
        "unterstuetzung": "Kontakt zu Autohäusern und Recyclern, Fläche für einen Prüfstand.",
        "team": [("Lena Lötkolben", "Gründerin, Elektrotechnik"), ("Omar Haddad", "Vertrieb")],
    },
    {
        "von": GRUENDERIN,
        "einreichen": False,
        "mit": FORSCHER,
        "titel": "Werkzeugbau als Dienst",
        "kernsatz": "Freie Kapazitäten im Werkzeugbau werden über eine Plattform an "
        "Start-ups vermittelt.",
        "problem": "Werkzeugbauer der Region verlieren Aufträge aus der Automobilindustrie.",
        "loesung": "",
        "reifegrad": 2,
        "ags": "14511",
        "regionsbezug": "",
        "unterstuetzung": "",
        "team": [("Lena Lötkolben", "Idee")],
    },
    {
        "von": FORSCHER,
        "einreichen": True,
        "mit": None,
        "titel": "Sensorhaut für Greifer",
        "kernsatz": "Eine gedruckte Sensorfolie gibt Robotergreifern Tastsinn für weiche "
        "und zerbrechliche Teile.",
        "problem": "Die Automatisierung in Lebensmittel- und Textilindustrie scheitert an "
        "empfindlichen Teilen; der Markt für taktile Sensorik wächst zweistellig.",
        "loesung": "Die Folie wird im Rolle-zu-Rolle-Verfahren gedruckt und kostet einen Bruchteil "
        "heutiger Sensoren; neu ist die Auswertung direkt in der Folie.",
        "reifegrad": 4,
        "ags": "14511",
        "regionsbezug": "Entstanden an der TU Chemnitz; Druckmaschinen und Textilindustrie der "
        "Region sind erste Anwender.",
        "unterstuetzung": "Pilotkunden und eine Ausgründungsberatung.",
        "team": [("Theo Tüftler", "Forschung"), ("Mia Schubert", "Konstruktion")],
    },
]


def _runde_2() -> Aufruf:
    vorlage = Aufruf.objects.filter(slug="industrie-neu-denken-2026").first()
    aufruf, neu = Aufruf.objects.get_or_create(
        slug=RUNDE_2,
        defaults={
            "name": "Industrie.Neu.Denken – Runde 2",
            "format": Aufrufformat.IDEENWETTBEWERB,
            "teilnehmende": Teilnehmende.PERSONEN,
            "kurzbeschreibung": vorlage.kurzbeschreibung if vorlage else "Ideenwettbewerb.",
            "beschreibung": vorlage.beschreibung if vorlage else "Ideenwettbewerb.",
            "zielgruppe": vorlage.zielgruppe if vorlage else "Alle.",
            "bewertungsverfahren": vorlage.bewertungsverfahren if vorlage else "Jury.",
            "naechste_schritte": vorlage.naechste_schritte if vorlage else "",
            "reihenfolge": 30,
        },
    )
    if neu:
        heute = timezone.localdate()
        ende = max(datetime.date(2027, 3, 31), heute + datetime.timedelta(days=60))
        AufrufPhase.objects.create(
            aufruf=aufruf,
            name="Einreichung der Ideen",
            beginn=heute - datetime.timedelta(days=30),
            ende=ende,
            nimmt_entwuerfe=True,
            nimmt_einreichungen=True,
            beschreibung="Einzelpersonen und Teams reichen ihre Ideen ein.",
        )
        AufrufPhase.objects.create(
            aufruf=aufruf,
            name="Bewertung durch die Jury",
            beginn=ende + datetime.timedelta(days=1),
            ende=ende + datetime.timedelta(days=60),
            beschreibung="Die Jury bewertet die Ideen und lädt die besten zum Pitch ein.",
        )
    return aufruf


def _person(email: str, vorname: str, nachname: str) -> User:
    user, neu = User.objects.get_or_create(
        email=email, defaults={"first_name": vorname, "last_name": nachname}
    )
    if neu:
        user.set_password(DEMO_PASSWORT)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_ideen_anlegen() -> int:
    aufruf = _runde_2()
    personen = {
        GRUENDERIN: _person(GRUENDERIN, "Lena", "Lötkolben"),
        FORSCHER: _person(FORSCHER, "Theo", "Tüftler"),
    }
    gebiete = {g.ags: g for g in Gebietskoerperschaft.objects.all()}
    angelegt = 0
    for daten in IDEEN:
        von = personen[daten["von"]]
        if Idee.objects.filter(eigentuemer=von, titel=daten["titel"]).exists():
            continue
        felder = {k: daten[k] for k in services.FELDER if k in daten}
        felder["gebietskoerperschaft"] = gebiete.get(daten["ags"])
        idee = services.idee_anlegen(aufruf, von, felder, daten["team"])
        if daten["mit"]:
            Mitwirkende.objects.get_or_create(idee=idee, user=personen[daten["mit"]])
            services.protokollieren(idee, None, "Demodaten: Mitwirkende/r hinzugefügt")
        if daten["einreichen"]:
            services.einreichen(idee, von)
        angelegt += 1
    return angelegt
