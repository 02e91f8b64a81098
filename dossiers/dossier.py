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
2. The front matter is rendered by tasks in parallel with the chunks: the summary with its
   SVG charts (no page numbers, rendered once), and layout probes with placeholder numbers
   of every slice (DOSSIER_INHALT_JE_TEIL rows) of the table of contents and of the ranking,
   whose "Seite" column says where each Steckbrief starts (both page columns have a fixed
   width, so the layout does not depend on the numbers). When these first pieces are done,
   the length F of the front matter (cover, contents, summary, ranking) is known and with
   it the absolute start page of every section: F + pages of the chunks before it + the
   section's page within its chunk (`Seitenlage`). The task that completes the last of them
   enqueues the final slices of the contents and the ranking (DossierTeil rows planned with
   the others), which render with these numbers in parallel. The merge task renders the
   cover, which states the total page count; only should a final length differ from its
   probe after all (e.g. a Steckbrief deleted since the plan) does it render contents and
   ranking again itself (at most three times).
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

from . import diagramme, ideen, inhalte, rendering
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
    inhalt_stuecke = range(len(_stueckweise(list(range(zeilen)), inhalt_je_teil())))
    teile += [{"art": Art.INHALT, "stueck": i, "steckbrief_ids": []} for i in inhalt_stuecke]
    # Rendered once the others are done (the page numbers known): schritte, FINALE_TEILE.
    teile += [
        {"art": Art.RANGLISTE_FINAL, "stueck": i, "steckbrief_ids": []}
        for i in range(len(_stueckweise(ids, inhalt_je_teil())))
    ]
    teile += [{"art": Art.INHALT_FINAL, "stueck": i, "steckbrief_ids": []} for i in inhalt_stuecke]
    return teile


# Characters of a title in the footer (two lines of the footer's box with the rest).
FUSS_TITEL = 70


def kuerzen(text: str, laenge: int) -> str:
    return text if len(text) <= laenge else text[: laenge - 1].rstrip() + "…"


def meta(job, plan: dict | None = None) -> dict:
    """Document metadata shared by every piece of one dossier (and the Steckbrief PDF)."""
    erstellt = inhalte.plan_zeitpunkt(plan) if plan else (job.gestartet or timezone.now())
    autor = job.erstellt_von.get_full_name() or job.erstellt_von.email
    titel = (
        f"Dossier: {job.beschreibung}"
        if job.art in ("dossier", "ideen_dossier")
        else job.beschreibung
    )
    thema = "Ideenwettbewerb" if ideen.ist_ideen_plan(plan) else "Projektsteckbriefe"
    return {
        "titel": titel,
        "autor": autor,
        "thema": f"Masterplan Region Chemnitz/Südwestsachsen – {thema}",
        "erstellt": erstellt,
        # Local time, as in the /Info dates (PDF/A: XMP and /Info must agree).
        "erstellt_iso": timezone.localtime(erstellt).isoformat(timespec="seconds"),
        # At most two lines in the footer's box (seite.css): long titles are shortened.
        "fusszeile": f"Masterplan Region Chemnitz/Südwestsachsen · {kuerzen(titel, FUSS_TITEL)}"
        f" · {datum(erstellt)}",
    }


def _basis(job, plan: dict) -> dict:
    m = meta(job, plan)
    if ideen.ist_ideen_plan(plan):
        return {
            "meta": m,
            "plan": plan,
            "statistik": ideen.statistik(plan),
            "stand": m["erstellt"],
            "auswahl": ideen.auswahl_text(plan["aufruf"]["name"]),
            # The jury's results: every page says "Vertraulich" (basis.html).
            "vertraulich": True,
        }
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
    if ideen.ist_ideen_plan(plan):
        return "Jury-Rangliste"
    return "Rangliste" if plan["mit_bewertung"] else "Übersicht der Steckbriefe"


def _vorlage(plan: dict, name: str) -> str:
    """The template of a part: the Steckbrief dossier's, or the ideas' (ideen_<name>)."""
    return f"dossiers/pdf/{'ideen_' if ideen.ist_ideen_plan(plan) else ''}{name}.html"


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


