"""CSV and XLSX exports of Steckbriefe: one row per Steckbrief with every field of the
Steckbrief form (the same labels and readable values as the detail page), related items
joined with "; ", attachments, dates, and for the Geschäftsstelle rank and score.

Rows are produced in batches (EXPORT_BATCH Steckbriefe with their related rows prefetched),
and both writers stream (csv module, openpyxl write-only), so memory does not grow with the
number of Steckbriefe. Cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from steckbriefe.darstellung import abschnitte
from steckbriefe.models import Steckbrief

from . import inhalte
from .formate import datum, datum_zeit, dezimal

EXPORT_BATCH = 200
EURO_FELDER = ["gesamtvolumen", "eigenanteil", "foerdermittel", "jaehrliche_kosten"]
LISTEN_FELDER = ["weitere_handlungsfelder", "zieldimensionen", "teilziele", "kpis"]
_FORMEL_ANFANG = ("=", "+", "-", "@", "\t", "\r")


def _label(feld: str) -> str:
    return str(Steckbrief._meta.get_field(feld).verbose_name)


EURO_LABELS = {_label(f): f for f in EURO_FELDER}
LISTEN_LABELS = {_label(f) for f in LISTEN_FELDER} | {"Meilensteine", "Partner", "Standort(e)"}


def _bewertungsspalten(ids: list[int]) -> dict[int, dict]:
    from bewertung.aggregation import rangliste

    werte = rangliste(Steckbrief.objects.filter(pk__in=ids)).values(
        "pk", "rang", "mittelwert", "anzahl_bewertungen", "zuweisungen_gesamt"
    )
    return {w["pk"]: w for w in werte}


def zeilen(ids: list[int], mit_bewertung: bool, fortschritt: Callable[[int], None] | None = None):
    """(header, iterator of rows); a row is a list of (value, euro_feld or None)."""
    kopf: list[str] | None = None
    ranks: dict[int, dict] = {}
    if mit_bewertung:
        ranks = _bewertungsspalten(ids)

    def erzeugen() -> Iterator[list]:
        nonlocal kopf
        for start in range(0, len(ids), EXPORT_BATCH):
            for sb in inhalte.mit_details(ids[start : start + EXPORT_BATCH]):
                werte: dict[str, object] = {
                    "Nr.": sb.pk,
                    "Status": sb.get_status_display(),
                    "Entscheidung": sb.get_entscheidung_display() if sb.entscheidung else "",
                }
                for abschnitt in abschnitte(sb):
                    for label, text in abschnitt.zeilen:
                        if label in EURO_LABELS:
                            betrag = getattr(sb, EURO_LABELS[label])
                            werte[label] = (betrag, text) if betrag is not None else (None, text)
                        elif label in LISTEN_LABELS:
                            werte[label] = "; ".join(t for t in (text or "").split("\n") if t)
                        else:
                            werte[label] = text
                werte["Anlagen"] = "; ".join(a.name for a in sb.anlagen.all())
                werte["Vorläufig eingereicht am"] = datum_zeit(sb.vorlaeufig_eingereicht_am)
                werte["Final eingereicht am"] = datum_zeit(sb.final_eingereicht_am)
                werte["Angelegt"] = datum(sb.erstellt)
                werte["Zuletzt geändert"] = datum_zeit(sb.geaendert)
                if mit_bewertung:
                    r = ranks.get(sb.pk) or {}
                    werte["Rang"] = r.get("rang") or ""
                    werte["Punkte (Mittel, 0–100)"] = (
                        dezimal(r["mittelwert"], 1) if r.get("mittelwert") is not None else ""
                    )
                    werte["Bewertungen abgeschlossen"] = (
                        f"{r.get('anzahl_bewertungen', 0)}/{r.get('zuweisungen_gesamt', 0)}"
                    )
                if kopf is None:
                    kopf = list(werte)
                yield [werte.get(spalte, "") for spalte in kopf]
            if fortschritt:
                fortschritt(min(len(ids), start + EXPORT_BATCH))

    return erzeugen, lambda: kopf


def _sicher(text: str) -> str:
    """No formula injection: a leading =, +, -, @ gets an apostrophe."""
    return "'" + text if text.startswith(_FORMEL_ANFANG) else text


def _csv_wert(wert) -> object:
    if isinstance(wert, tuple):
        return _sicher(wert[1] or "")
    if isinstance(wert, str):
        return _sicher(wert)
    return wert


def csv_schreiben(datei: io.TextIOBase, ids: list[int], mit_bewertung: bool, fortschritt=None):
    """Semicolon-separated UTF-8 with BOM (opens correctly in German Excel)."""
    erzeugen, kopf = zeilen(ids, mit_bewertung, fortschritt)
    schreiber = csv.writer(datei, delimiter=";", lineterminator="\r\n")
    datei.write("\ufeff")
    erste = True
    for zeile in erzeugen():
        if erste:
            schreiber.writerow(kopf())
            erste = False
        schreiber.writerow([_csv_wert(w) for w in zeile])
    if erste:
        schreiber.writerow(["Nr.", "Status", "Hinweis"])


def _xlsx_zelle(blatt, wert):
    if isinstance(wert, tuple):
        betrag, text = wert
        if betrag is None:
            wert = text or ""
        else:
            zelle = WriteOnlyCell(blatt, value=float(Decimal(betrag)))
            zelle.number_format = '#,##0 "€"'
            return zelle
    if isinstance(wert, str):
        zelle = WriteOnlyCell(blatt, value=ILLEGAL_CHARACTERS_RE.sub("", wert))
        zelle.data_type = "s"  # never a formula, whatever the text starts with
        return zelle
    return WriteOnlyCell(blatt, value=wert)


def xlsx_schreiben(datei, ids: list[int], mit_bewertung: bool, fortschritt=None):
    erzeugen, kopf = zeilen(ids, mit_bewertung, fortschritt)
    mappe = Workbook(write_only=True)
    blatt = mappe.create_sheet("Steckbriefe")
    blatt.freeze_panes = "B2"
    fett = Font(bold=True)
    erste = True
    for zeile in erzeugen():
        if erste:
            kopfzeile = []
            for titel in kopf():
                zelle = WriteOnlyCell(blatt, value=titel)
                zelle.font = fett
                kopfzeile.append(zelle)
            blatt.append(kopfzeile)
            erste = False
        blatt.append([_xlsx_zelle(blatt, w) for w in zeile])
    mappe.properties.title = "Steckbriefe"
    mappe.properties.creator = "Steckbrief-Portal Masterplan Region Chemnitz/Südwestsachsen"
    mappe.properties.created = timezone.now().replace(tzinfo=None)
    mappe.save(datei)
