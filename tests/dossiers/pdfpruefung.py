"""Reading PDFs back for the layout tests: word boxes with poppler's `pdftotext -bbox`
(installed on demand with scripts/ensure-debs.sh, like the other Debian packages of the
project) and page images for looking at them."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[2]


def poppler() -> None:
    """pdftotext/pdftoppm (Debian's poppler-utils) are needed; install them if missing."""
    if shutil.which("pdftotext") is None:
        subprocess.run([str(WURZEL / "scripts" / "ensure-debs.sh"), "poppler-utils"], check=True)


@dataclass
class Wort:
    seite: int  # 0-based
    x0: float
    y0: float  # from the top, in pt
    x1: float
    y1: float
    text: str


@dataclass
class Seite:
    breite: float
    hoehe: float
    woerter: list[Wort]

    def text(self) -> str:
        return " ".join(w.text for w in self.woerter)


_SEITE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORT = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


def seiten(pfad) -> list[Seite]:
    poppler()
    ausgabe = subprocess.run(
        ["pdftotext", "-bbox", str(pfad), "-"], check=True, capture_output=True, text=True
    ).stdout
    ergebnis = []
    for nummer, (breite, hoehe, inhalt) in enumerate(_SEITE.findall(ausgabe)):
        woerter = [
            Wort(nummer, float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in _WORT.findall(inhalt)
        ]
        ergebnis.append(Seite(float(breite), float(hoehe), woerter))
    return ergebnis


def ohne_umbrueche(text: str) -> str:
    """Text without whitespace and hyphens: a word broken over lines reads as one again."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def bilder(pfad, ziel: Path, name: str, aufloesung: int = 60) -> None:
    """Page images (PNG) for looking at a PDF: ziel/name-<n>.png."""
    poppler()
    ziel.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(aufloesung), "-png", str(pfad), str(ziel / name)], check=True
    )


# --- the structure tree (PDF/UA by construction) ---------------------------------------------
def strukturfehler(pfad) -> list[str]:
    """What a PDF/UA checker would reject in the tagged structure, found by walking it with
    pikepdf: marked content no structure element reaches, text outside any marked content
    or artifact, TH without Scope, Figure without Alt or with a BBox outside its page,
    headings that skip a level. Not checked: everything else of ISO 14289 (e.g. colour
    contrast, the role map, fonts' Unicode mapping)."""
    import pikepdf

    fehler: list[str] = []
    with pikepdf.open(pfad) as pdf:
        seiten = {seite.objgen: i for i, seite in enumerate(pdf.pages)}
        boxen = {seite.objgen: [float(v) for v in seite.mediabox] for seite in pdf.pages}
        markiert: set[tuple[int, int]] = set()
        for nummer, seite in enumerate(pdf.pages):
            markiert |= _inhalt_pruefen(seite.obj, nummer, fehler)
        erreicht: set[tuple[int, int]] = set()
        ueberschriften: list[int] = []
        wurzel = pdf.Root.StructTreeRoot

        def gehen(element, seite):
            if isinstance(element, int):
                erreicht.add((seiten.get(seite), element))
                return
            if not isinstance(element, pikepdf.Dictionary):
                return
            if element.get("/Type") == "/MCR":
                pg = element.get("/Pg")
                erreicht.add(
                    (seiten.get(pg.objgen if pg is not None else seite), int(element.MCID))
                )
                return
            if element.get("/Type") == "/OBJR":
                return
            if "/Pg" in element:
                seite = element.Pg.objgen
            art = str(element.get("/S", ""))
            attribute = element.get("/A")
            attribute = (
                [attribute] if isinstance(attribute, pikepdf.Dictionary) else list(attribute or [])
            )
            if art == "/TH" and not any("/Scope" in a for a in attribute):
                fehler.append(f"TH ohne Scope (Seite {seiten.get(seite, '?') + 1})")
            if art == "/Figure":
                if not str(element.get("/Alt", "")).strip():
                    fehler.append(f"Figure ohne Alt (Seite {seiten.get(seite, 0) + 1})")
                bbox = next((a.BBox for a in attribute if "/BBox" in a), None)
                box = boxen.get(seite)
                if bbox is None:
                    fehler.append("Figure ohne BBox")
                elif box is not None:
                    x0, y0, x1, y1 = (float(v) for v in bbox)
                    if x0 < box[0] or y0 < box[1] or x1 > box[2] or y1 > box[3]:
                        fehler.append(f"Figure-BBox {x0, y0, x1, y1} außerhalb der Seite {box}")
            if len(art) == 3 and art.startswith("/H") and art[2].isdigit():
                ueberschriften.append(int(art[2]))
            kinder = element.get("/K")
            if kinder is None:
                return
            for kind in kinder if isinstance(kinder, pikepdf.Array) else [kinder]:
                gehen(kind, seite)

        gehen(wurzel, None)
        for mc in sorted(markiert - erreicht):
            fehler.append(
                f"Markierter Inhalt nicht im Strukturbaum: Seite {mc[0] + 1}, MCID {mc[1]}"
            )
        vorige = 0
        for ebene in ueberschriften:
            if ebene > vorige + 1:
                fehler.append(f"Überschrift H{ebene} nach H{vorige}")
            vorige = ebene
    return fehler


def _inhalt_pruefen(objekt, nummer: int, fehler: list[str], tiefe: int = 0) -> set:
    """MCIDs marked in the content of a page (and its form XObjects); text shown outside
    any marked content or artifact is reported."""
    import pikepdf

    markiert = set()
    stapel: list[str] = []
    for operanden, operator in pikepdf.parse_content_stream(objekt):
        op = str(operator)
        if op == "BDC":
            eigenschaften = operanden[1]
            if isinstance(eigenschaften, pikepdf.Dictionary) and "/MCID" in eigenschaften:
                markiert.add((nummer, int(eigenschaften.MCID)))
                stapel.append("mcid")
            else:
                stapel.append(str(operanden[0]))
        elif op == "BMC":
            stapel.append(str(operanden[0]))
        elif op == "EMC":
            if stapel:
                stapel.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            if not stapel:
                fehler.append(f"Text ohne Markierung auf Seite {nummer + 1}")
        elif op == "Do" and tiefe < 3 and not stapel:
            ressourcen = objekt.get("/Resources") or {}
            xobjekt = (ressourcen.get("/XObject") or {}).get(str(operanden[0]))
            if xobjekt is not None and xobjekt.get("/Subtype") == "/Form":
                markiert |= _inhalt_pruefen(xobjekt, nummer, fehler, tiefe + 1)
    return markiert


# --- the ranking's page column (issue 15) ----------------------------------------------------
def rangliste_seitenfehler(pfad, plan: dict, kopf=r"Steckbrief Nr\. (\d+) ·") -> list[str]:
    """Read with pdftotext: the numbers of the ranking's "Seite" column (landscape pages, top
    to bottom, in plan order) must be the pages on which each Steckbrief's section starts
    (its line "Steckbrief Nr. <id> ·", or the pattern `kopf`), and each number must link
    to that page. Returns the
    differences; raises if the ranking or a heading cannot be found."""
    from pypdf import PdfReader

    alle = seiten(pfad)
    anfang: dict[int, int] = {}
    for nummer, seite in enumerate(alle, start=1):
        for treffer in re.finditer(kopf, seite.text()):
            anfang.setdefault(int(treffer.group(1)), nummer)
    rang = [i for i, s in enumerate(alle) if s.breite > s.hoehe]
    erste = alle[rang[0]].text().removeprefix("Vertraulich ") if rang else ""
    assert erste.startswith(("Rangliste", "Übersicht", "Jury-Rangliste")), "keine Rangliste"
    reader = PdfReader(str(pfad))
    seiten_ids = [p.indirect_reference.idnum for p in reader.pages]
    gelesen: list[tuple[int, int]] = []  # (number read, page its link goes to)
    for index in rang:
        seite = alle[index]
        fuss = seite.hoehe - 22 * 72 / 25.4
        spalte = next(w for w in seite.woerter if w.text == "Seite" and w.y0 < fuss)
        links = []
        for annot in reader.pages[index].get("/Annots", []):
            annot = annot.get_object()
            xa, ya, xb, yb = (float(v) for v in annot["/Rect"])
            ziel = seiten_ids.index(annot["/A"]["/D"][0].idnum) + 1
            oben, unten = seite.hoehe - max(ya, yb), seite.hoehe - min(ya, yb)
            links.append((min(xa, xb), oben, max(xa, xb), unten, ziel))
        for w in seite.woerter:
            if w.text.isdigit() and spalte.y1 < w.y0 < fuss and abs(w.x1 - spalte.x1) < 3:
                ziel = next(
                    (z for x0, y0, x1, y1, z in links if x0 <= w.x0 + 1 and w.x1 - 1 <= x1
                     and y0 <= w.y0 + 1 and w.y1 - 1 <= y1),
                    None,
                )  # fmt: skip
                gelesen.append((int(w.text), ziel))
    erwartet = [anfang[e["id"]] for e in plan["eintraege"]]
    fehler = []
    if len(gelesen) != len(erwartet):
        fehler.append(f"{len(gelesen)} Seitenzahlen in der Rangliste, {len(erwartet)} Zeilen")
    for e, soll, (ist, ziel) in zip(plan["eintraege"], erwartet, gelesen, strict=False):
        if ist != soll or ziel != soll:
            fehler.append(f"Nr. {e['id']}: Seite {ist}, Link auf {ziel}, beginnt auf {soll}")
    return fehler
