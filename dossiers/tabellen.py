"""CSV and XLSX exports of Steckbriefe: one row per Steckbrief with every field of the
Steckbrief form (the same labels and readable values as the detail page), related items
joined with "; ", attachments, dates, and for the Geschäftsstelle rank and score.

Rows are produced in batches (EXPORT_BATCH Steckbriefe with their related rows prefetched),
and both writers stream (csv module, openpyxl write-only), so memory does not grow with the
number of Steckbriefe. Writing, German numbers and the formula guard: kern.tabellen."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal

from kern import tabellen
from kern.formate import punkte
from kern.tabellen import EUR_FORMAT, Zahlzelle
from steckbriefe.abschnitte import EURO_FELDER, LISTEN_FELDER, feld_label
from steckbriefe.darstellung import abschnitte
from steckbriefe.models import Steckbrief

from . import inhalte
from .formate import datum, datum_zeit

EXPORT_BATCH = 200
LEER_KOPF = ["Nr.", "Status", "Hinweis"]  # header of a table without rows


EURO_LABELS = {feld_label(f): f for f in EURO_FELDER}
LISTEN_LABELS = {
    feld_label(f) for f in [*LISTEN_FELDER, "meilensteine", "partner", "gebietskoerperschaften"]
}


def _bewertungsspalten(ids: list[int]) -> dict[int, dict]:
    from bewertung.aggregation import rangliste

    werte = rangliste(Steckbrief.objects.filter(pk__in=ids)).values(
        "pk", "rang", "mittelwert", "anzahl_bewertungen", "zuweisungen_gesamt"
    )
    return {w["pk"]: w for w in werte}


def zeilen(ids: list[int], mit_bewertung: bool, fortschritt: Callable[[int], None] | None = None):
    """(header, iterator of rows). The header is that of the first row (the labels of the
    Steckbrief form); the rows are produced batch by batch while they are written."""
    ranks: dict[int, dict] = {}
    if mit_bewertung:
        ranks = _bewertungsspalten(ids)

    def erzeugen() -> Iterator[dict[str, object]]:
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
                            werte[label] = (
                                Zahlzelle(float(Decimal(betrag)), text or "", EUR_FORMAT)
                                if betrag is not None
                                else text or ""
                            )
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
                        punkte(r["mittelwert"], 1) if r.get("mittelwert") is not None else ""
                    )
                    werte["Bewertungen abgeschlossen"] = (
                        f"{r.get('anzahl_bewertungen', 0)}/{r.get('zuweisungen_gesamt', 0)}"
                    )
                yield werte
            if fortschritt:
                fortschritt(min(len(ids), start + EXPORT_BATCH))

    alle = erzeugen()
    erste = next(alle, None)
    if erste is None:
        return LEER_KOPF, iter(())
    kopf = list(erste)
    return kopf, ([w.get(spalte, "") for spalte in kopf] for w in itertools.chain([erste], alle))


def csv_schreiben(datei: io.TextIOBase, ids: list[int], mit_bewertung: bool, fortschritt=None):
    """Semicolon-separated UTF-8 with BOM (opens correctly in German Excel)."""
    tabellen.csv_schreiben(datei, *zeilen(ids, mit_bewertung, fortschritt))


def xlsx_schreiben(datei, ids: list[int], mit_bewertung: bool, fortschritt=None):
    tabellen.xlsx_schreiben(
        datei, *zeilen(ids, mit_bewertung, fortschritt), blatt="Steckbriefe", fixiert="B2"
    )
