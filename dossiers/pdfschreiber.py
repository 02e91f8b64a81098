"""The PDF writer under the dossier merge (dossiers.pdfmerge): writes objects straight
into the output file, copies the objects of source PDFs into it, and ends the file with a
cross-reference stream.

pypdf's PdfWriter keeps every object of the result in memory until it writes, so merging
a 3,000-page dossier with it costs memory in proportion to the dossier. This writer copies
one source PDF at a time, object by object, straight into the output file and keeps only
small bookkeeping per object (three array slots for the cross-reference stream) and per
page (its object number). Memory therefore stays bounded by the largest *source* (a chunk of
at most DOSSIER_TEIL_GROESSE Steckbriefe), not by the dossier.

- All objects are renumbered; the object numbers of the document's fixed objects and of
  all pages are reserved up front, so links and outline entries may point to pages that
  are written later.
- Non-stream objects go into compressed object streams; streams are written directly.

Speed: a tagged WeasyPrint PDF holds about a hundred small objects per page (mostly
structure elements), all in one compressed object stream, and pypdf parses such a stream
completely into Python objects as soon as one object of it is touched (~7,000 objects/s).
The sources are therefore read "raw" (RohZustand): pypdf reads only the cross-reference
table and the top-level streams; the object streams are inflated with zlib and every object
is copied as bytes, with its references renumbered by one regular expression that skips
literal and hex strings (the sources are pydyf's output: strings escape their parentheses).
Only the few objects that change — catalog, page tree, pages, structure root, ParentTree,
the contents' link annotations — are parsed with pypdf.
"""

from __future__ import annotations

import io
import re
import secrets
import zlib
from array import array
from collections import deque
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    read_object,
)

_OBJEKTE_JE_STROM = 200

# A reference "12 0 R", or a literal/hex string to step over (its content is never a ref).
_REFERENZ = re.compile(
    rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(\d+) (\d+) R(?![^\s\[\]<>(){}/%])", re.S
)


class Quellzustand:
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


class RohZustand(Quellzustand):
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


class PdfSchreiber:
    """Writes a PDF into `ziel` object by object. Object numbers 1–8 are the document's
    fixed objects (catalog, page tree, structure root, /Document element, ParentTree, /Info,
    outline root, the "q" stream that opens every stamped page); the next `seiten` are the
    pages, in order (seiten_ids)."""

    CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, INFO, OUTLINES, Q_AUF = range(1, 9)

    def __init__(self, ziel: BinaryIO, seiten: int):
        self.ziel = ziel
        # Cross-reference data per object number: type (0 free, 1 offset, 2 in stream),
        # field 2 (offset or object-stream number), field 3 (index in the stream).
        self._typ = bytearray([0])
        self._f2 = array("Q", [0])
        self._f3 = array("I", [65535])
        self._puffer: list[tuple[int, bytes]] = []
        for _ in range(self.Q_AUF):
            self._neu()
        self.seiten_ids = [self._neu() for _ in range(seiten)]

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
    def _uebersetzen(self, zustand: Quellzustand, objekt):
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
            self._woerterbuch_anpassen(zustand, objekt, neu)
            return neu
        if isinstance(objekt, ArrayObject):
            return ArrayObject(self._uebersetzen(zustand, wert) for wert in list.__iter__(objekt))
        return objekt

    def _link_umschreiben(self, zustand, quelle: DictionaryObject, neu: DictionaryObject):
        """Hook: change the copy `neu` of the link annotation `quelle` (nothing here)."""

    def _woerterbuch_anpassen(self, zustand, quelle: DictionaryObject, neu: DictionaryObject):
        """Hook: change the copy `neu` of any dictionary `quelle` (nothing here)."""

    def _roh_kopierbar(self, roh: bytes) -> bool:
        """Hook: False for raw objects that must be parsed and copied with _uebersetzen."""
        return True

    def _ziel(self, seite: int) -> ArrayObject:
        """Destination: page `seite` (0-based) of the document, fitted in the window."""
        return ArrayObject(
            [self._ref(self.seiten_ids[seite]), NameObject("/Fit")],
        )

    def _umnummern(self, zustand: Quellzustand, roh: bytes) -> bytes:
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

    def _kopieren(self, zustand: Quellzustand, quelle: int) -> None:
        nummer = zustand.zuordnung[quelle]
        roh = zustand.roh(quelle)
        if roh is not None and self._roh_kopierbar(roh):
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

    def _warteschlange_abarbeiten(self, zustand: Quellzustand) -> None:
        while zustand.warteschlange:
            quelle = zustand.warteschlange.popleft()
            if quelle in zustand.nicht_kopieren:
                continue
            self._kopieren(zustand, quelle)

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
