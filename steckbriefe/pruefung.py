"""Which fields a submission needs: V for the vorläufige, V + F for the finale Steckbrief.

One place decides completeness; the form's summary, the dashboard and the transition
services all ask `fehlende_angaben`."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from .models import Meilenstein, Steckbrief


@dataclass(frozen=True)
class Fehlend:
    feld: str  # form field name (for linking to the field)
    label: str
    abschnitt: str


def _leer(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# (field, label, Abschnitt) — plain fields on Steckbrief
V_FELDER = [
    ("ansprechperson_name", "Ansprechperson: Name", "Träger"),
    ("ansprechperson_email", "E-Mail der Ansprechperson", "Träger"),
    ("titel", "Projekttitel", "Vorhaben"),
    ("kurzbeschreibung", "Kurzbeschreibung", "Vorhaben"),
    ("handlungsfeld", "Federführendes Handlungsfeld", "Vorhaben"),
]
F_FELDER = [
    ("vorhabenart", "Vorhabenart", "Vorhaben"),
    ("ausgangssituation", "Ausgangssituation und Handlungsbedarf", "Ausgangslage und Ziele"),
    ("ziele", "Ziele", "Ausgangslage und Ziele"),
    ("kernansatz", "Kernansatz und Maßnahmen", "Vorgehen"),
    ("reifegrad", "Reifegrad", "Vorgehen"),
    ("beginn", "Geplanter Beginn", "Vorgehen"),
    ("ende", "Geplantes Ende", "Vorgehen"),
    ("transformationsbezug", "Bezug zur Transformation der Region", "Wirkung"),
    ("zusatzeffekt", "Zusatzeffekt", "Wirkung"),
    ("strahlkraft", "Überregionale Strahlkraft", "Wirkung"),
    ("nachhaltigkeit", "Nachhaltigkeit / Verstetigung", "Wirkung"),
    ("finanzierungsplan", "Finanzierungsplan", "Finanzierung"),
]


# The related rows the check asks for: it only needs to know whether there are any.
BEZIEHUNGEN = ("gebietskoerperschaften", "zieldimensionen", "meilensteine")


def mit_beziehungen_vorhanden(queryset: QuerySet[Steckbrief]) -> QuerySet[Steckbrief]:
    """Annotate `hat_<relation>` (an EXISTS per relation of BEZIEHUNGEN): a list checks
    completeness with fehlende_angaben from its own rows, without loading the related rows
    of every Steckbrief (the dashboard shows only how many Angaben are missing)."""
    durch = {
        "gebietskoerperschaften": Steckbrief.gebietskoerperschaften.through.objects,
        "zieldimensionen": Steckbrief.zieldimensionen.through.objects,
        "meilensteine": Meilenstein.objects,
    }
    return queryset.annotate(
        **{
            f"hat_{name}": Exists(durch[name].filter(steckbrief=OuterRef("pk")))
            for name in BEZIEHUNGEN
        }
    )


def _hat(sb: Steckbrief, name: str) -> bool:
    """Whether `sb` has related rows `name`: the annotation of mit_beziehungen_vorhanden if
    present, else the (prefetched or queried) rows."""
    vorhanden = getattr(sb, f"hat_{name}", None)
    if vorhanden is not None:
        return vorhanden
    return bool(getattr(sb, name).all())


def fehlende_angaben(sb: Steckbrief, final: bool) -> list[Fehlend]:
    """What is still missing for a vorläufige (final=False) or finale submission.

    Uses the annotations of mit_beziehungen_vorhanden or prefetched relations where
    present (`zieldimensionen`, `gebietskoerperschaften`, `meilensteine`), so a list of
    Steckbriefe can be checked without N+1 queries."""
    fehlt: list[Fehlend] = []
    org = sb.organisation
    if _leer(org.name):
        fehlt.append(Fehlend("organisation", "Name der Organisation", "Träger"))
    if _leer(org.typ):
        fehlt.append(Fehlend("organisation", "Organisationstyp", "Träger"))
    felder = V_FELDER + (F_FELDER if final else [])
    for feld, label, abschnitt in felder:
        attr = f"{feld}_id" if feld == "handlungsfeld" else feld
        if _leer(getattr(sb, attr)):
            fehlt.append(Fehlend(feld, label, abschnitt))
    if not sb.gesamte_region and not _hat(sb, "gebietskoerperschaften"):
        fehlt.append(
            Fehlend(
                "gebietskoerperschaften",
                "Standort (Gebietskörperschaft oder gesamte Region)",
                "Vorhaben",
            )
        )
    if not sb.datenschutz_akzeptiert:
        fehlt.append(
            Fehlend(
                "datenschutz_akzeptiert",
                "Datenschutzhinweise zur Kenntnis genommen",
                "Einwilligungen",
            )
        )
    if final:
        if _leer(org.strasse) or _leer(org.plz) or _leer(org.ort):
            fehlt.append(
                Fehlend("organisation", "Anschrift der Organisation (Straße, PLZ, Ort)", "Träger")
            )
        if not _hat(sb, "zieldimensionen"):
            fehlt.append(Fehlend("zieldimensionen", "Mindestens eine Zieldimension", "Vorhaben"))
        if not _hat(sb, "meilensteine"):
            fehlt.append(Fehlend("meilensteine", "Mindestens ein Meilenstein", "Vorgehen"))
        if sb.gesamtvolumen is None and not sb.volumen_in_erarbeitung:
            fehlt.append(
                Fehlend("gesamtvolumen", "Gesamtvolumen oder „noch in Erarbeitung“", "Finanzierung")
            )
    return fehlt