def _rangliste_stueck(basis: dict, eintraege: list[dict], seiten: dict[str, int] | None, erster):
    """One slice of the ranking laid out; its page column shows where each Steckbrief's
    section starts (`seiten`: anchor → 0-based page index; None: placeholders of the same
    width, for the layout probe)."""
    zeilen = [
        {**e, "seite": seiten[f"sb-{e['id']}"] + 1 if seiten else PLATZHALTER} for e in eintraege
    ]
    return rendering.layout(
        rendering.html(
            _vorlage(basis["plan"], "rangliste"), {**basis, "eintraege": zeilen, "erster": erster}
        ),
        archiv=True,
    )


# --- one piece (a task) --------------------------------------------------------------------
def teil_rendern(job, teil: DossierTeil, ziel: Path) -> tuple[int, dict[str, int]]:
    """Render one piece into `ziel` (the contents probe only lays out); returns the page
    count and, for chunks, the first page (0-based, in the chunk) of every Steckbrief."""
    plan = job.plan
    if teil.art == Art.STECKBRIEFE:
        if ideen.ist_ideen_plan(plan):
            return _ideen_rendern(job, plan, teil.steckbrief_ids, ziel)
        return _steckbriefe_rendern(job, plan, teil.steckbrief_ids, ziel)
    basis = _basis(job, plan)
    if teil.art == Art.ZUSAMMENFASSUNG and ideen.ist_ideen_plan(plan):
        text = rendering.html(
            "dossiers/pdf/ideen_zusammenfassung.html",
            {**basis, "diagramme": diagramme.ideen_aufschluesselungen(basis["statistik"])},
        )
        return rendering.pdf_schreiben(rendering.layout(text, archiv=True), ziel, archiv=True), {}
    if teil.art == Art.ZUSAMMENFASSUNG:
        statistik = basis["statistik"]
        p = inhalte.portfolio(job.erstellt_von, job.parameter, plan)
        text = rendering.html(
            "dossiers/pdf/zusammenfassung.html",
            {
                **basis,
                "diagramme": diagramme.aufschluesselungen(statistik),
                "diagramm_volumen": diagramme.volumen_balken(statistik),
                "diagramm_verteilung": diagramme.verteilung(statistik)
                if statistik["verteilung"]
                else "",
                **diagramme.portfolio_diagramme(p, plan["mit_bewertung"]),
                "portfolio": p,
                "portfolio_luecken": inhalte.luecken(p),
                "auswahl_hf": bool(job.parameter.get("handlungsfeld")),
            },
        )
        return rendering.pdf_schreiben(rendering.layout(text, archiv=True), ziel, archiv=True), {}
    if teil.art in (Art.RANGLISTE_FINAL, Art.INHALT_FINAL):
        return _final_rendern(job, teil, ziel), {}
    if teil.art == Art.RANGLISTE:
        # Only the length of this slice of the ranking, with placeholder page numbers.
        ids = set(teil.steckbrief_ids)
        eintraege = [e for e in plan["eintraege"] if e["id"] in ids]
        return len(_rangliste_stueck(basis, eintraege, None, teil.stueck == 0).pages), {}
    # Art.INHALT: only the length of this slice of the contents, with placeholders.
    return len(_inhalt_stueck(basis, inhalt_zeilen(plan, None), teil.stueck).pages), {}


