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
from kern.formate import zahl
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
def beschreibung(parameter: dict, anzahl: int | None = None) -> str:
    """Human-readable description of a selection (cover page, job list). A selection by
    numbers counts what it includes (`anzahl`), not how many numbers were asked for."""
    if parameter.get("ids"):
        if anzahl is None:
            return "Ausgewählte Steckbriefe"
        return "1 ausgewählter Steckbrief" if anzahl == 1 else f"{anzahl} ausgewählte Steckbriefe"
    if parameter.get("handlungsfeld"):
        hf = Handlungsfeld.objects.filter(pk=parameter["handlungsfeld"]).first()
        return f"Handlungsfeld {hf}" if hf else "Handlungsfeld"
    if parameter.get("gebietskoerperschaft"):
        gk = Gebietskoerperschaft.objects.filter(pk=parameter["gebietskoerperschaft"]).first()
        return f"Gebietskörperschaft {gk}" if gk else "Gebietskörperschaft"
    return "Alle Steckbriefe"


def auswahl_text(parameter: dict) -> str:
    """The filter of a selection spelled out (the dossier's cover)."""
    if parameter.get("ids"):
        ids = parameter["ids"]
        text = "Steckbrief-Nummern " + ", ".join(str(i) for i in ids[:40])
        if len(ids) > 40:
            text += f" … (insgesamt {zahl(len(ids))} Nummern)"
    elif parameter.get("handlungsfeld") or parameter.get("gebietskoerperschaft"):
        text = beschreibung(parameter)
    else:
        text = "Alle eingereichten Steckbriefe"
    text += "; ohne Entwürfe und zurückgezogene Steckbriefe"
    if parameter.get("mit_kommentaren"):
        text += "; mit den Kommentaren der Bewertenden"
    return text


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
            .prefetch_related("gebietskoerperschaften", "zieldimensionen")
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
                    "volumen_in_erarbeitung": sb.volumen_in_erarbeitung,
                    "foerdermittel": None if sb.foerdermittel is None else str(sb.foerdermittel),
                    "vorhabenart": sb.get_vorhabenart_display() if sb.vorhabenart else "",
                    "zieldimensionen": [str(z) for z in sb.zieldimensionen.all()],
                    # The Geschäftsstelle sees the Verfahren's status and decision; everybody
                    # else what the portal shows them (no decision before its notice).
                    "status": sb.get_status_display()
                    if mit_bewertung
                    else sb.sichtbarer_status_label,
                    "entscheidung": (sb.get_entscheidung_display() if sb.entscheidung else "")
                    if mit_bewertung
                    else sb.sichtbare_entscheidung,
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
OHNE_HF = "ohne Handlungsfeld"
OHNE_ANGABE = "ohne Angabe"


def _haeufigkeiten(werte_je_eintrag: list[list[str]], reihenfolge: list[str]) -> list[dict]:
    """[{"name", "anzahl"}] in `reihenfolge` (then the rest, then "ohne Angabe"), empty
    rows left out: how many Steckbriefe name each value (a Steckbrief naming two values
    counts at both)."""
    zaehler: dict[str, int] = defaultdict(int)
    for werte in werte_je_eintrag:
        for wert in werte or [OHNE_ANGABE]:
            zaehler[wert] += 1
    namen = [n for n in reihenfolge if zaehler.get(n)]
    namen += sorted(n for n in zaehler if n not in namen and n != OHNE_ANGABE)
    if zaehler.get(OHNE_ANGABE):
        namen.append(OHNE_ANGABE)
    return [{"name": n, "anzahl": zaehler[n]} for n in namen]


