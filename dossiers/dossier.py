"""Rendering a dossier in bounded chunks on several workers, then merging it with correct
page numbers and table of contents.

Why chunks: WeasyPrint lays out a whole document in memory and slows down with length
(a 435-page table took 111 s and 1.38 GiB in one call). A dossier of N Steckbriefe is
therefore cut into chunks of DOSSIER_TEIL_GROESSE Steckbriefe (default 25); each chunk is one
Celery task and one WeasyPrint call, so a worker's memory is bounded by the chunk, not by N,
and chunks render in parallel on as many worker processes as there are.

Coordination through the database, not a chord: when a job starts (schritte.ausfuehren),
the plan — order, ranks and scores of the selection, frozen once — is stored on the
ExportJob and one DossierTeil row is created per chunk. Each chunk task renders its file,
then, under a row lock on the job, marks its row done; the task that finds all rows done
enqueues the merge. This needs no result backend (settings keep CELERY_RESULT_BACKEND=None,
which the filesystem broker of `make run` could not serve anyway), survives worker restarts
(rows, not in-memory chord state, say what is done) and is idempotent: a redelivered chunk
task re-renders into a temporary file and renames it over the same name; a second merge for
a finished job does nothing.

Page numbers and table of contents across chunks ("render the pieces first, then the
contents with the known offsets, then stamp"):

1. Every chunk is rendered with an empty bottom-right margin box. From WeasyPrint's laid-out
   pages the task records its page count and the page on which each Steckbrief's section
   (HTML id ``sb-<pk>``) starts, relative to the chunk (DossierTeil.seiten/anfaenge).
2. The parts of the front matter that contain no page numbers are pieces of their own,
   rendered by tasks in parallel with the chunks: the summary with its SVG charts, the
   ranking table in slices of DOSSIER_INHALT_JE_TEIL rows, and a layout probe of every slice
   of the table of contents with placeholder numbers (its page column has a fixed width, so
   the layout does not depend on the numbers). When all pieces are done, the length F of
   the front matter (cover, contents, summary, ranking) is known and with it the absolute
   start page of every section: F + pages of the chunks before it + the section's page
   within its chunk. The merge task renders the contents with these numbers (and again, at
   most three times, should their length differ after all) and the cover, which states the
   total page count.
3. The merge (dossiers.pdfmerge) streams all pieces into one file and writes "Seite X von Y"
   (Y = total, known now) onto every page but the cover, as text in the DejaVu font that a
   one-page WeasyPrint sheet with the dossier's page geometry provides. It turns the
   contents' ``dossier:`` links into links to the section pages, adds bookmarks and merges
   the structure trees, so the result is a tagged PDF with the metadata of a PDF/UA-1
   document. The merge holds one piece at a time in memory.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import diagramme, inhalte, rendering
from .formate import datum, pdf_datum
from .models import DossierTeil
from .pdfmerge import Gliederungspunkt, Metadaten, Quelle, StreamingPdfMerger
from .regeln import AuswahlFehler

logger = logging.getLogger(__name__)
Art = DossierTeil.Art
# The contents' page column is fixed-width: placeholders of this width lay out like numbers.
PLATZHALTER = "00000"


def teil_groesse() -> int:
    return max(1, settings.DOSSIER_TEIL_GROESSE)


def inhalt_je_teil() -> int:
    return max(10, settings.DOSSIER_INHALT_JE_TEIL)


def _stueckweise(liste: list, groesse: int) -> list[list]:
    return [liste[i : i + groesse] for i in range(0, len(liste), groesse)] or [[]]


def teile_planen(ids: list[int]) -> list[dict]:
    """The pieces of a dossier of `ids` (plan order), each rendered by one task: the chunks
    of Steckbriefe, then the summary, the slices of the ranking and the layout probes of the
    slices of the contents."""
    teile = [
        {"art": Art.STECKBRIEFE, "stueck": i, "steckbrief_ids": chunk}
        for i, chunk in enumerate(_stueckweise(ids, teil_groesse()))
    ]
    teile.append({"art": Art.ZUSAMMENFASSUNG, "stueck": 0, "steckbrief_ids": []})
    teile += [
        {"art": Art.RANGLISTE, "stueck": i, "steckbrief_ids": stueck}
        for i, stueck in enumerate(_stueckweise(ids, inhalt_je_teil()))
    ]
    zeilen = len(ids) + 2  # plus the lines for summary and ranking
    teile += [
        {"art": Art.INHALT, "stueck": i, "steckbrief_ids": []}
        for i in range(len(_stueckweise(list(range(zeilen)), inhalt_je_teil())))
    ]
    return teile


# Characters of a title in the footer (two lines of the footer's box with the rest).
FUSS_TITEL = 70


def kuerzen(text: str, laenge: int) -> str:
    return text if len(text) <= laenge else text[: laenge - 1].rstrip() + "…"


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
        # Local time, as in the /Info dates (PDF/A: XMP and /Info must agree).
        "erstellt_iso": timezone.localtime(erstellt).isoformat(timespec="seconds"),
        # At most two lines in the footer's box (seite.css): long titles are shortened.
        "fusszeile": f"Masterplan Region Chemnitz/Südwestsachsen · {kuerzen(titel, FUSS_TITEL)}"
        f" · {datum(erstellt)}",
    }


def _basis(job, plan: dict) -> dict:
    m = meta(job, plan)
    return {
        "meta": m,
        "plan": plan,
        "statistik": inhalte.statistik(plan),
        "stand": m["erstellt"],
        "auswahl": inhalte.auswahl_text(job.parameter),
        # Every page of a dossier with reviewers' comments says so (basis.html).
        "vertraulich": bool(plan.get("mit_kommentaren")),
    }


def titel_rangliste(plan: dict) -> str:
    return "Rangliste" if plan["mit_bewertung"] else "Übersicht der Steckbriefe"


def inhalt_zeilen(plan: dict, seiten: dict[str, int] | None) -> list[dict]:
    """Lines of the contents. `seiten`: anchor → 0-based page index; None for the layout
    probe (placeholders)."""
    zeilen = [
        {"titel": "Zusammenfassung", "anker": "zusammenfassung"},
        {"titel": titel_rangliste(plan), "anker": "rangliste"},
    ]
    for e in plan["eintraege"]:
        zeilen.append(
            {
                "titel": e["titel"],
                "organisation": e["organisation"],
                "rang": (e.get("bewertung") or {}).get("rang"),
                "anker": f"sb-{e['id']}",
            }
        )
    for z in zeilen:
        z["index"] = seiten[z["anker"]] if seiten else None
        z["seite"] = z["index"] + 1 if seiten else PLATZHALTER
    return zeilen


def _inhalt_stueck(basis: dict, zeilen: list[dict], stueck: int):
    stuecke = _stueckweise(zeilen, inhalt_je_teil())
    return rendering.layout(
        rendering.html(
            "dossiers/pdf/inhalt.html",
            {**basis, "zeilen": stuecke[stueck], "erster": stueck == 0},
        ),
        archiv=True,
    )


# --- one piece (a task) --------------------------------------------------------------------
def teil_rendern(job, teil: DossierTeil, ziel: Path) -> tuple[int, dict[str, int]]:
    """Render one piece into `ziel` (the contents probe only lays out); returns the page
    count and, for chunks, the first page (0-based, in the chunk) of every Steckbrief."""
    plan = job.plan
    if teil.art == Art.STECKBRIEFE:
        return _steckbriefe_rendern(job, plan, teil.steckbrief_ids, ziel)
    basis = _basis(job, plan)
    if teil.art == Art.ZUSAMMENFASSUNG:
        statistik = basis["statistik"]
        text = rendering.html(
            "dossiers/pdf/zusammenfassung.html",
            {
                **basis,
                "diagramme": diagramme.aufschluesselungen(statistik),
                "diagramm_volumen": diagramme.volumen_balken(statistik),
                "diagramm_verteilung": diagramme.verteilung(statistik)
                if statistik["verteilung"]
                else "",
            },
        )
        return rendering.pdf_schreiben(rendering.layout(text, archiv=True), ziel, archiv=True), {}
    if teil.art == Art.RANGLISTE:
        ids = set(teil.steckbrief_ids)
        text = rendering.html(
            "dossiers/pdf/rangliste.html",
            {
                **basis,
                "eintraege": [e for e in plan["eintraege"] if e["id"] in ids],
                "erster": teil.stueck == 0,
            },
        )
        return rendering.pdf_schreiben(rendering.layout(text, archiv=True), ziel, archiv=True), {}
    # Art.INHALT: only the length of this slice of the contents, with placeholders.
    return len(_inhalt_stueck(basis, inhalt_zeilen(plan, None), teil.stueck).pages), {}


def _steckbriefe_rendern(job, plan: dict, ids: list[int], ziel: Path):
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
            "vertraulich": bool(plan.get("mit_kommentaren")),
            "mit_bewertung": plan["mit_bewertung"],
        },
    )
    dokument = rendering.layout(text, archiv=True)
    anfaenge = {
        anker.removeprefix("sb-"): seite
        for anker, seite in rendering.anker_seiten(dokument, "sb-").items()
    }
    seiten = rendering.pdf_schreiben(dokument, ziel, archiv=True)
    return seiten, anfaenge


# --- the Steckbrief PDF (one document, one call) ----------------------------------------------
def steckbrief_pdf(job, sb_id: int, ziel: Path) -> int:
    gefunden = inhalte.mit_details([sb_id])
    if not gefunden:
        raise AuswahlFehler("Der Steckbrief ist nicht mehr vorhanden.")
    text = rendering.html(
        "dossiers/pdf/steckbrief.html",
        {"meta": meta(job), "eintrag": inhalte.darstellung(gefunden[0])},
    )
    return rendering.pdf_schreiben(rendering.layout(text), ziel)


# --- contents, cover and merge -----------------------------------------------------------------
def zusammenfuehren(job, teile, arbeitsordner: Path, ziel: Path, fortschritt=None) -> int:
    """Contents with the real page numbers, cover, page numbers and merge (see the module
    docstring). `teile` are the done DossierTeil rows. Returns the page count."""
    uhr = [time.perf_counter()]
    nach_art: dict[str, list] = {art: [] for art in Art.values}
    for teil in sorted(teile, key=lambda t: t.stueck):
        nach_art[teil.art].append(teil)
    koerper = nach_art[Art.STECKBRIEFE]
    [zusammenfassung] = nach_art[Art.ZUSAMMENFASSUNG]
    ranglisten = nach_art[Art.RANGLISTE]

    # Position of every section, relative to the start of the body.
    im_koerper: dict[int, int] = {}
    versatz = 0
    for teil in koerper:
        for sb_id, seite in teil.anfaenge.items():
            im_koerper[int(sb_id)] = versatz + seite
        versatz += teil.seiten
    # A Steckbrief deleted after the plan was made has no section: not in the contents.
    plan = {**job.plan, "eintraege": [e for e in job.plan["eintraege"] if e["id"] in im_koerper]}
    basis = _basis(job, plan)
    m = basis["meta"]
    deckblatt_seiten = 1
    vorne = deckblatt_seiten + zusammenfassung.seiten + sum(t.seiten for t in ranglisten)

    def seiten(inhalt_seiten: int) -> dict[str, int]:
        start = deckblatt_seiten + inhalt_seiten
        anker = {"zusammenfassung": start, "rangliste": start + zusammenfassung.seiten}
        koerper_start = vorne + inhalt_seiten
        anker.update({f"sb-{i}": koerper_start + s for i, s in im_koerper.items()})
        return anker

    # The probes gave the contents' length; render them with the real numbers (again, if
    # the length should differ after all).
    inhalt_seiten = sum(t.seiten for t in nach_art[Art.INHALT])
    for _ in range(3):
        zeilen = inhalt_zeilen(plan, seiten(inhalt_seiten))
        inhalt_stuecke = []
        for i in range(len(_stueckweise(zeilen, inhalt_je_teil()))):
            pfad = arbeitsordner / f"inhalt-final-{i:04d}.pdf"
            inhalt_stuecke.append(
                (pfad, rendering.pdf_schreiben(_inhalt_stueck(basis, zeilen, i), pfad, archiv=True))
            )
        neu = sum(n for _, n in inhalt_stuecke)
        if neu == inhalt_seiten:
            break
        inhalt_seiten = neu
    else:  # pragma: no cover - would need a layout that oscillates
        raise RuntimeError("Das Inhaltsverzeichnis ändert bei jeder Seitenzahl seine Länge.")
    gesamt = vorne + inhalt_seiten + versatz

    deckblatt = arbeitsordner / "deckblatt.pdf"
    d_dok = rendering.layout(
        rendering.html(
            "dossiers/pdf/deckblatt.html",
            {**basis, "beschreibung": job.beschreibung, "gesamtseiten": gesamt},
        ),
        archiv=True,
    )
    if len(d_dok.pages) != deckblatt_seiten:
        raise RuntimeError("Das Deckblatt muss genau eine Seite lang sein.")
    rendering.pdf_schreiben(d_dok, deckblatt, archiv=True)
    del d_dok
    vorlage = arbeitsordner / "seitenzahlen.pdf"
    rendering.seitenzahl_vorlage(vorlage)
    if fortschritt:
        fortschritt(95)
    uhr.append(time.perf_counter())

    # Sources in page order; every page but the cover gets "Seite X von Y".
    stuecke = [*inhalt_stuecke, (arbeitsordner / zusammenfassung.dateiname, zusammenfassung.seiten)]
    stuecke += [(arbeitsordner / t.dateiname, t.seiten) for t in ranglisten]
    stuecke += [(arbeitsordner / t.dateiname, t.seiten) for t in koerper]
    quellen = [Quelle(deckblatt, nummeriert=False)] + [Quelle(pfad) for pfad, _ in stuecke]
    seitenzahlen = [deckblatt_seiten] + [anzahl for _, anzahl in stuecke]
    if sum(seitenzahlen) != gesamt:
        raise RuntimeError(f"Seitenzählung uneinheitlich: {sum(seitenzahlen)} statt {gesamt}.")

    link_ziele = {z["anker"]: z["index"] for z in zeilen}
    titel = titel_rangliste(plan)
    gliederung = [
        Gliederungspunkt("Deckblatt", 0),
        Gliederungspunkt("Inhalt", deckblatt_seiten),
        Gliederungspunkt("Zusammenfassung", link_ziele["zusammenfassung"]),
        Gliederungspunkt(titel, link_ziele["rangliste"]),
    ]
    if plan["eintraege"]:
        gliederung.append(Gliederungspunkt("Steckbriefe", zeilen[2]["index"]))
        for z in zeilen[2:]:
            praefix = f"{z['rang']}. " if z.get("rang") else ""
            gliederung.append(Gliederungspunkt(praefix + z["titel"], z["index"], 1))
    metadaten = Metadaten(
        titel=m["titel"],
        autor=m["autor"],
        erstellt=pdf_datum(m["erstellt"]),
        thema=m["thema"],
        erstellt_iso=m["erstellt_iso"],
        archiv=True,
    )
    with rendering.atomar(ziel) as temp, open(temp, "wb") as datei:
        StreamingPdfMerger(
            datei,
            quellen,
            seitenzahlen,
            metadaten=metadaten,
            link_ziele=link_ziele,
            gliederung=gliederung,
            seitenzahl_vorlage=vorlage,
        ).schreiben()
    uhr.append(time.perf_counter())
    logger.info(
        "Dossier %s: %s Seiten; Inhaltsverzeichnis und Deckblatt %.1f s, Zusammenführen %.1f s",
        job.pk,
        gesamt,
        uhr[1] - uhr[0],
        uhr[2] - uhr[1],
    )
    return gesamt
