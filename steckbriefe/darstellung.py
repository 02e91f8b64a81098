"""Read-only presentation of a Steckbrief (detail page and print view): the form's sections
with readable values, built from the same renderer as the version snapshots."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from .abschnitte import ABSCHNITTE, feld_label, zeilen
from .models import Meilenstein, Partner, Steckbrief
from .versionen import _wert


@dataclass(frozen=True)
class AbschnittAnsicht:
    """A section as it is shown: its lines (label, text)."""

    id: str
    titel: str
    zeilen: list[tuple[str, str]]


def mit_allem(queryset):
    """Prefetch everything the presentation and the completeness check read."""
    return mit_inhalt(queryset).prefetch_related("anlagen")


def mit_kopf(queryset):
    """The Steckbrief's own row with its Organisation and Handlungsfeld (joined, no query of
    their own): what a page needs before it knows whether it shows the content."""
    return queryset.select_related("organisation", "handlungsfeld")


def _inhalt_lookups() -> list:
    return [
        "weitere_handlungsfelder",
        "zieldimensionen",
        "teilziele",
        "kpis",
        "gebietskoerperschaften",
        Prefetch("partner", queryset=Partner.objects.order_by("reihenfolge", "pk")),
        Prefetch("meilensteine", queryset=Meilenstein.objects.all()),
    ]


def mit_inhalt(queryset):
    """Prefetch the content of the Steckbrief as the sections show it (no attachments)."""
    return mit_kopf(queryset).prefetch_related(*_inhalt_lookups())


def inhalt_nachladen(sb: Steckbrief) -> Steckbrief:
    """Prefetch the content onto a Steckbrief loaded with mit_kopf, in the same queries
    mit_inhalt would have made (for a page that needs it only sometimes)."""
    prefetch_related_objects([sb], *_inhalt_lookups())
    return sb


def _text(sb: Steckbrief, feld: str) -> str:
    if feld == "oeffentlich_listen":
        return "ja" if sb.oeffentlich_listen else "nein"
    return _wert(sb, feld)


def abschnitte(sb: Steckbrief) -> list[AbschnittAnsicht]:
    """The sections of the Steckbrief as lines (label, text), for the detail page, the
    print view and the PDF."""
    org = sb.organisation
    ergebnis = []
    for abschnitt in ABSCHNITTE:
        if abschnitt.id == "anlagen":
            continue
        inhalt = []
        if abschnitt.id == "traeger":
            anschrift = ", ".join(x for x in [org.strasse, f"{org.plz} {org.ort}".strip()] if x)
            inhalt += [
                ("Organisation", org.name),
                ("Organisationstyp", org.get_typ_display()),
                ("Anschrift", anschrift),
            ]
        if abschnitt.id == "einwilligungen":
            inhalt.append(
                (
                    "Datenschutzhinweise zur Kenntnis genommen",
                    "ja" if sb.datenschutz_akzeptiert else "nein",
                )
            )
        for feld in zeilen(abschnitt):
            inhalt.append((feld_label(feld), _text(sb, feld)))
        ergebnis.append(AbschnittAnsicht(abschnitt.id, abschnitt.titel, inhalt))
    return ergebnis