def statistik(plan: dict) -> dict:
    """Number of Steckbriefe and total volume per Handlungsfeld × Gebietskörperschaft, the
    breakdowns of the charts and the score distribution. A Steckbrief at several places
    counts at each of them; the row and column totals count every Steckbrief once. A
    missing volume is not 0 €: sums cover the Steckbriefe with a volume, and how many have
    none (or have it "in Erarbeitung") is counted apart."""
    hfs = [hf["code"] for hf in plan["handlungsfelder"]]
    gebiete = plan["gebiete"]
    eintraege = plan["eintraege"]
    anzahl = defaultdict(int)
    mit_volumen = defaultdict(int)
    volumen = defaultdict(Decimal)
    zeile_anzahl, zeile_volumen = defaultdict(int), defaultdict(Decimal)
    zeile_mit_volumen = defaultdict(int)
    spalte_anzahl, spalte_volumen = defaultdict(int), defaultdict(Decimal)
    spalte_mit_volumen = defaultdict(int)
    gesamt_volumen = Decimal(0)
    for e in eintraege:
        hf = e["handlungsfeld"] or "–"
        bekannt = bool(e["volumen"])
        v = Decimal(e["volumen"]) if bekannt else Decimal(0)
        zeile_anzahl[hf] += 1
        zeile_volumen[hf] += v
        zeile_mit_volumen[hf] += bekannt
        gesamt_volumen += v
        for g in e["gebiete"]:
            anzahl[(hf, g)] += 1
            volumen[(hf, g)] += v
            mit_volumen[(hf, g)] += bekannt
            spalte_anzahl[g] += 1
            spalte_volumen[g] += v
            spalte_mit_volumen[g] += bekannt
    if any(not e["handlungsfeld"] for e in eintraege):
        hfs.append("–")
    namen = {hf["code"]: hf["name"] for hf in plan["handlungsfelder"]}

    def zelle(n: int, bekannt: int, summe: Decimal) -> dict:
        # volumen None: no Steckbrief of the cell states one (shown as "offen", not 0 €).
        return {"anzahl": n, "volumen": summe if bekannt else None, "ohne": n - bekannt}

    zeilen = [
        {
            "code": hf,
            "name": namen.get(hf, OHNE_HF),
            "zellen": [
                zelle(anzahl[(hf, g)], mit_volumen[(hf, g)], volumen[(hf, g)]) for g in gebiete
            ],
            "gesamt": zelle(zeile_anzahl[hf], zeile_mit_volumen[hf], zeile_volumen[hf]),
            "anzahl": zeile_anzahl[hf],
        }
        for hf in hfs
    ]
    gesamt_mit_volumen = sum(1 for e in eintraege if e["volumen"])
    hf_namen = [f"{hf['code']} {hf['name']}" for hf in plan["handlungsfelder"]]

    def hf_name(e) -> str:
        return f"{e['handlungsfeld']} {namen[e['handlungsfeld']]}" if e["handlungsfeld"] else ""

    vorhandene_hfs = {e["handlungsfeld"] for e in eintraege}
    aufschluesselungen = []
    if len(vorhandene_hfs) > 1:
        aufschluesselungen.append(
            {
                "titel": "Steckbriefe je Handlungsfeld",
                "hinweis": "Jeder Steckbrief zählt einmal, bei seinem federführenden "
                "Handlungsfeld.",
                "zeilen": _haeufigkeiten(
                    [[hf_name(e)] if e["handlungsfeld"] else [] for e in eintraege], hf_namen
                ),
            }
        )
    else:
        aufschluesselungen.append(
            {
                "titel": "Steckbriefe je Zieldimension",
                "hinweis": "Ein Steckbrief, der mehrere Zieldimensionen anspricht, zählt bei "
                "jeder.",
                "zeilen": _haeufigkeiten([e.get("zieldimensionen", []) for e in eintraege], []),
            }
        )
    aufschluesselungen.append(
        {
            "titel": "Steckbriefe je Gebietskörperschaft",
            "hinweis": "Ein Vorhaben an mehreren Standorten zählt bei jedem Standort; die "
            "Summe der Balken kann daher größer sein als die Zahl der Steckbriefe.",
            "zeilen": _haeufigkeiten([e["gebiete"] for e in eintraege], gebiete),
        }
    )
    # By Vorhabenart: the portfolio's distribution further down the summary (all and
    # prioritised, with its table) shows it.
    volumen_zeilen = [
        {
            "name": f"{z['code']} {z['name']}" if z["code"] != "–" else OHNE_HF,
            "wert": z["gesamt"]["volumen"],
            "ohne": z["gesamt"]["ohne"],
        }
        for z in zeilen
        if z["anzahl"]
    ]
    verteilung = None
    if plan["mit_bewertung"]:
        klassen = [0] * 10
        ohne = 0
        for e in eintraege:
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
        "spalten": [
            zelle(spalte_anzahl[g], spalte_mit_volumen[g], spalte_volumen[g]) for g in gebiete
        ],
        "gesamt": zelle(len(eintraege), gesamt_mit_volumen, gesamt_volumen),
        "anzahl": len(eintraege),
        "volumen": gesamt_volumen,
        "ohne_volumen": len(eintraege) - gesamt_mit_volumen,
        "in_erarbeitung": sum(
            1 for e in eintraege if not e["volumen"] and e.get("volumen_in_erarbeitung")
        ),
        "aufschluesselungen": aufschluesselungen,
        "volumen_zeilen": volumen_zeilen,
        "verteilung": verteilung,
    }


