"""Rendering a dossier in bounded chunks on several workers, then merging it with correct
page numbers and table of contents.

Why chunks: WeasyPrint lays out a whole document in memory and slows down with length
(a 435-page table took 111 s and 1.38 GiB in one call). A dossier of N Steckbriefe is
therefore cut into chunks of DOSSIER_TEIL_GROESSE Steckbriefe (default 25); each chunk is one
Celery task and one WeasyPrint call, so a worker's memory is bounded by the chunk, not by N,
and chunks render in parallel on as many worker processes as there are.

Coordination through the database, not a chord: when a job starts (services.ausfuehren),
the plan — order, ranks and scores of the selection, frozen once — is stored on the
ExportJob and one DossierTeil row is created per chunk. Each chunk task renders its file,
then, under a row lock on the job, marks its row done; the task that finds all rows done
enqueues the merge. This needs no result backend (settings keep CELERY_RESULT_BACKEND=None,
which the filesystem broker of `make run` could not serve anyway), survives worker restarts
(rows, not in-memory chord state, say what is done) and is idempotent: a redelivered chunk
task re-renders into a temporary file and renames it over the same name; a second merge for
a finished job does nothing.

Page numbers and table of contents across chunks ("render chunks first, then the front
matter with known offsets, then stamp"):

1. Every chunk is rendered with an empty bottom-right margin box. From WeasyPrint's laid-out
   pages the task records its page count and the page on which each Steckbrief's section
   (HTML id ``sb-<pk>``) starts, relative to the chunk (DossierTeil.seiten/anfaenge).
2. The merge renders the front matter in bounded pieces: cover, table of contents (pieces of
   DOSSIER_INHALT_JE_TEIL lines), summary with SVG charts, ranking table (pieces likewise).
   Cover, summary and ranking do not contain page numbers. The contents' page column has
   a fixed width, so its layout does not depend on the numbers: a first layout with
   placeholders gives its length, which fixes the length F of the front matter and with it
   the absolute start page of every section (F + pages of the chunks before it + the
   section's page within its chunk). The contents are then rendered again with the real
   numbers (and re-laid out if their length should differ, at most three times).
3. For every piece except the cover, a small WeasyPrint document of the same page geometry
   contains only "Seite X von Y" in the bottom-right margin box (Y = total known now).
4. dossiers.pdfmerge streams all pieces into one file: it stamps each page with its overlay
   page (a Form XObject, marked as artifact), turns the contents' ``dossier:`` links into
   links to the section pages, adds bookmarks and merges the structure trees, so the result
   is a tagged PDF with the metadata of a PDF/UA-1 document. The merge holds one source at
   a time in memory.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import diagramme, inhalte, rendering
from .formate import datum, pdf_datum
from .pdfmerge import Gliederungspunkt, Metadaten, Quelle, StreamingPdfMerger

logger = logging.getLogger(__name__)

# Pages per page-number overlay (one WeasyPrint call each; bounded for memory).
STEMPEL_JE_DATEI = 600


def teil_groesse() -> int:
    return max(1, int(getattr(settings, "DOSSIER_TEIL_GROESSE", 25)))


def inhalt_je_teil() -> int:
    return max(10, int(getattr(settings, "DOSSIER_INHALT_JE_TEIL", 200)))


def teile_bilden(ids: list[int]) -> list[list[int]]:
    n = teil_groesse()
    return [ids[i : i + n] for i in range(0, len(ids), n)]


def meta(job, plan: dict | None = None) -> dict:
    """Document metadata shared by every piece of one dossier (and the Steckbrief PDF)."""
    erstellt = inhalte.plan_zeitpunkt(plan) if plan else (job.gestartet or timezone.now())
    autor = job.erstellt_von.get_full_name() or job.erstellt_von.email
    titel = f"Dossier: {job.beschreibung}" if job.art == "dossier" else job.beschreibung
    return {
        "titel": titel,
        "autor": autor,
        "thema": "Masterplan Region Chemnitz/Südwestsachsen – Projektsteckbriefe",
        "erstellt": erstellt,
        "erstellt_iso": erstellt.isoformat(timespec="seconds"),
        "fusszeile": f"Masterplan Region Chemnitz/Südwestsachsen · {titel} · {datum(erstellt)}",
    }


# --- one chunk -----------------------------------------------------------------------------
def teil_rendern(job, ids: list[int], ziel: Path) -> tuple[int, dict[str, int]]:
    """Render the sections of `ids` (in this order) into `ziel`; returns the page count and
    the first page (0-based, in this chunk) of every Steckbrief id."""
    plan = job.plan
    bewertung = {e["id"]: e.get("bewertung") for e in plan["eintraege"]}
    kommentare = inhalte.kommentare(ids) if plan.get("mit_kommentaren") else {}
    eintraege = []
    for sb in inhalte.mit_details(ids):
        eintrag = inhalte.darstellung(sb)
        eintrag["bewertung"] = bewertung.get(sb.pk) if plan["mit_bewertung"] else None
        eintrag["kommentare"] = kommentare.get(sb.pk, [])
        eintraege.append(eintrag)
    text = rendering.html(
        "dossiers/pdf/teil.html",
        {
            "meta": meta(job, plan),
            "eintraege": eintraege,
            "kriterien": plan["kriterien"],
            "mit_kommentaren": plan.get("mit_kommentaren", False),
        },
    )
    dokument = rendering.layout(text)
    anfaenge = {
        anker.removeprefix("sb-"): seite
        for anker, seite in rendering.anker_seiten(dokument, "sb-").items()
    }
    seiten = rendering.pdf_schreiben(dokument, ziel)
    return seiten, anfaenge


# --- the Steckbrief PDF (one document, one call) ----------------------------------------------
def steckbrief_pdf(job, sb_id: int, ziel: Path) -> int:
    gefunden = inhalte.mit_details([sb_id])
    if not gefunden:
        raise inhalte.AuswahlFehler("Der Steckbrief ist nicht mehr vorhanden.")
    sb = gefunden[0]
    text = rendering.html(
        "dossiers/pdf/steckbrief.html",
        {"meta": meta(job), "eintrag": inhalte.darstellung(sb)},
    )
    return rendering.pdf_schreiben(rendering.layout(text), ziel)


# --- front matter and merge ------------------------------------------------------------------
def _stueckweise(liste: list, groesse: int) -> list[list]:
    return [liste[i : i + groesse] for i in range(0, len(liste), groesse)] or [[]]


def zusammenfuehren(job, teile, arbeitsordner: Path, ziel: Path, fortschritt=None) -> int:
    """Front matter, overlays and merge (see the module docstring). `teile` are the done
    DossierTeil rows in order. Returns the page count of the dossier."""
    uhr = [time.perf_counter()]
    # Position of every section, relative to the start of the body.
    im_koerper: dict[int, int] = {}
    versatz = 0
    for teil in teile:
        for sb_id, seite in teil.anfaenge.items():
            im_koerper[int(sb_id)] = versatz + seite
        versatz += teil.seiten
    koerper_seiten = versatz
    # A Steckbrief deleted after the plan was made has no section: leave it out everywhere.
    plan = {**job.plan, "eintraege": [e for e in job.plan["eintraege"] if e["id"] in im_koerper]}
    m = meta(job, plan)
    statistik = inhalte.statistik(plan)
    basis = {"meta": m, "plan": plan, "statistik": statistik, "stand": m["erstellt"]}
    eintraege = plan["eintraege"]

    # Pieces without page numbers: summary and ranking.
    zusammenfassung = arbeitsordner / "zusammenfassung.pdf"
    s_seiten = rendering.pdf_schreiben(
        rendering.layout(
            rendering.html(
                "dossiers/pdf/zusammenfassung.html",
                {
                    **basis,
                    "diagramm_anzahl": diagramme.anzahl_balken(statistik),
                    "diagramm_volumen": diagramme.volumen_balken(statistik),
                    "diagramm_verteilung": diagramme.verteilung(statistik)
                    if statistik["verteilung"]
                    else "",
                },
            )
        ),
        zusammenfassung,
    )
    ranglisten: list[tuple[Path, int]] = []
    for i, stueck in enumerate(_stueckweise(eintraege, inhalt_je_teil())):
        pfad = arbeitsordner / f"rangliste-{i:03d}.pdf"
        seiten = rendering.pdf_schreiben(
            rendering.layout(
                rendering.html(
                    "dossiers/pdf/rangliste.html", {**basis, "eintraege": stueck, "erster": i == 0}
                )
            ),
            pfad,
        )
        ranglisten.append((pfad, seiten))
    r_seiten = sum(s for _, s in ranglisten)
    if fortschritt:
        fortschritt(93)

    # Table of contents: lay out with placeholders, then with the real numbers.
    titel_rangliste = "Rangliste" if plan["mit_bewertung"] else "Übersicht der Steckbriefe"

    def inhalt_zeilen(vorne: int, inhalt_seiten: int) -> list[dict]:
        start_zusammenfassung = vorne + inhalt_seiten  # 0-based page index
        start_rangliste = start_zusammenfassung + s_seiten
        start_koerper = start_rangliste + r_seiten
        zeilen = [
            {
                "titel": "Zusammenfassung",
                "anker": "zusammenfassung",
                "index": start_zusammenfassung,
            },
            {"titel": titel_rangliste, "anker": "rangliste", "index": start_rangliste},
        ]
        for e in eintraege:
            b = e.get("bewertung") or {}
            zeilen.append(
                {
                    "titel": e["titel"],
                    "organisation": e["organisation"],
                    "rang": b.get("rang"),
                    "anker": f"sb-{e['id']}",
                    "index": start_koerper + im_koerper[e["id"]],
                }
            )
        for z in zeilen:
            z["seite"] = z["index"] + 1
        return zeilen

    def inhalt_rendern(zeilen: list[dict], schreiben: bool) -> list[tuple[Path, int]]:
        """Lay out (and with `schreiben` write) the contents piece by piece; one piece in
        memory at a time."""
        stuecke = []
        for i, stueck in enumerate(_stueckweise(zeilen, inhalt_je_teil())):
            if not schreiben:
                stueck = [{**z, "seite": "0" * len(str(z["seite"]))} for z in stueck]
            dok = rendering.layout(
                rendering.html(
                    "dossiers/pdf/inhalt.html", {**basis, "zeilen": stueck, "erster": i == 0}
                )
            )
            pfad = arbeitsordner / f"inhalt-{i:03d}.pdf"
            if schreiben:
                rendering.pdf_schreiben(dok, pfad)
            stuecke.append((pfad, len(dok.pages)))
        return stuecke

    deckblatt_seiten = 1
    inhalt_seiten = sum(n for _, n in inhalt_rendern(inhalt_zeilen(1, 0), schreiben=False))
    for _ in range(3):
        zeilen = inhalt_zeilen(deckblatt_seiten, inhalt_seiten)
        inhalt_stuecke = inhalt_rendern(zeilen, schreiben=True)
        neu = sum(n for _, n in inhalt_stuecke)
        if neu == inhalt_seiten:
            break
        inhalt_seiten = neu
    else:  # pragma: no cover - would need a layout that oscillates
        raise RuntimeError("Das Inhaltsverzeichnis ändert bei jeder Seitenzahl seine Länge.")
    gesamt = deckblatt_seiten + inhalt_seiten + s_seiten + r_seiten + koerper_seiten

    deckblatt = arbeitsordner / "deckblatt.pdf"
    d_dok = rendering.layout(
        rendering.html(
            "dossiers/pdf/deckblatt.html",
            {**basis, "beschreibung": job.beschreibung, "gesamtseiten": gesamt},
        )
    )
    if len(d_dok.pages) != deckblatt_seiten:
        raise RuntimeError("Das Deckblatt muss genau eine Seite lang sein.")
    rendering.pdf_schreiben(d_dok, deckblatt)
    del d_dok
    if fortschritt:
        fortschritt(95)
    uhr.append(time.perf_counter())

    # Sources in page order, each (except the cover) with its page-number overlay. The
    # overlays are rendered in batches of at most STEMPEL_JE_DATEI pages.
    quellen = [Quelle(deckblatt)]
    seitenzahlen = [deckblatt_seiten]
    stuecke = [*inhalt_stuecke, (zusammenfassung, s_seiten), *ranglisten]
    stuecke += [(arbeitsordner / t.dateiname, t.seiten) for t in teile]
    naechste = deckblatt_seiten
    stapel: list[tuple[Path, int]] = []
    stapel_seiten = 0
    stapel_nummer = 0

    def stapel_rendern():
        nonlocal stapel, stapel_seiten, stapel_nummer
        if not stapel:
            return
        stempel = arbeitsordner / f"stempel-{stapel_nummer:04d}.pdf"
        erste = naechste - stapel_seiten + 1
        rendering.seitenzahlen(stempel, erste, stapel_seiten, gesamt)
        ab = 0
        for pfad, anzahl in stapel:
            quellen.append(Quelle(pfad, stempel, ab))
            seitenzahlen.append(anzahl)
            ab += anzahl
        stapel, stapel_seiten, stapel_nummer = [], 0, stapel_nummer + 1

    for pfad, anzahl in stuecke:
        if stapel and stapel_seiten + anzahl > STEMPEL_JE_DATEI:
            stapel_rendern()
        stapel.append((pfad, anzahl))
        stapel_seiten += anzahl
        naechste += anzahl
    stapel_rendern()
    uhr.append(time.perf_counter())
    if naechste != gesamt:
        raise RuntimeError(f"Seitenzählung uneinheitlich: {naechste} statt {gesamt}.")

    link_ziele = {z["anker"]: z["index"] for z in zeilen}
    gliederung = [
        Gliederungspunkt("Deckblatt", 0),
        Gliederungspunkt("Inhalt", deckblatt_seiten),
        Gliederungspunkt("Zusammenfassung", link_ziele["zusammenfassung"]),
        Gliederungspunkt(titel_rangliste, link_ziele["rangliste"]),
    ]
    if eintraege:
        gliederung.append(Gliederungspunkt("Steckbriefe", link_ziele[f"sb-{eintraege[0]['id']}"]))
        for z in zeilen[2:]:
            praefix = f"{z['rang']}. " if z.get("rang") else ""
            gliederung.append(Gliederungspunkt(praefix + z["titel"], z["index"], 1))
    metadaten = Metadaten(
        titel=m["titel"], autor=m["autor"], erstellt=pdf_datum(m["erstellt"]), thema=m["thema"]
    )
    with rendering.atomar(ziel) as temp, open(temp, "wb") as datei:
        StreamingPdfMerger(
            datei,
            quellen,
            seitenzahlen,
            metadaten=metadaten,
            link_ziele=link_ziele,
            gliederung=gliederung,
        ).schreiben()
    uhr.append(time.perf_counter())
    logger.info(
        "Dossier %s: %s Seiten; Vorspann %.1f s, Seitenzahlen %.1f s, Zusammenführen %.1f s",
        job.pk,
        gesamt,
        *(b - a for a, b in zip(uhr, uhr[1:], strict=False)),
    )
    return gesamt
