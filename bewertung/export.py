"""Download of the ranking (exactly the filtered and sorted rows) as CSV and XLSX, written
by kern.tabellen (German numbers, no formula injection)."""

import io

from django.http import HttpResponse
from django.utils import timezone

from kern import tabellen
from kern.formate import eur

from .aggregation import veranstaltung_max_foerderung
from .templatetags.bewertung_tags import bescheid


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
        "Bescheid",
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
        f"Nicht priorisierbar (Veranstaltung > {eur(veranstaltung_max_foerderung())})",
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
                bescheid(sb),
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


def _antwort(inhalt, typ: str, endung: str) -> HttpResponse:
    antwort = HttpResponse(inhalt, content_type=typ)
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(endung)}"'
    return antwort


def als_csv(steckbriefe, spalten) -> HttpResponse:
    """Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in Excel)."""
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    puffer = io.StringIO()
    tabellen.csv_schreiben(puffer, kopf, zeilen)
    return _antwort(puffer.getvalue(), tabellen.CSV_TYP, "csv")


def als_xlsx(steckbriefe, spalten) -> HttpResponse:
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    puffer = io.BytesIO()
    tabellen.xlsx_schreiben(puffer, kopf, zeilen, blatt="Rangliste", fixiert="C2")
    return _antwort(puffer.getvalue(), tabellen.XLSX_TYP, "xlsx")
