"""Streaming merge of the dossier's partial PDFs into one tagged PDF.

pypdf's PdfWriter keeps every object of the result in memory until it writes, so merging
a 3,000-page dossier with it costs memory in proportion to the dossier. This writer copies
one source PDF at a time, object by object, straight into the output file and keeps only
small bookkeeping per object (three array slots for the cross-reference stream) and per
page (its object number). Memory therefore stays bounded by the largest *source* (a chunk of
at most DOSSIER_TEIL_GROESSE Steckbriefe), not by the dossier.

While copying, the writer

- renumbers all objects (object numbers of pages are reserved up front, so links and
  outline entries may point to pages that are written later),
- merges the structure trees of the tagged sources (WeasyPrint with pdf/ua-1): every
  source's top-level elements become children of one /Document element, the page
  /StructParents keys and the ParentTree are shifted per source,
- stamps page numbers: "Seite X von Y" is drawn as text at the end of every numbered page,
  marked as /Artifact, with the source's own content wrapped in q … Q so that its coordinate
  system cannot leak. Font, size, colour and position are taken from a one-page "sheet"
  that WeasyPrint renders with the page geometry of the dossier and the text
  "Seite 0123456789 von" in the bottom-right margin box: its embedded DejaVu subset (with
  widths and ToUnicode map) is copied once, the text is set right-aligned to the same edge
  and baseline. So page numbers cost microseconds per page instead of a WeasyPrint page,
  and remain real, extractable text in an embedded font,
- rewrites link annotations whose URI starts with ``dossier:`` (the table of contents)
  into GoTo actions to the target page,
- writes non-stream objects into compressed object streams and ends with a cross-reference
  stream, the catalog (/MarkInfo, /Lang, /StructTreeRoot, /Outlines, XMP /Metadata of the
  first source) and the /Info dictionary.

Speed: a tagged WeasyPrint PDF holds about a hundred small objects per page (mostly
structure elements), all in one compressed object stream, and pypdf parses such a stream
completely into Python objects as soon as one object of it is touched (~7,000 objects/s).
The sources are therefore read "raw": pypdf reads only the cross-reference table and the
top-level streams; the object streams are inflated with zlib and every object is copied as
bytes, with its references renumbered by one regular expression that skips literal and hex
strings (the sources are pydyf's output: strings escape their parentheses). Only the few
objects that change — catalog, page tree, pages, structure root, ParentTree, the contents'
link annotations — are parsed with pypdf.
"""

from __future__ import annotations

import io
import re
import secrets
import zlib
from array import array
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
    read_object,
)

LINK_PRAEFIX = "dossier:"
SEITENZAHL_FONT = NameObject("/DossierSeitenzahl")
SEITENZAHL_ZEICHEN = "Seite 0123456789 von"
_OBJEKTE_JE_STROM = 200


@dataclass
class Quelle:
    """One partial PDF in page order; `nummeriert`: its pages get "Seite X von Y"."""

    pfad: Path
    nummeriert: bool = True


@dataclass
class Gliederungspunkt:
    """A bookmark: title, 0-based page index in the merged document, nesting level 0/1."""

    titel: str
    seite: int
    ebene: int = 0


@dataclass
class Metadaten:
    titel: str
    autor: str
    erstellt: str  # PDF date string, e.g. "D:20261121093000+01'00'"
    thema: str = ""
    ersteller: str = "Steckbrief-Portal Masterplan Region Chemnitz/Südwestsachsen"
    sprache: str = "de"


# A reference "12 0 R", or a literal/hex string to step over (its content is never a ref).
_REFERENZ = re.compile(
    rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(\d+) (\d+) R(?![^\s\[\]<>(){}/%])", re.S
)


