"""Generated Steckbrief content shared by both benchmarks (bench/dossier.py, bench/last.py):
German-looking sentences from a fixed vocabulary and the content fields of a Steckbrief,
deterministic for a given random.Random."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

WOERTER = (
    "Transformation Region Wasserstoff Fachkräfte Mobilität Digitalisierung Erzgebirge "
    "Vogtland Zwickau Chemnitz Mittelsachsen Kooperation Hochschule Mittelstand Innovation "
    "Netzwerk Infrastruktur Qualifizierung Forschung Wertschöpfung Klimaschutz Energie "
    "Produktion Fahrzeugbau Zulieferer Strukturwandel Gründung Kreislaufwirtschaft Bildung "
    "Daseinsvorsorge Tourismus Kultur Breitband Gewerbefläche Pilotanlage Reallabor "
    "Kompetenzzentrum Ausbildung Weiterbildung Batterie Recycling Leichtbau Mikroelektronik"
).split()
FUELL = "und für die mit der in im zur zum durch über gemeinsam nachhaltig regional neue".split()

# Sentences per text field at length 1.
SAETZE = {
    "kurzbeschreibung": 4,
    "ausgangssituation": 6,
    "ziele": 4,
    "vision": 2,
    "kernansatz": 6,
    "transformationsbezug": 3,
    "zusatzeffekt": 2,
    "strahlkraft": 2,
    "breitenwirkung": 2,
    "nachhaltigkeit": 2,
    "gesuchte_partner": 1,
    "finanzierungsplan": 3,
}


def text(rnd: random.Random, saetze: int, je_absatz: int = 0) -> str:
    """`saetze` sentences; with `je_absatz`, in paragraphs of that many sentences."""
    liste = [
        " ".join(
            rnd.choice(WOERTER if i % 2 else FUELL) for i in range(rnd.randint(8, 16))
        ).capitalize()
        + "."
        for _ in range(max(1, saetze))
    ]
    if not je_absatz:
        return " ".join(liste)
    return "\n\n".join(" ".join(liste[i : i + je_absatz]) for i in range(0, len(liste), je_absatz))


def steckbrief_inhalt(rnd: random.Random, i: int, laenge: int = 1, je_absatz: int = 0) -> dict:
    """The content fields of the i-th generated Steckbrief (not status, organisation,
    Handlungsfeld and the like, which each benchmark sets itself); `laenge` scales the
    texts."""
    texte = {feld: text(rnd, n * laenge, je_absatz) for feld, n in SAETZE.items()}
    texte["kurzbeschreibung"] = texte["kurzbeschreibung"][:990]
    return {
        "titel": f"{rnd.choice(WOERTER)} {rnd.choice(WOERTER)} Südwestsachsen {i + 1}",
        "kurztitel": f"P{i + 1}",
        "orte": "Chemnitz, Zwickau",
        "ansprechperson_name": "Erika Müller",
        "ansprechperson_funktion": "Projektleitung",
        "ansprechperson_email": f"kontakt{i}@example.org",
        "ansprechperson_telefon": "0371 123456",
        "reifegrad": rnd.choice(["idee", "konzept", "planung", "umsetzungsreif"]),
        "beginn": datetime.date(2027, rnd.randint(1, 12), 1),
        "ende": datetime.date(2030, rnd.randint(1, 12), 1),
        "gesamtvolumen": Decimal(rnd.randint(1, 400) * 25_000),
        "eigenanteil": Decimal(rnd.randint(0, 20) * 10_000),
        "foerdermittel": Decimal(rnd.randint(0, 200) * 5_000),
        "foerderprogramme": "JTF Sachsen, GRW, EFRE",
        "datenschutz_akzeptiert": True,
        **texte,
    }
