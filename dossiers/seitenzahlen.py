"""Page numbers of the merged dossier: "Seite X von Y" stamped onto the pages while they
are copied (dossiers.pdfmerge), without a WeasyPrint page per number.

The text is drawn at the end of every numbered page, marked as /Artifact, with the source's
own content wrapped in q … Q so that its coordinate system cannot leak. Font, size, colour
and position are taken from a one-page "sheet" that WeasyPrint renders with the page
geometry of the dossier and the text SEITENZAHL_ZEICHEN ("Seite 0123456789 von") in the
bottom-right margin box (dossiers.rendering.seitenzahl_vorlage): its embedded DejaVu subset
(with widths and ToUnicode map) is copied once, the text is set right-aligned to the same
edge and baseline. So page numbers cost microseconds per page instead of a WeasyPrint page,
and remain real, extractable text in an embedded font."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, NameObject

from .pdfschreiber import Quellzustand

SEITENZAHL_FONT = NameObject("/DossierSeitenzahl")
SEITENZAHL_ZEICHEN = "Seite 0123456789 von"


def _mal(m, n):
    """Product of two PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


class Seitenzahlen:
    """Page numbers set with the font of a one-page sheet (see the module docstring);
    `zustand` is the sheet, from which the merge copies the font once."""

    def __init__(self, vorlage: Path):
        self.zustand = Quellzustand(PdfReader(str(vorlage)))
        seite = self.zustand.reader.pages[0]
        schriften = seite["/Resources"]["/Font"]
        lauf = self._textlauf(seite)
        if lauf is None:
            raise ValueError("Die Vorlage der Seitenzahlen enthält keinen Text.")
        schrift_name, groesse, matrix, farbe = lauf
        self.schrift_ref = schriften.raw_get(schrift_name)
        schrift = schriften[schrift_name]
        self.codes = self._tounicode(schrift["/ToUnicode"].get_data())
        self.breiten = self._breiten(schrift["/DescendantFonts"][0].get_object())
        skala_x = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
        self.groesse = groesse * (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
        self.rechts = matrix[4] + self._breite(SEITENZAHL_ZEICHEN) * groesse * skala_x
        # Pages of another width (the ranking in landscape): the same distance from the
        # right edge.
        self.abstand_rechts = float(seite.mediabox.right) - self.rechts
        self.grundlinie = matrix[5]
        self.farbe = farbe

    @staticmethod
    def _textlauf(seite):
        """(font, size, text-rendering matrix, fill colour) of the first text shown."""
        from pypdf.generic import ContentStream

        inhalt = ContentStream(seite.get_contents(), seite.pdf)
        ctm, stapel = [1, 0, 0, 1, 0, 0], []
        tm, schrift, groesse, farbe = [1, 0, 0, 1, 0, 0], None, 0.0, b"0 g"
        for operanden, operator in inhalt.operations:
            if operator == b"q":
                stapel.append(ctm)
            elif operator == b"Q":
                ctm = stapel.pop()
            elif operator == b"cm":
                ctm = _mal([float(x) for x in operanden], ctm)
            elif operator == b"BT":
                tm = [1, 0, 0, 1, 0, 0]
            elif operator == b"Tm":
                tm = [float(x) for x in operanden]
            elif operator == b"Tf":
                schrift, groesse = operanden[0], float(operanden[1])
            elif operator in (b"rg", b"g"):
                farbe = b" ".join(str(float(x)).encode() for x in operanden) + b" " + operator
            elif operator in (b"TJ", b"Tj") and schrift is not None:
                return schrift, groesse, _mal(tm, ctm), farbe
        return None

    @staticmethod
    def _tounicode(cmap: bytes) -> dict[str, str]:
        """character → 4-digit hex code, from bfchar and bfrange entries."""
        codes = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, uni in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                codes[bytes.fromhex(uni.decode()).decode("utf-16-be")] = code.decode().zfill(4)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for start, ende, uni in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
            ):
                for i in range(int(ende, 16) - int(start, 16) + 1):
                    zeichen = chr(int(uni, 16) + i)
                    codes[zeichen] = f"{int(start, 16) + i:04x}"
        return codes

    @staticmethod
    def _breiten(cid_schrift) -> dict[int, float]:
        standard = float(cid_schrift.get("/DW", 1000))
        breiten: dict[int, float] = {}
        w = list(cid_schrift.get("/W", []))
        i = 0
        while i < len(w):
            if isinstance(w[i + 1], ArrayObject | list):
                for k, breite in enumerate(w[i + 1]):
                    breiten[int(w[i]) + k] = float(breite)
                i += 2
            else:
                for cid in range(int(w[i]), int(w[i + 1]) + 1):
                    breiten[cid] = float(w[i + 2])
                i += 3
        breiten[-1] = standard
        return breiten

    def _breite(self, text: str) -> float:
        """Advance width of `text` in text space (1/1000 em → em)."""
        return sum(self.breiten.get(int(self.codes[z], 16), self.breiten[-1]) for z in text) / 1000

    def strom(self, text: str, breite: float | None = None) -> bytes:
        """Content to append to a page: restore its graphics state, draw `text` as an
        artifact, right-aligned at the sheet's right edge on its baseline (for a page of
        another `breite`: as far from its right edge)."""
        fehlend = set(text) - set(self.codes)
        if fehlend:
            raise ValueError(f"Zeichen fehlen in der Schrift der Seitenzahlen: {fehlend}")
        rechts = self.rechts if breite is None else breite - self.abstand_rechts
        x = rechts - self._breite(text) * self.groesse
        hexcode = "".join(self.codes[z] for z in text)
        return (
            b"Q\n/Artifact BMC\nBT\n"
            + self.farbe
            + f"\n{SEITENZAHL_FONT} {self.groesse:.4f} Tf\n{x:.3f} {self.grundlinie:.3f} Td\n"
            f"<{hexcode}> Tj\nET\nEMC\n".encode()
        )