class _Quellzustand:
    """A small PDF read with pypdf (the page-number sheet): objects are pypdf objects."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.zuordnung: dict[int, int] = {}
        self.warteschlange: deque = deque()
        self.nicht_kopieren: set[int] = set()

    def objekt(self, nummer: int):
        return IndirectObject(nummer, 0, self.reader).get_object()

    def aufloesen(self, wert):
        return self.objekt(wert.idnum) if isinstance(wert, IndirectObject) else wert

    def roh(self, nummer: int) -> bytes | None:
        """The bytes of an object inside an object stream, None if there is no raw path."""
        return None


class _RohZustand(_Quellzustand):
    """A source whose object streams are read as bytes (see the module docstring)."""

    def __init__(self, pfad: Path):
        super().__init__(PdfReader(str(pfad)))
        self._in_strom = self.reader.xref_objStm
        self._stroeme: dict[int, tuple[bytes, dict[int, tuple[int, int]]]] = {}
        self._geparst: dict[int, object] = {}

    def roh(self, nummer: int) -> bytes | None:
        ort = self._in_strom.get(nummer)
        if ort is None:
            return None
        strom_nummer = ort[0]
        if strom_nummer not in self._stroeme:
            strom = self.reader.get_object(strom_nummer)
            daten = strom.get_data()
            anzahl, erstes = int(strom["/N"]), int(strom["/First"])
            kopf = daten[:erstes].split()
            paare = [(int(kopf[i]), int(kopf[i + 1])) for i in range(0, 2 * anzahl, 2)]
            grenzen = {}
            for i, (obj, anfang) in enumerate(paare):
                ende = paare[i + 1][1] if i + 1 < len(paare) else len(daten) - erstes
                grenzen[obj] = (erstes + anfang, erstes + ende)
            self._stroeme[strom_nummer] = (daten, grenzen)
        daten, grenzen = self._stroeme[strom_nummer]
        anfang, ende = grenzen[nummer]
        return daten[anfang:ende].strip()

    def objekt(self, nummer: int):
        roh = self.roh(nummer)
        if roh is None:  # a top-level object (stream): pypdf reads just this one
            return self.reader.get_object(nummer)
        if nummer not in self._geparst:
            self._geparst[nummer] = read_object(io.BytesIO(roh), self.reader)
        return self._geparst[nummer]


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
    """Page numbers set with the font of a one-page sheet (see the module docstring)."""

    def __init__(self, vorlage: Path):
        self.zustand = _Quellzustand(PdfReader(str(vorlage)))
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

    def strom(self, text: str) -> bytes:
        """Content to append to a page: restore its graphics state, draw `text` as an
        artifact, right-aligned at the sheet's right edge on its baseline."""
        fehlend = set(text) - set(self.codes)
        if fehlend:
            raise ValueError(f"Zeichen fehlen in der Schrift der Seitenzahlen: {fehlend}")
        x = self.rechts - self._breite(text) * self.groesse
        hexcode = "".join(self.codes[z] for z in text)
        return (
            b"Q\n/Artifact BMC\nBT\n"
            + self.farbe
            + f"\n{SEITENZAHL_FONT} {self.groesse:.4f} Tf\n{x:.3f} {self.grundlinie:.3f} Td\n"
            f"<{hexcode}> Tj\nET\nEMC\n".encode()
        )


