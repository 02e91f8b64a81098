"""Snapshots of a Steckbrief (label → readable text) and the diff between two of them."""

import difflib

from kern.formate import eur_betrag

from .abschnitte import EURO_FELDER, LISTEN_FELDER, angezeigte_felder, feld_label
from .models import Steckbrief


def _wert(sb: Steckbrief, feld: str) -> str:
    if feld == "gebietskoerperschaften":
        namen = [g.name for g in sb.gebietskoerperschaften.all()]
        return "\n".join((["Gesamte Region"] if sb.gesamte_region else []) + namen)
    if feld == "meilensteine":
        return "\n".join(f"{m.termin:%m/%Y}: {m.bezeichnung}" for m in sb.meilensteine.all())
    if feld == "partner":
        return "\n".join(
            f"{p.name} – {p.rolle} ({p.get_zusage_display()})"
            if p.rolle
            else f"{p.name} ({p.get_zusage_display()})"
            for p in sb.partner.all()
        )
    if feld in LISTEN_FELDER:
        return "\n".join(str(o) for o in getattr(sb, feld).all())
    if feld == "gesamtvolumen" and sb.volumen_in_erarbeitung and sb.gesamtvolumen is None:
        return "noch in Erarbeitung"
    if feld in EURO_FELDER:
        return eur_betrag(getattr(sb, feld))
    if feld in {"beginn", "ende"}:
        value = getattr(sb, feld)
        return f"{value:%m/%Y}" if value else ""
    if feld == "oeffentlich_listen":
        return "ja" if sb.oeffentlich_listen else "nein"
    display = getattr(sb, f"get_{feld}_display", None)
    if display:
        return display()
    value = getattr(sb, feld)
    return "" if value is None else str(value)


def momentaufnahme(sb: Steckbrief) -> dict:
    """{"felder": [[label, text], ...], "organisation": ...} of the Steckbrief as it is now."""
    felder = [[feld_label(feld), _wert(sb, feld)] for feld in angezeigte_felder()]
    org = sb.organisation
    return {
        "organisation": org.name,
        "organisationstyp": org.get_typ_display(),
        "anschrift": ", ".join(x for x in [org.strasse, f"{org.plz} {org.ort}".strip()] if x),
        "felder": felder,
    }


# The contact person's fields, and what a snapshot shows for a person who deleted their
# account (DSGVO Art. 17; steckbriefe.beitraege.loeschen).
KONTAKTFELDER = [
    "ansprechperson_name",
    "ansprechperson_funktion",
    "ansprechperson_email",
    "ansprechperson_telefon",
]
GELOESCHTES_KONTO = "gelöschtes Konto"


def kontakt_entfernen(daten: dict, ist_person) -> bool:
    """Replace the contact person of the snapshot `daten` (in place) if
    `ist_person(name, email)` says it is the deleted person: the name by
    GELOESCHTES_KONTO, function, e-mail and telephone by nothing. True if changed."""
    felder = {feld_label(f): f for f in KONTAKTFELDER}
    zeilen = [z for z in daten.get("felder", []) if isinstance(z, list) and len(z) == 2]
    werte = {felder[label]: text for label, text in zeilen if label in felder}
    if not ist_person(werte.get("ansprechperson_name", ""), werte.get("ansprechperson_email", "")):
        return False
    geaendert = False
    for zeile in zeilen:
        feld = felder.get(zeile[0])
        ersatz = GELOESCHTES_KONTO if feld == "ansprechperson_name" else ""
        if feld and zeile[1] and zeile[1] != ersatz:
            zeile[1] = ersatz
            geaendert = True
    return geaendert


def unterschiede(alt: dict, neu: dict) -> list[dict]:
    """Changed fields between two snapshots, each with a word-level diff as
    [(op, text), ...] where op is "gleich", "entfernt" or "neu"."""
    alte = dict(alt.get("felder", []))
    ergebnis = []
    for label, neuer_text in neu.get("felder", []):
        alter_text = alte.get(label, "")
        if alter_text == neuer_text:
            continue
        a, b = alter_text.split(" "), neuer_text.split(" ")
        teile = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal":
                teile.append(("gleich", " ".join(a[i1:i2])))
            else:
                if i2 > i1:
                    teile.append(("entfernt", " ".join(a[i1:i2])))
                if j2 > j1:
                    teile.append(("neu", " ".join(b[j1:j2])))
        ergebnis.append({"feld": label, "alt": alter_text, "neu": neuer_text, "teile": teile})
    return ergebnis