def portfolio(user, parameter: dict, plan: dict):
    """The portfolio figures (portfolio.kennzahlen) of the dossier's own selection: heat map
    Zieldimensionen × Gebietskörperschaften, distributions and gaps. Scores and decisions
    only for readers of the Bewertung (the plan says). The selection is the rule's
    (regeln.auswahl, as the plan was made), not a list of ids, so that large dossiers need
    no query with thousands of parameters. In a Handlungsfeld's dossier the heat map and
    the gaps keep to its Zieldimensionen (plus others its Steckbriefe address)."""
    import dataclasses

    from portfolio.kennzahlen import berechnen

    p = berechnen(auswahl=auswahl(user, parameter), mit_bewertung=plan["mit_bewertung"])
    hf = parameter.get("handlungsfeld")
    if hf:
        p = dataclasses.replace(
            p,
            zeilen=[z for z in p.zeilen if z[0].handlungsfeld_id == hf or z[2].anzahl],
            luecken_zieldimensionen=[
                zd for zd in p.luecken_zieldimensionen if zd.handlungsfeld_id == hf
            ],
            luecken_teilziele=[
                tz for tz in p.luecken_teilziele if tz.zieldimension.handlungsfeld_id == hf
            ],
            luecken_kpis=[k for k in p.luecken_kpis if k.zieldimension.handlungsfeld_id == hf],
        )
    return p


def luecken(p) -> list[dict]:
    """The gaps per Zieldimension: [{"zieldimension", "ganz", "teilziele", "kpis"}] for every
    Zieldimension no Steckbrief addresses ("ganz") or with Teilziele or KPIs nobody
    addresses, in catalogue order."""
    ohne = {zd.pk for zd in p.luecken_zieldimensionen}
    teilziele: dict[int, list] = defaultdict(list)
    for tz in p.luecken_teilziele:
        teilziele[tz.zieldimension_id].append(tz.text)
    kpis: dict[int, list] = defaultdict(list)
    for k in p.luecken_kpis:
        kpis[k.zieldimension_id].append(k.name)
    zeilen = []
    for zd, _, _ in p.zeilen:
        if zd.pk in ohne or teilziele.get(zd.pk) or kpis.get(zd.pk):
            zeilen.append(
                {
                    "zieldimension": zd,
                    "ganz": zd.pk in ohne,
                    "teilziele": teilziele.get(zd.pk, []),
                    "kpis": kpis.get(zd.pk, []),
                }
            )
    return zeilen


def kurzname(gebiet: str) -> str:
    """ "Landkreis Zwickau" → "Zwickau", "Stadt Chemnitz" → "Chemnitz" (table headers)."""
    for praefix in ("Landkreis ", "Stadt ", "Kreisfreie Stadt "):
        if gebiet.startswith(praefix):
            return gebiet.removeprefix(praefix)
    return gebiet


def plan_zeitpunkt(plan: dict) -> datetime.datetime:
    return datetime.datetime.fromisoformat(plan["erstellt"])