class Seitenlage:
    """Where everything goes, from the done first pieces of a run (`teile`): the plan
    without Steckbriefe deleted since it was made (they have no section), the start of every
    Steckbrief's section in the body, and the lengths of contents and ranking by the
    probes."""

    DECKBLATT = 1  # pages of the cover

    def __init__(self, job, teile):
        self.nach_art: dict[str, list] = {art: [] for art in Art.values}
        for teil in sorted(teile, key=lambda t: t.stueck):
            self.nach_art[teil.art].append(teil)
        self.koerper = self.nach_art[Art.STECKBRIEFE]
        [self.zusammenfassung] = self.nach_art[Art.ZUSAMMENFASSUNG]
        # Position of every section, relative to the start of the body.
        self.im_koerper: dict[int, int] = {}
        self.koerper_seiten = 0
        for teil in self.koerper:
            for sb_id, seite in teil.anfaenge.items():
                self.im_koerper[int(sb_id)] = self.koerper_seiten + seite
            self.koerper_seiten += teil.seiten
        self.plan = {
            **job.plan,
            "eintraege": [e for e in job.plan["eintraege"] if e["id"] in self.im_koerper],
        }
        self.basis = _basis(job, self.plan)
        self.inhalt_seiten = sum(t.seiten for t in self.nach_art[Art.INHALT])
        self.rang_seiten = sum(t.seiten for t in self.nach_art[Art.RANGLISTE])

    def anker(self, inhalt_seiten: int, rang_seiten: int) -> dict[str, int]:
        """anchor → 0-based page in the dossier, for contents and ranking of these lengths."""
        start = self.DECKBLATT + inhalt_seiten
        anker = {"zusammenfassung": start, "rangliste": start + self.zusammenfassung.seiten}
        koerper_start = anker["rangliste"] + rang_seiten
        anker.update({f"sb-{i}": koerper_start + s for i, s in self.im_koerper.items()})
        return anker


def _final_rendern(job, teil: DossierTeil, ziel: Path) -> int:
    """A final slice of the ranking or the contents with the page numbers that the probes'
    lengths give (all first pieces of the run are done). A slice beyond the end (Steckbriefe
    deleted since the plan) has no pages and no file."""
    andere = DossierTeil.objects.filter(job=job, lauf=teil.lauf).exclude(
        art__in=(Art.RANGLISTE_FINAL, Art.INHALT_FINAL)
    )
    lage = Seitenlage(job, andere)
    anker = lage.anker(lage.inhalt_seiten, lage.rang_seiten)
    if teil.art == Art.INHALT_FINAL:
        zeilen = inhalt_zeilen(lage.plan, anker)
        if teil.stueck >= len(_stueckweise(zeilen, inhalt_je_teil())):
            return 0
        dokument = _inhalt_stueck(lage.basis, zeilen, teil.stueck)
    else:
        stuecke = _stueckweise(lage.plan["eintraege"], inhalt_je_teil())
        if teil.stueck >= len(stuecke):
            return 0
        dokument = _rangliste_stueck(lage.basis, stuecke[teil.stueck], anker, teil.stueck == 0)
    return rendering.pdf_schreiben(dokument, ziel, archiv=True)


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


def _ideen_rendern(job, plan: dict, ids: list[int], ziel: Path):
    """A chunk of the call's ideas (dossiers.ideen), like a chunk of Steckbriefe."""
    bewertung = {e["id"]: e["bewertung"] for e in plan["eintraege"]}
    eintraege = []
    for idee in ideen.mit_details(ids):
        eintrag = ideen.darstellung(idee)
        eintrag["bewertung"] = bewertung.get(idee.pk)
        eintraege.append(eintrag)
    text = rendering.html(
        "dossiers/pdf/ideen_teil.html",
        {
            "meta": meta(job, plan),
            "eintraege": eintraege,
            "aufruf_name": plan["aufruf"]["name"],
            "vertraulich": True,
        },
    )
    dokument = rendering.layout(text, archiv=True)
    anfaenge = {
        anker.removeprefix("sb-"): seite
        for anker, seite in rendering.anker_seiten(dokument, "sb-").items()
    }
    return rendering.pdf_schreiben(dokument, ziel, archiv=True), anfaenge


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
def _vorne_rendern(lage: Seitenlage, inhalt_seiten: int, rang_seiten: int, arbeitsordner: Path):
    """Contents and ranking rendered in the merge, assuming these lengths, and again with
    the new lengths until they agree (at most three times). Returns the contents' and the
    ranking's (file, pages) and the contents' lines."""
    plan, basis = lage.plan, lage.basis
    for _ in range(3):
        anker = lage.anker(inhalt_seiten, rang_seiten)
        zeilen = inhalt_zeilen(plan, anker)
        inhalt_stuecke = []
        for i in range(len(_stueckweise(zeilen, inhalt_je_teil()))):
            pfad = arbeitsordner / f"inhalt-neu-{i:04d}.pdf"
            inhalt_stuecke.append(
                (pfad, rendering.pdf_schreiben(_inhalt_stueck(basis, zeilen, i), pfad, archiv=True))
            )
        rang_stuecke = []
        for i, stueck in enumerate(_stueckweise(plan["eintraege"], inhalt_je_teil())):
            pfad = arbeitsordner / f"rangliste-neu-{i:04d}.pdf"
            dokument = _rangliste_stueck(basis, stueck, anker, i == 0)
            rang_stuecke.append((pfad, rendering.pdf_schreiben(dokument, pfad, archiv=True)))
        neu = (sum(n for _, n in inhalt_stuecke), sum(n for _, n in rang_stuecke))
        if neu == (inhalt_seiten, rang_seiten):
            return inhalt_stuecke, rang_stuecke, zeilen
        inhalt_seiten, rang_seiten = neu
    raise RuntimeError(  # pragma: no cover - would need a layout that oscillates
        "Inhaltsverzeichnis und Rangliste ändern bei jeder Seitenzahl ihre Länge."
    )


