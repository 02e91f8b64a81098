"""Read-only presentation of a Steckbrief (detail page and print view): the form's sections
with readable values, built from the same renderer as the version snapshots."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .forms import ABSCHNITTE
from .models import Meilenstein, Partner, Steckbrief
from .versionen import _wert

# Fields that other fields already show (gesamte_region in Standort, the flag in
# Gesamtvolumen) and fields shown apart (consent).
NICHT_EINZELN = {"gesamte_region", "volumen_in_erarbeitung", "datenschutz_akzeptiert"}
ZUSATZ = {"vorgehen": ["meilensteine"], "partner": ["partner"]}
LABELS = {
    "meilensteine": "Meilensteine",
    "partner": "Partner",
    "gebietskoerperschaften": "Standort(e)",
}


@dataclass(frozen=True)
class Abschnitt:
    id: str
    titel: str
    zeilen: list[tuple[str, str]]


def mit_allem(queryset):
    """Prefetch everything the presentation and the completeness check read."""
    return mit_inhalt(queryset).prefetch_related("anlagen")


def mit_inhalt(queryset):
    """Prefetch the content of the Steckbrief as the sections show it (no attachments)."""
    return queryset.select_related("organisation", "handlungsfeld").prefetch_related(
        "weitere_handlungsfelder",
        "zieldimensionen",
        "teilziele",
        "kpis",
        "gebietskoerperschaften",
        Prefetch("partner", queryset=Partner.objects.order_by("reihenfolge", "pk")),
        Prefetch("meilensteine", queryset=Meilenstein.objects.all()),
    )


def _text(sb: Steckbrief, feld: str) -> str:
    if feld == "oeffentlich_listen":
        return "ja" if sb.oeffentlich_listen else "nein"
    return _wert(sb, feld)


def abschnitte(sb: Steckbrief) -> list[Abschnitt]:
    meta = Steckbrief._meta
    org = sb.organisation
    ergebnis = []
    for aid, titel, felder in ABSCHNITTE:
        if aid == "anlagen":
            continue
        zeilen = []
        if aid == "traeger":
            anschrift = ", ".join(x for x in [org.strasse, f"{org.plz} {org.ort}".strip()] if x)
            zeilen += [
                ("Organisation", org.name),
                ("Organisationstyp", org.get_typ_display()),
                ("Anschrift", anschrift),
            ]
        for feld in [*felder, *ZUSATZ.get(aid, [])]:
            if feld in NICHT_EINZELN:
                continue
            label = LABELS.get(feld) or str(meta.get_field(feld).verbose_name)
            zeilen.append((label, _text(sb, feld)))
        if aid == "einwilligungen":
            zeilen.insert(
                0,
                (
                    "Datenschutzhinweise zur Kenntnis genommen",
                    "ja" if sb.datenschutz_akzeptiert else "nein",
                ),
            )
        ergebnis.append(Abschnitt(aid, titel, zeilen))
    return ergebnis
