"""Streaming merge of the dossier's partial PDFs into one tagged PDF.

The merge copies one source at a time, object by object, straight into the output file, so
memory stays bounded by the largest source, not by the dossier. Its parts:

- dossiers.pdfschreiber: the writer — renumbered objects, object streams, the
  cross-reference stream, raw copying of the sources' objects (see there for memory and
  speed),
- dossiers.pdfstruktur: the merged structure tree (tagged PDF) and the outline,
- dossiers.seitenzahlen: "Seite X von Y" stamped onto the numbered pages,
- here: the pages of every source in order, link annotations whose URI starts with
  ``dossier:`` (the table of contents) rewritten into GoTo actions to the target page, and
  the end of the document: page tree, /Info dictionary and the catalog (/MarkInfo, /Lang,
  /StructTreeRoot, /Outlines, XMP /Metadata of the first source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .pdfschreiber import Quellzustand, RohZustand
from .pdfstruktur import Gliederungspunkt, StrukturSchreiber
from .seitenzahlen import SEITENZAHL_FONT, Seitenzahlen

LINK_PRAEFIX = "dossier:"
# Raw objects containing these are parsed (links of the contents, font names).
_GEPARST = (LINK_PRAEFIX.encode(), b"/BaseFont", b"/FontName")
_SUBSET = re.compile(r"^/([A-Z]{6})\+(.+)$")

__all__ = ["Gliederungspunkt", "Metadaten", "Quelle", "StreamingPdfMerger"]


@dataclass
class Quelle:
    """One partial PDF in page order; `nummeriert`: its pages get "Seite X von Y"."""

    pfad: Path
    nummeriert: bool = True


@dataclass
class Metadaten:
    titel: str
    autor: str
    erstellt: str  # PDF date string, e.g. "D:20261121093000+01'00'"
    thema: str = ""
    ersteller: str = "Steckbrief-Portal Masterplan Region Chemnitz/Südwestsachsen"
    sprache: str = "de"
    erstellt_iso: str = ""  # the same moment as `erstellt`, ISO 8601 (XMP)
    # PDF/A-3b and PDF/UA-1: the sources are PDF/A-3b pieces (dossiers.rendering); the
    # output intent of the first is kept and one XMP claims both parts.
    archiv: bool = False


PRODUZENT = "WeasyPrint und pypdf (Steckbrief-Portal)"


def xmp(m: Metadaten) -> bytes:
    """XMP metadata of the merged file, consistent with its /Info dictionary (PDF/A)."""
    t = escape
    teile = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
        'pdfaid:part="3" pdfaid:conformance="B"/>',
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'pdfuaid:part="1"/>',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t(m.titel)}</rdf:li></rdf:Alt>'
        "</dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{t(m.autor)}</rdf:li></rdf:Seq></dc:creator>",
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{t(m.thema)}</rdf:li>'
        "</rdf:Alt></dc:description>",
        f"<dc:language><rdf:Bag><rdf:li>{t(m.sprache)}</rdf:li></rdf:Bag></dc:language>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f"xmp:CreatorTool={quoteattr(m.ersteller)} xmp:CreateDate={quoteattr(m.erstellt_iso)} "
        f"xmp:ModifyDate={quoteattr(m.erstellt_iso)}/>",
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        f"pdf:Producer={quoteattr(PRODUZENT)}/>",
        "</rdf:RDF>",
        "</x:xmpmeta>",
        '<?xpacket end="w"?>',
    ]
    return "\n".join(teile).encode("utf-8")


class StreamingPdfMerger(StrukturSchreiber):
    """Merge `quellen` into `ziel`. `seitenzahlen` are the page counts of the sources (known
    from rendering), so that page object numbers can be reserved before anything is read."""

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
        super().__init__(ziel, sum(seitenzahlen), gliederung)
        self.quellen = quellen
        self.seitenzahlen = seitenzahlen
        self.metadaten = metadaten
        self.link_ziele = link_ziele or {}
        self._metadaten_id: int | None = None
        self._seitenzahlen = Seitenzahlen(seitenzahl_vorlage) if seitenzahl_vorlage else None
        self._seitenzahl_font: int | None = None
        self._subset_tags: dict[tuple[int, str], str] = {}
        self._ausgabebedingung = None
        self._subset_quellen = 0

    # --- links of the table of contents -------------------------------------------------
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

    def _roh_kopierbar(self, roh: bytes) -> bool:
        """Raw objects that mention "dossier:" (links of the contents) and font dictionaries
        (their subset tags) are parsed and rewritten."""
        return not any(zeichen in roh for zeichen in _GEPARST)

    # --- font subset tags -----------------------------------------------------------------
    def _woerterbuch_anpassen(self, zustand, quelle: DictionaryObject, neu: DictionaryObject):
        """Every source embeds its own subsets of the same fonts, and WeasyPrint names a
        subset after the font, not after its glyphs ("XKQQSR+DejaVu-Sans" in every piece).
        In one file each subset needs its own tag: a new one per source and original tag."""
        for schluessel in ("/BaseFont", "/FontName"):
            name = neu.get(schluessel)
            treffer = _SUBSET.match(str(name)) if name is not None else None
            if treffer:
                neu[NameObject(schluessel)] = NameObject(
                    f"/{self._subset_tag(zustand, treffer.group(1))}+{treffer.group(2)}"
                )

    def _subset_tag(self, zustand, alt: str) -> str:
        if not hasattr(zustand, "subset_quelle"):
            zustand.subset_quelle = self._subset_quellen
            self._subset_quellen += 1
        schluessel = (zustand.subset_quelle, alt)
        if schluessel not in self._subset_tags:
            n = len(self._subset_tags)
            tag = ""
            for _ in range(6):
                n, rest = divmod(n, 26)
                tag = chr(ord("A") + rest) + tag
            self._subset_tags[schluessel] = tag
        return self._subset_tags[schluessel]

    # --- one source ---------------------------------------------------------------------
    def _quelle_kopieren(self, quelle: Quelle, erste_seite: int, anzahl: int, erste: bool):
        nummeriert = quelle.nummeriert and self._seitenzahlen is not None
        zustand = RohZustand(quelle.pfad)
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

        versatz = self._struktur_uebernehmen(zustand, katalog)

        if erste and katalog.get("/Metadata") is not None and not self.metadaten.archiv:
            self._metadaten_id = self._uebersetzen(zustand, katalog.raw_get("/Metadata")).idnum
        if erste and self.metadaten.archiv and katalog.get("/OutputIntents") is not None:
            self._ausgabebedingung = self._uebersetzen(zustand, katalog.raw_get("/OutputIntents"))

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

    def _seiten_sammeln(self, zustand: Quellzustand, knoten_ref, seiten: list) -> None:
        """Pages of a page tree in order; the tree's own nodes are not copied."""
        zustand.nicht_kopieren.add(knoten_ref.idnum)
        zustand.zuordnung[knoten_ref.idnum] = self.PAGES
        knoten = zustand.objekt(knoten_ref.idnum)
        if knoten.get("/Type") == "/Page":
            seiten.append((knoten_ref.idnum, knoten))
            return
        for kind in list.__iter__(zustand.aufloesen(knoten.raw_get("/Kids"))):
            self._seiten_sammeln(zustand, kind, seiten)

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
            box = zustand.aufloesen(seite.get("/MediaBox"))
            breite = float(box[2]) - float(box[0]) if box is not None else None
            self._strom(text, DictionaryObject(), self._seitenzahlen.strom(seitenzahl, breite))
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
        self._strukturbaum_schreiben()
        self._gliederung_schreiben()
        m = self.metadaten
        info = {
            "/Title": m.titel,
            "/Author": m.autor,
            "/Subject": m.thema,
            "/Creator": m.ersteller,
            "/Producer": PRODUZENT,
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
        if m.archiv:
            self._metadaten_id = self._neu()
            self._strom(
                self._metadaten_id,
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Metadata"),
                        NameObject("/Subtype"): NameObject("/XML"),
                    }
                ),
                xmp(m),
            )
            if self._ausgabebedingung is not None:
                katalog[NameObject("/OutputIntents")] = self._ausgabebedingung
        if self._metadaten_id is not None:
            katalog[NameObject("/Metadata")] = ref(self._metadaten_id)
        self._objekt(self.CATALOG, katalog)
        self._objektstrom_schreiben()
        self._xref_schreiben()
