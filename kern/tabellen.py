"""Tables for spreadsheets: CSV (semicolon-separated, German numbers, UTF-8 with BOM, so
that German Excel opens it correctly) and XLSX (streamed with openpyxl's write-only mode,
numbers stay numbers). Both take a header and an iterable of rows, so memory does not grow
with the number of rows.

One guard against formula injection for both: a text cell that starts with one of
FORMEL_ZEICHEN would be run as a formula by a spreadsheet program. In CSV it gets a leading
apostrophe (shown as text); in XLSX it is stored as a text cell, never as a formula.

Cell values: str, int, float, None, or a Zahlzelle (a number that XLSX keeps as a number in
a number format and CSV writes as its display text, e.g. amounts as "2.500.000 €")."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .formate import zahl

# Spreadsheet programs run cells starting with these characters as formulas.
FORMEL_ZEICHEN = ("=", "+", "-", "@", "\t", "\r")
ERSTELLER = "Steckbrief-Portal Masterplan Region Chemnitz/Südwestsachsen"
CSV_TYP = "text/csv; charset=utf-8"
XLSX_TYP = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EUR_FORMAT = '#,##0 "€"'


@dataclass(frozen=True)
class Zahlzelle:
    """A number for XLSX (shown with `format`) that CSV writes as `text`."""

    wert: float
    text: str
    format: str = "General"


def entschaerfen(text: str) -> str:
    """A text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMEL_ZEICHEN) else text


def csv_wert(wert) -> str:
    """The CSV text of a cell: German decimal comma, formulas neutralised."""
    if wert is None:
        return ""
    if isinstance(wert, Zahlzelle):
        return entschaerfen(wert.text or "")
    if isinstance(wert, float):
        return zahl(wert, None)
    if isinstance(wert, int) and not isinstance(wert, bool):
        return str(wert)
    return entschaerfen(str(wert))


def csv_schreiben(datei, kopf: Sequence[str], zeilen: Iterable[Sequence]) -> None:
    """Write the table into the text file `datei` (opened with newline="")."""
    schreiber = csv.writer(datei, delimiter=";", lineterminator="\r\n")
    datei.write("\ufeff")
    schreiber.writerow([csv_wert(titel) for titel in kopf])
    for zeile in zeilen:
        schreiber.writerow([csv_wert(wert) for wert in zeile])


def _xlsx_zelle(blatt, wert) -> WriteOnlyCell:
    if isinstance(wert, Zahlzelle):
        zelle = WriteOnlyCell(blatt, value=wert.wert)
        zelle.number_format = wert.format
        return zelle
    if isinstance(wert, str):
        zelle = WriteOnlyCell(blatt, value=ILLEGAL_CHARACTERS_RE.sub("", wert))
        zelle.data_type = "s"  # text, never a formula, whatever it starts with
        return zelle
    return WriteOnlyCell(blatt, value=wert)


def xlsx_schreiben(
    datei,
    kopf: Sequence[str],
    zeilen: Iterable[Sequence],
    *,
    blatt: str,
    fixiert: str = "B2",
) -> None:
    """Write a workbook with one sheet `blatt` (also the document title) into `datei` (a
    path or binary file): bold header, panes frozen at `fixiert`, column widths from the
    header."""
    mappe = Workbook(write_only=True)
    tabelle = mappe.create_sheet(blatt)
    tabelle.freeze_panes = fixiert
    for spalte, titel in enumerate(kopf, start=1):
        breite = min(max(len(str(titel)), 10), 40)
        tabelle.column_dimensions[get_column_letter(spalte)].width = breite
    fett = Font(bold=True)
    kopfzeile = []
    for titel in kopf:
        zelle = _xlsx_zelle(tabelle, titel)
        zelle.font = fett
        kopfzeile.append(zelle)
    tabelle.append(kopfzeile)
    for zeile in zeilen:
        tabelle.append([_xlsx_zelle(tabelle, wert) for wert in zeile])
    mappe.properties.title = blatt
    mappe.properties.creator = ERSTELLER
    mappe.properties.created = timezone.now().replace(tzinfo=None)
    mappe.save(datei)