def zusammenfuehren(job, teile, arbeitsordner: Path, ziel: Path, fortschritt=None) -> int:
    """Contents with the real page numbers, cover, page numbers and merge (see the module
    docstring). `teile` are the done DossierTeil rows. Returns the page count."""
    uhr = [time.perf_counter()]
    lage = Seitenlage(job, teile)
    nach_art, koerper, zusammenfassung = lage.nach_art, lage.koerper, lage.zusammenfassung
    plan, basis, versatz = lage.plan, lage.basis, lage.koerper_seiten
    m = basis["meta"]
    deckblatt_seiten = lage.DECKBLATT

    # The probes gave the lengths of contents and ranking; the final slices were rendered
    # with the page numbers these lengths give (in parallel, by the pieces' tasks). Should a
    # length differ after all (e.g. a Steckbrief deleted since the plan), or a run have been
    # planned without final slices, render both here with the new lengths, again if need be.
    inhalt_seiten, rang_seiten = lage.inhalt_seiten, lage.rang_seiten
    inhalt_stuecke = [
        (arbeitsordner / t.dateiname, t.seiten) for t in nach_art[Art.INHALT_FINAL] if t.seiten
    ]
    rang_stuecke = [
        (arbeitsordner / t.dateiname, t.seiten) for t in nach_art[Art.RANGLISTE_FINAL] if t.seiten
    ]
    neu = (sum(n for _, n in inhalt_stuecke), sum(n for _, n in rang_stuecke))
    if inhalt_stuecke and rang_stuecke and neu == (inhalt_seiten, rang_seiten):
        anker = lage.anker(inhalt_seiten, rang_seiten)
        zeilen = inhalt_zeilen(plan, anker)
    else:
        if inhalt_stuecke and rang_stuecke:
            inhalt_seiten, rang_seiten = neu
        inhalt_stuecke, rang_stuecke, zeilen = _vorne_rendern(
            lage, inhalt_seiten, rang_seiten, arbeitsordner
        )
        inhalt_seiten = sum(n for _, n in inhalt_stuecke)
        rang_seiten = sum(n for _, n in rang_stuecke)
    vorne = deckblatt_seiten + zusammenfassung.seiten + rang_seiten
    gesamt = vorne + inhalt_seiten + versatz

    deckblatt = arbeitsordner / "deckblatt.pdf"
    d_dok = rendering.layout(
        rendering.html(
            _vorlage(plan, "deckblatt"),
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
    stuecke += rang_stuecke
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
        teil = "Ideen" if ideen.ist_ideen_plan(plan) else "Steckbriefe"
        gliederung.append(Gliederungspunkt(teil, zeilen[2]["index"]))
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
