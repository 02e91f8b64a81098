"""What goes into a dossier or export: the description of a selection (which Steckbriefe
it includes is a rule: dossiers.regeln.auswahl), the snapshot of ranking and scores
(the "plan" stored on the job), the presentation of one Steckbrief, reviewers' comments and
the summary figures. Read-only; no rendering here."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from steckbriefe.darstellung import abschnitte, mit_allem
from steckbriefe.models import Steckbrief

from .regeln import auswahl

GESAMTE_REGION = "Gesamte Region"

# Rank flags of bewertung.aggregation.rangliste and their German labels.
FLAGS = {
    "ko": "K.-o.-Kriterium nicht erfüllt",
    "uneinig": "Bewertende uneinig (große Streuung)",
    "nicht_priorisierbar": "Nicht priorisierbar (Veranstaltung über Fördergrenze)",
}


# --- selection ------------------------------------------------------------------------------
def beschreibung(parameter: dict) -> str:
    """Human-readable description of a selection (cover page, job list)."""
    if parameter.get("ids"):
        n = len(parameter["ids"])
        return "1 ausgewählter Steckbrief" if n == 1 else f"{n} ausgewählte Steckbriefe"
    if parameter.get("handlungsfeld"):
        hf = Handlungsfeld.objects.filter(pk=parameter["handlungsfeld"]).first()
        return f"Handlungsfeld {hf}" if hf else "Handlungsfeld"
    if parameter.get("gebietskoerperschaft"):
        gk = Gebietskoerperschaft.objects.filter(pk=parameter["gebietskoerperschaft"]).first()
        return f"Gebietskörperschaft {gk}" if gk else "Gebietskörperschaft"
    return "Alle Steckbriefe"


def mit_details(ids: list[int]) -> list[Steckbrief]:
    """The Steckbriefe `ids` with everything the presentation needs, in the order of `ids`."""
    nach_id = {sb.pk: sb for sb in mit_allem(Steckbrief.objects.filter(pk__in=ids))}
    return [nach_id[i] for i in ids if i in nach_id]


def darstellung(sb: Steckbrief) -> dict:
    """Sections and attachments of one Steckbrief, as on its detail page. Each line is
    (label, text, lang): long texts are set full width under their label."""
    anlagen = list(sb.anlagen.all()) if hasattr(sb, "anlagen") else []
    return {
        "sb": sb,
        "abschnitte": [
            {
                "titel": a.titel,
                "zeilen": [
                    (label, text, len(text or "") > 160 or "\n\n" in (text or ""))
                    for label, text in a.zeilen
                ],
            }
            for a in abschnitte(sb)
        ],
        "anlagen": anlagen,
    }


# --- the plan: a snapshot of ranking and scores --------------------------------------------
def _float(wert) -> float | None:
    return None if wert is None else round(float(wert), 4)


def _gebiete(sb: Steckbrief) -> list[str]:
    namen = [g.name for g in sb.gebietskoerperschaften.all()]
    return ([GESAMTE_REGION] if sb.gesamte_region else []) + namen


def plan_erstellen(user, parameter: dict, mit_bewertung: bool, mit_kommentaren: bool) -> dict:
    """Order, rank and scores of the selection, frozen now: every chunk and the front matter
    are rendered from this one snapshot, so numbers cannot drift while workers run."""
    qs = auswahl(user, parameter)
    kriterien: list[dict] = []
    werte: dict[int, dict] = {}
    if mit_bewertung:
        try:
            from bewertung.aggregation import aktiver_katalog, kriterien_spalten, rangliste
        except ImportError:  # pragma: no cover - bewertung app without aggregation
            mit_bewertung = False
    if mit_bewertung:
        katalog = aktiver_katalog()
        spalten = kriterien_spalten(katalog)
        kriterien = [
            {"code": k.code, "name": k.name, "gewicht": k.gewicht, "feld": name}
            for k, name in spalten
        ]
        felder = ["pk", "rang", "mittelwert", "median", "spannweite", "anzahl_bewertungen"]
        felder += ["zuweisungen_gesamt", "ko", "uneinig", "nicht_priorisierbar"]
        felder += [name for _, name in spalten]
        reihenfolge = []
        for zeile in rangliste(qs, katalog).values(*felder):
            reihenfolge.append(zeile["pk"])
            werte[zeile["pk"]] = {
                "rang": zeile["rang"],
                "mittelwert": _float(zeile["mittelwert"]),
                "median": _float(zeile["median"]),
                "spannweite": _float(zeile["spannweite"]),
                "anzahl_bewertungen": zeile["anzahl_bewertungen"],
                "zuweisungen": zeile["zuweisungen_gesamt"],
                "kriterien": {k["code"]: _float(zeile[k["feld"]]) for k in kriterien},
                "flags": [FLAGS[f] for f in FLAGS if zeile[f]],
            }
    else:
        reihenfolge = list(
            qs.order_by("handlungsfeld__reihenfolge", "titel", "pk").values_list("pk", flat=True)
        )
    eintraege = []
    # Metadata for the front matter, read in bounded batches.
    for start in range(0, len(reihenfolge), 500):
        batch = reihenfolge[start : start + 500]
        details = {
            sb.pk: sb
            for sb in Steckbrief.objects.filter(pk__in=batch)
            .select_related("organisation", "handlungsfeld")
            .prefetch_related("gebietskoerperschaften")
        }
        for pk in batch:
            sb = details[pk]
            eintraege.append(
                {
                    "id": pk,
                    "titel": str(sb),
                    "organisation": sb.organisation.name,
                    "handlungsfeld": sb.handlungsfeld.code if sb.handlungsfeld else "",
                    "handlungsfeld_name": str(sb.handlungsfeld) if sb.handlungsfeld else "",
                    "gebiete": _gebiete(sb),
                    "volumen": None if sb.gesamtvolumen is None else str(sb.gesamtvolumen),
                    "status": sb.get_status_display(),
                    "entscheidung": sb.get_entscheidung_display() if sb.entscheidung else "",
                    **({"bewertung": werte.get(pk)} if mit_bewertung else {}),
                }
            )
    return {
        "erstellt": timezone.now().isoformat(),
        "mit_bewertung": mit_bewertung,
        "mit_kommentaren": mit_kommentaren and mit_bewertung,
        "kriterien": [{k: v for k, v in x.items() if k != "feld"} for x in kriterien],
        "handlungsfelder": [
            {"code": hf.code, "name": hf.name} for hf in Handlungsfeld.objects.all()
        ],
        "gebiete": [GESAMTE_REGION]
        + list(Gebietskoerperschaft.objects.values_list("name", flat=True)),
        "eintraege": eintraege,
    }


# --- reviewers' comments (Geschäftsstelle dossiers only) -----------------------------------
def kommentare(ids: list[int]) -> dict[int, list[dict]]:
    """Per Steckbrief: the counted Bewertungen (finalised, not befangen) with reviewer,
    weighted score, recommendation, comment and the written justifications."""
    try:
        from bewertung.aggregation import bewertungen_mit_punkten
        from bewertung.models import Bewertung
    except ImportError:  # pragma: no cover
        return {}
    qs = bewertungen_mit_punkten(
        Bewertung.objects.filter(
            zuweisung__steckbrief_id__in=ids,
            status=Bewertung.Status.ABGESCHLOSSEN,
            zuweisung__befangen_am__isnull=True,
        )
    ).select_related("zuweisung__gebietskoerperschaft", "zuweisung__pruefer")
    ergebnis: dict[int, list[dict]] = defaultdict(list)
    for b in qs.prefetch_related("einzeln__kriterium").order_by("zuweisung__steckbrief", "pk"):
        ergebnis[b.zuweisung.steckbrief_id].append(
            {
                "pruefer": b.zuweisung.pruefer_name,
                "punkte": b.punkte,
                "empfehlung": b.get_empfehlung_display() if b.empfehlung else "",
                "kommentar": b.kommentar,
                "begruendungen": [
                    (f"{e.kriterium.code} {e.kriterium.name}", e.wert, e.begruendung)
                    for e in b.einzeln.all()
                    if e.begruendung
                ],
                "abgeschlossen_am": b.abgeschlossen_am,
            }
        )
    return ergebnis


# --- summary figures ----------------------------------------------------------------------
def statistik(plan: dict) -> dict:
    """Number of Steckbriefe and total volume per Handlungsfeld × Gebietskörperschaft, and
    the score distribution. A Steckbrief at several places counts at each of them; the row
    and column totals count every Steckbrief once."""
    hfs = [hf["code"] for hf in plan["handlungsfelder"]]
    gebiete = plan["gebiete"]
    anzahl = defaultdict(int)
    volumen = defaultdict(Decimal)
    zeile_anzahl, zeile_volumen = defaultdict(int), defaultdict(Decimal)
    spalte_anzahl, spalte_volumen = defaultdict(int), defaultdict(Decimal)
    gesamt_volumen = Decimal(0)
    for e in plan["eintraege"]:
        hf = e["handlungsfeld"] or "–"
        v = Decimal(e["volumen"]) if e["volumen"] else Decimal(0)
        zeile_anzahl[hf] += 1
        zeile_volumen[hf] += v
        gesamt_volumen += v
        for g in e["gebiete"]:
            anzahl[(hf, g)] += 1
            volumen[(hf, g)] += v
            spalte_anzahl[g] += 1
            spalte_volumen[g] += v
    if any(not e["handlungsfeld"] for e in plan["eintraege"]):
        hfs.append("–")
    namen = {hf["code"]: hf["name"] for hf in plan["handlungsfelder"]}
    zeilen = [
        {
            "code": hf,
            "name": namen.get(hf, "ohne Handlungsfeld"),
            "zellen": [(anzahl[(hf, g)], volumen[(hf, g)]) for g in gebiete],
            "anzahl": zeile_anzahl[hf],
            "volumen": zeile_volumen[hf],
        }
        for hf in hfs
    ]
    verteilung = None
    if plan["mit_bewertung"]:
        klassen = [0] * 10
        ohne = 0
        for e in plan["eintraege"]:
            m = (e.get("bewertung") or {}).get("mittelwert")
            if m is None:
                ohne += 1
            else:
                klassen[min(int(m // 10), 9)] += 1
        verteilung = {
            "klassen": [(f"{i * 10}–{i * 10 + 10}", n) for i, n in enumerate(klassen)],
            "ohne": ohne,
        }
    return {
        "gebiete": gebiete,
        "gebiete_kurz": [kurzname(g) for g in gebiete],
        "zeilen": zeilen,
        "spalten": [(spalte_anzahl[g], spalte_volumen[g]) for g in gebiete],
        "anzahl": len(plan["eintraege"]),
        "volumen": gesamt_volumen,
        "verteilung": verteilung,
    }


def kurzname(gebiet: str) -> str:
    """ "Landkreis Zwickau" → "Zwickau", "Stadt Chemnitz" → "Chemnitz" (table headers)."""
    for praefix in ("Landkreis ", "Stadt ", "Kreisfreie Stadt "):
        if gebiet.startswith(praefix):
            return gebiet.removeprefix(praefix)
    return gebiet


def plan_zeitpunkt(plan: dict) -> datetime.datetime:
    return datetime.datetime.fromisoformat(plan["erstellt"])
