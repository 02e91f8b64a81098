"""What an idea says, as label → readable text: the snapshot of a version, the detail page,
the PDF and the completeness check read the same list."""

from .models import Idee

# The fields of the form and of the snapshot, in this order.
FELDER = [
    "titel",
    "kernsatz",
    "problem",
    "loesung",
    "reifegrad",
    "team",
    "gebietskoerperschaft",
    "regionsbezug",
    "unterstuetzung",
    "pitchdeck",
]
# Needed to submit (the pitch deck and the support needed are optional; the region is
# one of the two fields).
PFLICHT = ["titel", "kernsatz", "problem", "loesung", "reifegrad", "team", "regionsbezug"]

LABELS = {
    "team": "Team (Personen und Rollen)",
    "pitchdeck": "Pitch-Deck",
}


def label(feld: str) -> str:
    if feld in LABELS:
        return LABELS[feld]
    return str(Idee._meta.get_field(feld).verbose_name)


def wert(idee: Idee, feld: str) -> str:
    if feld == "team":
        return "\n".join(f"{m.name} – {m.rolle}" if m.rolle else m.name for m in idee.team.all())
    if feld == "pitchdeck":
        return idee.pitchdeck_name if idee.pitchdeck else ""
    if feld == "reifegrad":
        return idee.get_reifegrad_display() if idee.reifegrad else ""
    if feld == "gebietskoerperschaft":
        return idee.gebietskoerperschaft.name if idee.gebietskoerperschaft_id else ""
    return getattr(idee, feld) or ""


def zeilen(idee: Idee) -> list[tuple[str, str]]:
    return [(label(f), wert(idee, f)) for f in FELDER]


def fehlende_angaben(idee: Idee) -> list[str]:
    """Labels of the fields still missing for a submission."""
    return [label(f) for f in PFLICHT if not wert(idee, f).strip()]


def momentaufnahme(idee: Idee) -> dict:
    return {"aufruf": idee.aufruf.name, "felder": [list(z) for z in zeilen(idee)]}
