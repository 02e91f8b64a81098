"""Download of the ranking (exactly the filtered and sorted rows) as CSV and XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Spreadsheet programs run cells starting with these characters as formulas.
FORMEL_ZEICHEN = ("=", "+", "-", "@", "\t", "\r")


def _runden(wert, stellen=1):
    return None if wert is None else round(float(wert), stellen)


def _ja_nein(wert) -> str:
    return "ja" if wert else "nein"


def spalten_und_zeilen(steckbriefe, spalten):
    """(header, rows) with Python values (numbers stay numbers)."""
    kopf = [
        "Rang",
        "Steckbrief-Nr.",
        "Titel",
        "Organisation",
        "Organisationstyp",
        "Handlungsfeld",
        "Gebietskörperschaften",
        "Vorhabenart",
        "Gesamtvolumen (EUR)",
        "Fördermittel (EUR)",
        "Status",
        "Entscheidung",
        "Bewertungen",
        "Mittelwert (0–100)",
        "Median (0–100)",
        "Minimum",
        "Maximum",
        "Standardabweichung",
        "Normiert (50 ± 10)",
        *[f"{k.code} {k.name} (Ø 0–5)" for k, _ in spalten],
        "K.-o.",
        "Uneinigkeit",
        "Nicht priorisierbar (Veranstaltung > 10.000 €)",
        "Bewertung vollständig",
    ]
    zeilen = []
    for sb in steckbriefe:
        gebiete = ["Gesamte Region"] if sb.gesamte_region else []
        gebiete += [g.name for g in sb.gebietskoerperschaften.all()]
        zeilen.append(
            [
                sb.rang,
                sb.pk,
                sb.titel,
                sb.organisation.name,
                sb.organisation.get_typ_display(),
                str(sb.handlungsfeld) if sb.handlungsfeld_id else "",
                ", ".join(gebiete),
                sb.get_vorhabenart_display(),
                float(sb.gesamtvolumen) if sb.gesamtvolumen is not None else None,
                float(sb.foerdermittel) if sb.foerdermittel is not None else None,
                sb.get_status_display(),
                sb.get_entscheidung_display(),
                sb.anzahl_bewertungen,
                _runden(sb.mittelwert),
                _runden(sb.median),
                _runden(sb.minimum),
                _runden(sb.maximum),
                _runden(sb.standardabweichung),
                _runden(sb.normiert),
                *[_runden(getattr(sb, name), 2) for _, name in spalten],
                _ja_nein(sb.ko),
                _ja_nein(sb.uneinig),
                _ja_nein(sb.nicht_priorisierbar),
                _ja_nein(sb.bewertung_vollstaendig),
            ]
        )
    return kopf, zeilen


def _dateiname(endung: str) -> str:
    return f"rangliste-{timezone.localtime():%Y-%m-%d-%H%M}.{endung}"


def _csv_wert(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, float):
        return f"{wert}".replace(".", ",")
    text = str(wert)
    if text.startswith(FORMEL_ZEICHEN):
        return "'" + text
    return text


def als_csv(steckbriefe, spalten) -> HttpResponse:
    """Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in Excel)."""
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(kopf)
    for zeile in zeilen:
        schreiber.writerow([_csv_wert(w) for w in zeile])
    antwort = HttpResponse("\ufeff" + puffer.getvalue(), content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname("csv")}"'
    return antwort


def als_xlsx(steckbriefe, spalten) -> HttpResponse:
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Rangliste"
    blatt.append(kopf)
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    for r, zeile in enumerate(zeilen, start=2):
        for c, wert in enumerate(zeile, start=1):
            zelle = blatt.cell(row=r, column=c, value=wert)
            if isinstance(wert, str) and wert.startswith(FORMEL_ZEICHEN):
                zelle.data_type = "s"  # text, never a formula
    blatt.freeze_panes = "C2"
    for c, titel in enumerate(kopf, start=1):
        blatt.column_dimensions[get_column_letter(c)].width = min(max(len(titel), 10), 40)
    puffer = io.BytesIO()
    mappe.save(puffer)
    antwort = HttpResponse(
        puffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname("xlsx")}"'
    return antwort
