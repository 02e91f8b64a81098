"""Which fields a submission needs: V for the vorläufige, V + F for the finale Steckbrief.

One place decides completeness; the form's summary, the dashboard and the transition
services all ask `fehlende_angaben`."""

from dataclasses import dataclass

from .models import Steckbrief


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


def fehlende_angaben(sb: Steckbrief, final: bool) -> list[Fehlend]:
    """What is still missing for a vorläufige (final=False) or finale submission.

    Uses prefetched relations where present (`zieldimensionen`, `gebietskoerperschaften`,
    `meilensteine`), so a list of Steckbriefe can be checked without N+1 queries."""
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
    if not sb.gesamte_region and not sb.gebietskoerperschaften.all():
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
        if not sb.zieldimensionen.all():
            fehlt.append(Fehlend("zieldimensionen", "Mindestens eine Zieldimension", "Vorhaben"))
        if not sb.meilensteine.all():
            fehlt.append(Fehlend("meilensteine", "Mindestens ein Meilenstein", "Vorgehen"))
        if sb.gesamtvolumen is None and not sb.volumen_in_erarbeitung:
            fehlt.append(
                Fehlend("gesamtvolumen", "Gesamtvolumen oder „noch in Erarbeitung“", "Finanzierung")
            )
    return fehlt
