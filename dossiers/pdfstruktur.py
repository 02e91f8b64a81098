"""The document structure of the merged dossier (dossiers.pdfmerge): the structure trees
of the tagged sources (WeasyPrint with pdf/ua-1) merged into one, and the outline.

Every source's top-level structure elements become children of one /Document element (a
source's own /Document element dissolves into it); the pages' /StructParents keys and the
ParentTree are shifted per source. The outline (bookmarks) has level-0 items, each with
its level-1 children, closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .pdfschreiber import PdfSchreiber, Quellzustand


@dataclass
class Gliederungspunkt:
    """A bookmark: title, 0-based page index in the merged document, nesting level 0/1."""

    titel: str
    seite: int
    ebene: int = 0


class StrukturSchreiber(PdfSchreiber):
    """The writer plus the merged structure tree and the outline."""

    def __init__(
        self, ziel: BinaryIO, seiten: int, gliederung: list[Gliederungspunkt] | None = None
    ):
        super().__init__(ziel, seiten)
        self.gliederung = gliederung or []
        self._dokument_kinder: list[int] = []
        self._parent_tree: list[tuple[int, int]] = []
        self._schluessel_versatz = 0

    def _struktur_uebernehmen(self, zustand: Quellzustand, katalog) -> int | None:
        """Take over the structure tree of a source (whose catalog is `katalog`); returns
        the shift of its pages' /StructParents keys, None for an untagged source."""
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
            return versatz
        return None

    def _zahlenbaum(self, zustand: Quellzustand, knoten):
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

    def _als_nummer(self, zustand: Quellzustand, wert) -> int:
        """Object number of `wert` in the output; direct objects are written on their own."""
        if isinstance(wert, IndirectObject):
            return self._uebersetzen(zustand, wert).idnum
        nummer = self._neu()
        self._objekt(nummer, self._uebersetzen(zustand, wert))
        return nummer

    def _strukturbaum_schreiben(self) -> None:
        """The /Document element, the ParentTree and the structure root."""
        ref = self._ref
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
