"""The Steckbrief's fields, declared once: its sections in order with the model fields each
edits, and how related rows and flags are shown. The form (forms.py), the presentation
(darstellung.py), the version snapshots (versionen.py), the admin fieldsets (admin.py) and
the table exports (dossiers) read this module; a new field goes here, in its section."""

from typing import NamedTuple


class Abschnitt(NamedTuple):
    id: str
    titel: str
    felder: list[str]  # model fields edited in the form, in order


ABSCHNITTE: list[Abschnitt] = [
    Abschnitt(
        "traeger",
        "Träger und Kontakt",
        [
            "ansprechperson_name",
            "ansprechperson_funktion",
            "ansprechperson_email",
            "ansprechperson_telefon",
        ],
    ),
    Abschnitt(
        "vorhaben",
        "Vorhaben",
        [
            "titel",
            "kurztitel",
            "kurzbeschreibung",
            "vorhabenart",
            "handlungsfeld",
            "weitere_handlungsfelder",
            "zieldimensionen",
            "teilziele",
            "kpis",
            "gesamte_region",
            "gebietskoerperschaften",
            "orte",
        ],
    ),
    Abschnitt("ausgangslage", "Ausgangslage und Ziele", ["ausgangssituation", "ziele", "vision"]),
    Abschnitt("vorgehen", "Vorgehen", ["kernansatz", "reifegrad", "beginn", "ende"]),
    Abschnitt(
        "wirkung",
        "Wirkung",
        ["transformationsbezug", "zusatzeffekt", "strahlkraft", "breitenwirkung", "nachhaltigkeit"],
    ),
    Abschnitt("partner", "Partner", ["gesuchte_partner"]),
    Abschnitt(
        "finanzierung",
        "Finanzierung",
        [
            "gesamtvolumen",
            "volumen_in_erarbeitung",
            "eigenanteil",
            "foerdermittel",
            "jaehrliche_kosten",
            "foerderprogramme",
            "finanzierungsplan",
        ],
    ),
    Abschnitt("anlagen", "Anlagen", []),
    Abschnitt("einwilligungen", "Einwilligungen", ["datenschutz_akzeptiert", "oeffentlich_listen"]),
]

# The procedure's fields: set by the services, shown (read-only) in the admin, never edited
# in the form.
VERFAHREN = [
    "status",
    "entscheidung",
    "entscheidung_mitgeteilt_am",
    "verlaengert_bis",
    "vorlaeufig_eingereicht_am",
    "final_eingereicht_am",
    "erstellt",
    "geaendert",
]
# Bookkeeping of the form (who, which revision), the owner and the call (handlungsfelder.
# Aufruf): neither section nor procedure.
VERWALTUNG = ["organisation", "aufruf", "erstellt_von", "zuletzt_bearbeitet_von", "revision"]

# Related rows shown (and versioned) as lines of text in a section, after its fields.
ZEILEN_JE_ABSCHNITT = {"vorgehen": ["meilensteine"], "partner": ["partner"]}
# Fields another line already shows (gesamte_region in Standort, the flag in
# Gesamtvolumen) or that are shown apart (the privacy consent).
NICHT_EINZELN = {"gesamte_region", "volumen_in_erarbeitung", "datenschutz_akzeptiert"}
# Labels where the model's verbose_name does not fit a line of the presentation.
LABELS = {
    "meilensteine": "Meilensteine",
    "partner": "Partner",
    "gebietskoerperschaften": "Standort(e)",
}
EURO_FELDER = ["gesamtvolumen", "eigenanteil", "foerdermittel", "jaehrliche_kosten"]
LISTEN_FELDER = ["weitere_handlungsfelder", "zieldimensionen", "teilziele", "kpis"]
# Fields of the catalogue (their choices depend on the chosen Handlungsfelder).
KATALOGFELDER = {"zieldimensionen", "teilziele", "kpis"}


def formularfelder() -> list[str]:
    """The model fields of the form, in the order of the sections."""
    return [f for a in ABSCHNITTE for f in a.felder]


def zeilen(abschnitt: Abschnitt) -> list[str]:
    """The fields and related rows shown as lines of one section."""
    felder = [*abschnitt.felder, *ZEILEN_JE_ABSCHNITT.get(abschnitt.id, [])]
    return [f for f in felder if f not in NICHT_EINZELN]


def angezeigte_felder() -> list[str]:
    """Every line of the presentation and the version snapshots, in order."""
    return [f for a in ABSCHNITTE for f in zeilen(a)]


def feld_label(feld: str) -> str:
    from .models import Steckbrief

    return LABELS.get(feld) or str(Steckbrief._meta.get_field(feld).verbose_name)