class StreamingPdfMerger:
    """Merge `quellen` into `ziel`. `seitenzahlen` are the page counts of the sources (known
    from rendering), so that page object numbers can be reserved before anything is read."""

    CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, INFO, OUTLINES, Q_AUF = range(1, 9)

    def __init__(
        self,
        ziel: BinaryIO,
        quellen: list[Quelle],
        seitenzahlen: list[int],
        *,
        metadaten: Metadaten,
        link_ziele: dict[str, int] | None = None,
        gliederung: list[Gliederungspunkt] | None = None,
        seitenzahl_vorlage: Path | None = None,
    ):
        if len(quellen) != len(seitenzahlen):
            raise ValueError("Für jede Quelle wird ihre Seitenzahl benötigt.")
        self.ziel = ziel
        self.quellen = quellen
        self.seitenzahlen = seitenzahlen
        self.metadaten = metadaten
        self.link_ziele = link_ziele or {}
        self.gliederung = gliederung or []
        # Cross-reference data per object number: type (0 free, 1 offset, 2 in stream),
        # field 2 (offset or object-stream number), field 3 (index in the stream).
        self._typ = bytearray([0])
        self._f2 = array("Q", [0])
        self._f3 = array("I", [65535])
        self._puffer: list[tuple[int, bytes]] = []
        for _ in range(self.Q_AUF):
            self._neu()
        self.seiten_ids = [self._neu() for _ in range(sum(seitenzahlen))]
        self._dokument_kinder: list[int] = []
        self._parent_tree: list[tuple[int, int]] = []
        self._schluessel_versatz = 0
        self._metadaten_id: int | None = None
        self._seitenzahlen = Seitenzahlen(seitenzahl_vorlage) if seitenzahl_vorlage else None
        self._seitenzahl_font: int | None = None

    # --- object numbers and low-level writing -------------------------------------------
    def _neu(self) -> int:
        self._typ.append(0)
        self._f2.append(0)
        self._f3.append(0)
        return len(self._typ) - 1

    @staticmethod
    def _ref(nummer: int) -> IndirectObject:
        return IndirectObject(nummer, 0, None)

    @staticmethod
    def _serialisieren(objekt) -> bytes:
        puffer = io.BytesIO()
        objekt.write_to_stream(puffer)
        return puffer.getvalue()

    def _objekt(self, nummer: int, objekt) -> None:
        """A non-stream object: buffered into the next object stream."""
        self._puffer.append((nummer, self._serialisieren(objekt)))
        if len(self._puffer) >= _OBJEKTE_JE_STROM:
            self._objektstrom_schreiben()

    def _roh_objekt(self, nummer: int, daten: bytes) -> None:
        self._puffer.append((nummer, daten))
        if len(self._puffer) >= _OBJEKTE_JE_STROM:
            self._objektstrom_schreiben()

    def _strom(self, nummer: int, woerterbuch: DictionaryObject, daten: bytes) -> None:
        """A stream object, written directly (streams cannot live in object streams)."""
        woerterbuch = DictionaryObject(woerterbuch)
        woerterbuch[NameObject("/Length")] = NumberObject(len(daten))
        self._typ[nummer] = 1
        self._f2[nummer] = self.ziel.tell()
        self._f3[nummer] = 0
        self.ziel.write(f"{nummer} 0 obj\n".encode())
        self.ziel.write(self._serialisieren(woerterbuch))
        self.ziel.write(b"\nstream\n")
        self.ziel.write(daten)
        self.ziel.write(b"\nendstream\nendobj\n")

    def _objektstrom_schreiben(self) -> None:
        if not self._puffer:
            return
        strom_id = self._neu()
        kopf, koerper = [], io.BytesIO()
        for index, (nummer, daten) in enumerate(self._puffer):
            kopf.append(f"{nummer} {koerper.tell()}")
            koerper.write(daten)
            koerper.write(b"\n")
            self._typ[nummer] = 2
            self._f2[nummer] = strom_id
            self._f3[nummer] = index
        kopfdaten = (" ".join(kopf) + "\n").encode()
        woerterbuch = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/ObjStm"),
                NameObject("/N"): NumberObject(len(self._puffer)),
                NameObject("/First"): NumberObject(len(kopfdaten)),
                NameObject("/Filter"): NameObject("/FlateDecode"),
            }
        )
        self._puffer = []
        self._strom(strom_id, woerterbuch, zlib.compress(kopfdaten + koerper.getvalue(), 6))

    # --- copying objects of one source --------------------------------------------------
    def _uebersetzen(self, zustand: _Quellzustand, objekt):
        """A copy of a direct object with every reference renumbered; referenced objects
        not seen before get a new number and are queued for copying."""
        if isinstance(objekt, IndirectObject):
            quelle = objekt.idnum
            if quelle not in zustand.zuordnung:
                zustand.zuordnung[quelle] = self._neu()
                zustand.warteschlange.append(quelle)
            return self._ref(zustand.zuordnung[quelle])
        if isinstance(objekt, StreamObject):
            raise ValueError("Ein Datenstrom muss indirekt referenziert sein.")
        if isinstance(objekt, DictionaryObject):
            neu = DictionaryObject(
                {
                    NameObject(schluessel): self._uebersetzen(zustand, wert)
                    for schluessel, wert in dict.items(objekt)
                }
            )
            if objekt.get("/Subtype") == "/Link":
                self._link_umschreiben(zustand, objekt, neu)
            return neu
        if isinstance(objekt, ArrayObject):
            return ArrayObject(self._uebersetzen(zustand, wert) for wert in list.__iter__(objekt))
        return objekt

    def _link_umschreiben(self, zustand, quelle: DictionaryObject, neu: DictionaryObject):
        """dossier:<anchor> URI links (table of contents) → GoTo the anchor's page."""
        aktion = zustand.aufloesen(quelle.get("/A"))
        if not isinstance(aktion, DictionaryObject) or aktion.get("/S") != "/URI":
            return
        uri = str(aktion.get("/URI", ""))
        if not uri.startswith(LINK_PRAEFIX):
            return
        seite = self.link_ziele.get(uri.removeprefix(LINK_PRAEFIX))
        if seite is None:
            del neu[NameObject("/A")]
            neu.pop(NameObject("/Contents"), None)
            return
        neu[NameObject("/A")] = DictionaryObject(
            {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): self._ziel(seite)}
        )
        neu[NameObject("/Contents")] = TextStringObject(f"Gehe zu Seite {seite + 1}")

    def _ziel(self, seite: int) -> ArrayObject:
        return ArrayObject(
            [self._ref(self.seiten_ids[seite]), NameObject("/Fit")],
        )

    def _umnummern(self, zustand: _Quellzustand, roh: bytes) -> bytes:
        """Raw object bytes with every reference renumbered (new ones get queued)."""
        zuordnung, warteschlange, neu = zustand.zuordnung, zustand.warteschlange, self._neu

        def ersetzen(treffer: re.Match) -> bytes:
            if treffer.group(1) is None:  # a string: unchanged
                return treffer.group(0)
            quelle = int(treffer.group(1))
            ziel = zuordnung.get(quelle)
            if ziel is None:
                ziel = zuordnung[quelle] = neu()
                warteschlange.append(quelle)
            return b"%d 0 R" % ziel

        return _REFERENZ.sub(ersetzen, roh)

    def _kopieren(self, zustand: _Quellzustand, quelle: int) -> None:
        nummer = zustand.zuordnung[quelle]
        roh = zustand.roh(quelle)
        if roh is not None and LINK_PRAEFIX.encode() not in roh:
            self._roh_objekt(nummer, self._umnummern(zustand, roh))
            return
        objekt = zustand.objekt(quelle)
        if isinstance(objekt, StreamObject):
            woerterbuch = self._uebersetzen(
                zustand,
                DictionaryObject({k: v for k, v in dict.items(objekt) if k not in ("/Length",)}),
            )
            self._strom(nummer, woerterbuch, objekt._data)  # raw (still encoded) data
        elif objekt is None or isinstance(objekt, NullObject):
            self._objekt(nummer, NullObject())
        else:
            self._objekt(nummer, self._uebersetzen(zustand, objekt))

    def _warteschlange_abarbeiten(self, zustand: _Quellzustand) -> None:
        while zustand.warteschlange:
            quelle = zustand.warteschlange.popleft()
            if quelle in zustand.nicht_kopieren:
                continue
            self._kopieren(zustand, quelle)

    # --- one source ---------------------------------------------------------------------
    def _quelle_kopieren(self, quelle: Quelle, erste_seite: int, anzahl: int, erste: bool):
        nummeriert = quelle.nummeriert and self._seitenzahlen is not None
        zustand = _RohZustand(quelle.pfad)
        katalog = zustand.reader.trailer.raw_get("/Root")
        zustand.nicht_kopieren.add(katalog.idnum)
        katalog = zustand.objekt(katalog.idnum)
        seiten = []  # (source object number, page dictionary) in page order
        self._seiten_sammeln(zustand, katalog.raw_get("/Pages"), seiten)
        if len(seiten) != anzahl:
            raise ValueError(
                f"{quelle.pfad.name} hat {len(seiten)} statt {anzahl} erwarteter Seiten."
            )
        for index, (nummer, _seite) in enumerate(seiten):
            zustand.zuordnung[nummer] = self.seiten_ids[erste_seite + index]
            zustand.nicht_kopieren.add(nummer)

        struktur = zustand.aufloesen(katalog.get("/StructTreeRoot"))
        if struktur is not None:
            struktur_ref = katalog.raw_get("/StructTreeRoot")
            zustand.zuordnung[struktur_ref.idnum] = self.STRUCT_ROOT
            zustand.nicht_kopieren.add(struktur_ref.idnum)
            kinder = zustand.aufloesen(struktur.get("/K"))
            kinder = (
                [zustand.aufloesen(k) for k in kinder]
                if isinstance(kinder, ArrayObject)
                else [kinder]
            )
            roh = struktur.raw_get("/K")
            roh = list.__iter__(roh) if isinstance(roh, ArrayObject) else [roh]
            for ref, element in zip(roh, kinder, strict=True):
                if element.get("/S") == "/Document" and isinstance(ref, IndirectObject):
                    # The source's Document element dissolves into ours.
                    zustand.zuordnung[ref.idnum] = self.DOCUMENT
                    zustand.nicht_kopieren.add(ref.idnum)
                    unter = element.raw_get("/K")
                    unter = list.__iter__(unter) if isinstance(unter, ArrayObject) else [unter]
                    for kind in unter:
                        self._dokument_kinder.append(self._als_nummer(zustand, kind))
                else:
                    self._dokument_kinder.append(self._als_nummer(zustand, ref))
            groesster = -1
            for schluessel, wert in self._zahlenbaum(zustand, struktur.get("/ParentTree")):
                self._parent_tree.append(
                    (schluessel + self._schluessel_versatz, self._als_nummer(zustand, wert))
                )
                groesster = max(groesster, schluessel)
            versatz = self._schluessel_versatz
            self._schluessel_versatz += groesster + 1
        else:
            versatz = None

        if erste and katalog.get("/Metadata") is not None:
            self._metadaten_id = self._uebersetzen(zustand, katalog.raw_get("/Metadata")).idnum

        for index, (_nummer, seite) in enumerate(seiten):
            self._seite_schreiben(
                zustand,
                seite,
                self.seiten_ids[erste_seite + index],
                versatz,
                f"Seite {erste_seite + index + 1} von {len(self.seiten_ids)}"
                if nummeriert
                else None,
            )
            self._warteschlange_abarbeiten(zustand)
        self._warteschlange_abarbeiten(zustand)

    def _seiten_sammeln(self, zustand: _Quellzustand, knoten_ref, seiten: list) -> None:
        """Pages of a page tree in order; the tree's own nodes are not copied."""
        zustand.nicht_kopieren.add(knoten_ref.idnum)
        zustand.zuordnung[knoten_ref.idnum] = self.PAGES
        knoten = zustand.objekt(knoten_ref.idnum)
        if knoten.get("/Type") == "/Page":
            seiten.append((knoten_ref.idnum, knoten))
            return
        for kind in list.__iter__(zustand.aufloesen(knoten.raw_get("/Kids"))):
            self._seiten_sammeln(zustand, kind, seiten)

    def _zahlenbaum(self, zustand: _Quellzustand, knoten):
        """(key, raw value) pairs of a number tree (leaf /Nums or nested /Kids)."""
        knoten = zustand.aufloesen(knoten)
        if knoten is None:
            return
        if "/Nums" in knoten:
            werte = list(list.__iter__(zustand.aufloesen(knoten.raw_get("/Nums"))))
            for i in range(0, len(werte) - 1, 2):
                yield int(werte[i]), werte[i + 1]
        for kind in zustand.aufloesen(knoten.get("/Kids")) or []:
            yield from self._zahlenbaum(zustand, kind)

    def _seite_schreiben(self, zustand, seite, nummer, versatz, seitenzahl: str | None):
        neu = DictionaryObject()
        for schluessel, wert in dict.items(seite):
            if schluessel in ("/Parent", "/StructParents", "/Contents", "/Resources"):
                continue
            neu[NameObject(schluessel)] = self._uebersetzen(zustand, wert)
        neu[NameObject("/Parent")] = self._ref(self.PAGES)
        if versatz is not None and "/StructParents" in seite:
            neu[NameObject("/StructParents")] = NumberObject(int(seite["/StructParents"]) + versatz)
        inhalt = seite.raw_get("/Contents") if "/Contents" in seite else None
        inhalte = []
        if isinstance(inhalt, IndirectObject) and zustand.roh(inhalt.idnum) is not None:
            inhalt = zustand.aufloesen(inhalt)  # an array of content streams
        if isinstance(inhalt, ArrayObject):
            inhalte = [self._uebersetzen(zustand, x) for x in list.__iter__(inhalt)]
        elif inhalt is not None:
            inhalte = [self._uebersetzen(zustand, inhalt)]
        ressourcen = zustand.aufloesen(seite.get("/Resources"))
        if seitenzahl is None:
            neu[NameObject("/Contents")] = ArrayObject(inhalte)
            if ressourcen is not None:
                neu[NameObject("/Resources")] = self._uebersetzen(
                    zustand, seite.raw_get("/Resources")
                )
        else:
            text = self._neu()
            self._strom(text, DictionaryObject(), self._seitenzahlen.strom(seitenzahl))
            neu[NameObject("/Contents")] = ArrayObject(
                [self._ref(self.Q_AUF), *inhalte, self._ref(text)]
            )
            # Page-local resources: the (usually shared) dictionary plus the number's font.
            eigene = DictionaryObject()
            for schluessel, wert in dict.items(ressourcen or DictionaryObject()):
                if schluessel != "/Font":
                    eigene[NameObject(schluessel)] = self._uebersetzen(zustand, wert)
            schriften = DictionaryObject()
            vorhandene = zustand.aufloesen((ressourcen or {}).get("/Font")) or {}
            for schluessel, wert in dict.items(vorhandene):
                schriften[NameObject(schluessel)] = self._uebersetzen(zustand, wert)
            schriften[SEITENZAHL_FONT] = self._ref(self._seitenzahl_font)
            eigene[NameObject("/Font")] = schriften
            neu[NameObject("/Resources")] = eigene
        self._objekt(nummer, neu)

    def _als_nummer(self, zustand: _Quellzustand, wert) -> int:
        """Object number of `wert` in the output; direct objects are written on their own."""
        if isinstance(wert, IndirectObject):
            return self._uebersetzen(zustand, wert).idnum
        nummer = self._neu()
        self._objekt(nummer, self._uebersetzen(zustand, wert))
        return nummer

    # --- the whole document -------------------------------------------------------------
    def schreiben(self) -> int:
        """Write the merged PDF; returns the number of pages."""
        self.ziel.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self._strom(self.Q_AUF, DictionaryObject(), b"q\n")
        if self._seitenzahlen is not None:
            zustand = self._seitenzahlen.zustand
            self._seitenzahl_font = self._uebersetzen(zustand, self._seitenzahlen.schrift_ref).idnum
            self._warteschlange_abarbeiten(zustand)
        erste_seite = 0
        for index, (quelle, anzahl) in enumerate(zip(self.quellen, self.seitenzahlen, strict=True)):
            self._quelle_kopieren(quelle, erste_seite, anzahl, erste=index == 0)
            erste_seite += anzahl
        self._abschluss_schreiben()
        return len(self.seiten_ids)

    def _abschluss_schreiben(self) -> None:
        ref = self._ref
        self._objekt(
            self.PAGES,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): ArrayObject(ref(n) for n in self.seiten_ids),
                    NameObject("/Count"): NumberObject(len(self.seiten_ids)),
                }
            ),
        )
        self._objekt(
            self.DOCUMENT,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Document"),
                    NameObject("/P"): ref(self.STRUCT_ROOT),
                    NameObject("/K"): ArrayObject(ref(n) for n in self._dokument_kinder),
                }
            ),
        )
        zahlen = ArrayObject()
        for schluessel, nummer in sorted(self._parent_tree):
            zahlen.extend([NumberObject(schluessel), ref(nummer)])
        self._objekt(self.PARENT_TREE, DictionaryObject({NameObject("/Nums"): zahlen}))
        self._objekt(
            self.STRUCT_ROOT,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructTreeRoot"),
                    NameObject("/K"): ArrayObject([ref(self.DOCUMENT)]),
                    NameObject("/ParentTree"): ref(self.PARENT_TREE),
                    NameObject("/ParentTreeNextKey"): NumberObject(self._schluessel_versatz),
                }
            ),
        )
        self._gliederung_schreiben()
        m = self.metadaten
        info = {
            "/Title": m.titel,
            "/Author": m.autor,
            "/Subject": m.thema,
            "/Creator": m.ersteller,
            "/Producer": "WeasyPrint und pypdf (Steckbrief-Portal)",
        }
        info_dict = DictionaryObject(
            {NameObject(k): TextStringObject(v) for k, v in info.items() if v}
        )
        info_dict[NameObject("/CreationDate")] = TextStringObject(m.erstellt)
        info_dict[NameObject("/ModDate")] = TextStringObject(m.erstellt)
        self._objekt(self.INFO, info_dict)
        katalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): ref(self.PAGES),
                NameObject("/StructTreeRoot"): ref(self.STRUCT_ROOT),
                NameObject("/MarkInfo"): DictionaryObject(
                    {NameObject("/Marked"): BooleanObject(True)}
                ),
                NameObject("/Lang"): TextStringObject(m.sprache),
                NameObject("/ViewerPreferences"): DictionaryObject(
                    {NameObject("/DisplayDocTitle"): BooleanObject(True)}
                ),
                NameObject("/Outlines"): ref(self.OUTLINES),
                NameObject("/PageMode"): NameObject("/UseOutlines"),
            }
        )
        if self._metadaten_id is not None:
            katalog[NameObject("/Metadata")] = ref(self._metadaten_id)
        self._objekt(self.CATALOG, katalog)
        self._objektstrom_schreiben()
        self._xref_schreiben()

    def _gliederung_schreiben(self) -> None:
        """Outline (bookmarks): level-0 items, each with its level-1 children."""
        ref = self._ref
        oben: list[tuple[int, Gliederungspunkt, list[tuple[int, Gliederungspunkt]]]] = []
        for punkt in self.gliederung:
            if punkt.ebene > 0 and oben:
                oben[-1][2].append((self._neu(), punkt))
            else:
                oben.append((self._neu(), punkt, []))

        def eintraege(liste, eltern: int):
            for i, (nummer, punkt, *rest) in enumerate(liste):
                kinder = rest[0] if rest else []
                d = DictionaryObject(
                    {
                        NameObject("/Title"): TextStringObject(punkt.titel),
                        NameObject("/Parent"): ref(eltern),
                        NameObject("/Dest"): self._ziel(punkt.seite),
                    }
                )
                if i > 0:
                    d[NameObject("/Prev")] = ref(liste[i - 1][0])
                if i < len(liste) - 1:
                    d[NameObject("/Next")] = ref(liste[i + 1][0])
                if kinder:
                    d[NameObject("/First")] = ref(kinder[0][0])
                    d[NameObject("/Last")] = ref(kinder[-1][0])
                    d[NameObject("/Count")] = NumberObject(-len(kinder))  # closed
                    eintraege(kinder, nummer)
                self._objekt(nummer, d)

        wurzel = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
        if oben:
            wurzel[NameObject("/First")] = ref(oben[0][0])
            wurzel[NameObject("/Last")] = ref(oben[-1][0])
            wurzel[NameObject("/Count")] = NumberObject(len(oben))
            eintraege(oben, self.OUTLINES)
        self._objekt(self.OUTLINES, wurzel)

    def _xref_schreiben(self) -> None:
        xref_id = self._neu()
        position = self.ziel.tell()
        self._typ[xref_id] = 1
        self._f2[xref_id] = position
        groesse = len(self._typ)
        fehlend = [n for n in range(1, groesse) if self._typ[n] == 0]
        if fehlend:
            raise RuntimeError(f"Objekte ohne Inhalt: {fehlend[:10]}")
        b2 = max(1, (max(self._f2).bit_length() + 7) // 8)
        b3 = max(1, (max(self._f3).bit_length() + 7) // 8)
        zeilen = bytearray()
        for n in range(groesse):
            zeilen.append(self._typ[n])
            zeilen += self._f2[n].to_bytes(b2, "big")
            zeilen += self._f3[n].to_bytes(b3, "big")
        kennung = ByteStringObject(secrets.token_bytes(16))
        woerterbuch = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/XRef"),
                NameObject("/Size"): NumberObject(groesse),
                NameObject("/W"): ArrayObject(
                    [NumberObject(1), NumberObject(b2), NumberObject(b3)]
                ),
                NameObject("/Root"): self._ref(self.CATALOG),
                NameObject("/Info"): self._ref(self.INFO),
                NameObject("/ID"): ArrayObject([kennung, kennung]),
                NameObject("/Filter"): NameObject("/FlateDecode"),
            }
        )
        self._strom(xref_id, woerterbuch, zlib.compress(bytes(zeilen), 6))
        self.ziel.write(f"startxref\n{position}\n%%EOF\n".encode())
