"""Attachments: which files are accepted (checked by content, not by name) and the limits.

Allowed are PDF, DOCX, XLSX, PPTX, PNG and JPG. PDF/PNG/JPG are recognised by their magic
bytes (the `filetype` package); DOCX/XLSX/PPTX are ZIP containers, recognised by their
[Content_Types].xml and main part. The file name's extension must match the content.

A ZIP container is also checked against a "zip bomb" before anything is read from it: its
entries, their unpacked size and the compression ratio, as its central directory declares
them (nothing is unpacked; the portal never unpacks attachments, but whoever downloads
one does)."""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum

from kern.formate import groesse, zahl

ERLAUBT_TEXT = "PDF, DOCX, XLSX, PPTX, PNG und JPG"


@dataclass(frozen=True)
class Dateityp:
    kuerzel: str
    content_type: str
    endungen: frozenset[str]


PDF = Dateityp("PDF", "application/pdf", frozenset({"pdf"}))
PNG = Dateityp("PNG", "image/png", frozenset({"png"}))
JPG = Dateityp("JPG", "image/jpeg", frozenset({"jpg", "jpeg"}))
DOCX = Dateityp(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({"docx"}),
)
XLSX = Dateityp(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    frozenset({"xlsx"}),
)
PPTX = Dateityp(
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    frozenset({"pptx"}),
)
TYPEN = [PDF, DOCX, XLSX, PPTX, PNG, JPG]
ENDUNGEN = {e: t for t in TYPEN for e in t.endungen}

# Office Open XML: main part and its (macro-free) content type per format.
OOXML = {
    DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    PPTX: (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
MAX_ZIP_EINTRAEGE = 10_000
# The ratio is judged only from this unpacked size on: a small file may compress very well.
KOMPRESSION_AB_BYTES = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_OVERRIDE = re.compile(rb"<Override\b([^>]*)>")
_ATTR = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')


def dateiname_bereinigen(name: str) -> str:
    """The user's file name without path parts and control characters, at most 200 chars."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > 200:
        stamm, punkt, endung = name.rpartition(".")
        name = (stamm[: 200 - len(endung) - 1] + punkt + endung) if punkt else name[:200]
    return name or "Anlage"


def _ooxml_typ(datei) -> Dateityp | None:
    """Which Office format the ZIP container is, by its declared main part; None if none.
    Macro-enabled variants (docm, xlsm, pptm) are not recognised, hence rejected."""
    try:
        with zipfile.ZipFile(datei) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_EINTRAEGE:
                return None
            namen = {i.filename for i in infos}
            ct_info = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if ct_info is None or ct_info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            with zf.open(ct_info) as f:
                content_types = f.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in namen):
        return None
    overrides = {}
    for match in _OVERRIDE.finditer(content_types):
        attrs = dict(_ATTR.findall(match.group(1)))
        if b"PartName" in attrs and b"ContentType" in attrs:
            overrides[attrs[b"PartName"].decode("utf-8", "replace").lstrip("/")] = attrs[
                b"ContentType"
            ].decode("utf-8", "replace")
    for typ, (teil, content_type) in OOXML.items():
        if teil in namen and overrides.get(teil) == content_type:
            return typ
    return None


def zip_pruefen(datei, name: str) -> None:
    """Raise ValidationError (German, naming the file) if the ZIP container `datei` has too
    many entries, unpacks to more than ANLAGE_MAX_ENTPACKT_BYTES or is compressed more than
    ANLAGE_MAX_KOMPRESSION : 1. Only the central directory is read. A file that is no ZIP
    passes here (the content check rejects it)."""
    try:
        datei.seek(0)
        with zipfile.ZipFile(datei) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return
    finally:
        datei.seek(0)
    if len(infos) > MAX_ZIP_EINTRAEGE:
        raise ValidationError(
            f"Die Datei „{name}“ besteht aus {zahl(len(infos))} Teilen; erlaubt sind höchstens "
            f"{zahl(MAX_ZIP_EINTRAEGE)}. Bitte speichern Sie das Dokument neu oder als PDF.",
            code="zu_viele_teile",
        )
    entpackt = sum(i.file_size for i in infos)
    gepackt = sum(i.compress_size for i in infos)
    max_entpackt = settings.ANLAGE_MAX_ENTPACKT_BYTES
    if entpackt > max_entpackt:
        raise ValidationError(
            f"Die Datei „{name}“ wäre entpackt {groesse(entpackt)} groß; erlaubt sind "
            f"höchstens {groesse(max_entpackt)}. Bitte verkleinern Sie das Dokument (zum "
            "Beispiel Bilder komprimieren) oder laden Sie es als PDF hoch.",
            code="entpackt_zu_gross",
        )
    max_verhaeltnis = settings.ANLAGE_MAX_KOMPRESSION
    if entpackt >= KOMPRESSION_AB_BYTES and entpackt > max_verhaeltnis * max(gepackt, 1):
        raise ValidationError(
            f"Die Datei „{name}“ ist ungewöhnlich stark komprimiert (entpackt "
            f"{groesse(entpackt)} aus {groesse(gepackt)}, mehr als {max_verhaeltnis} : 1) und "
            "wird deshalb nicht angenommen. Bitte speichern Sie das Dokument neu oder als PDF.",
            code="kompression",
        )


def inhalt_erkennen(datei) -> Dateityp | None:
    """The allowed type the file's content is, or None."""
    datei.seek(0)
    kopf = datei.read(8192)
    datei.seek(0)
    erkannt = filetype.guess(kopf)
    try:
        if erkannt is None:
            return None
        if erkannt.mime == "application/pdf":
            return PDF
        if erkannt.mime == "image/png":
            return PNG
        if erkannt.mime == "image/jpeg":
            return JPG
        if erkannt.mime == "application/zip" or erkannt.mime in {t.content_type for t in OOXML}:
            return _ooxml_typ(datei)
        return None
    finally:
        datei.seek(0)


def pruefe_datei(upload, belegt: int = 0) -> Dateityp:
    """Validate an uploaded file against type and size limits; `belegt` = bytes already used
    by the Steckbrief's attachments. Raises ValidationError with a German message."""
    name = dateiname_bereinigen(upload.name or "")
    max_datei = settings.ANLAGE_MAX_BYTES
    max_gesamt = settings.ANLAGEN_MAX_BYTES_JE_STECKBRIEF
    if upload.size > max_datei:
        raise ValidationError(
            f"Die Datei „{name}“ ist {groesse(upload.size)} groß. Erlaubt sind "
            f"höchstens {groesse(max_datei)} je Datei.",
            code="zu_gross",
        )
    if belegt + upload.size > max_gesamt:
        frei = max(0, max_gesamt - belegt)
        raise ValidationError(
            f"Alle Anlagen eines Steckbriefs zusammen dürfen höchstens "
            f"{groesse(max_gesamt)} groß sein. Noch frei: {groesse(frei)}.",
            code="gesamt_zu_gross",
        )
    if upload.size == 0:
        raise ValidationError(f"Die Datei „{name}“ ist leer.", code="leer")
    endung = name.rpartition(".")[2].lower() if "." in name else ""
    erwartet = ENDUNGEN.get(endung)
    if erwartet is None:
        raise ValidationError(
            f"Dateien dieses Typs („{name}“) sind nicht erlaubt. Erlaubt sind {ERLAUBT_TEXT}.",
            code="typ",
        )
    if erwartet in OOXML:
        zip_pruefen(upload, name)
    erkannt = inhalt_erkennen(upload)
    if erkannt is None or erkannt != erwartet:
        raise ValidationError(
            f"Der Inhalt der Datei „{name}“ ist keine gültige {erwartet.kuerzel}-Datei. "
            f"Erlaubt sind {ERLAUBT_TEXT}; Dateien mit Makros sind nicht erlaubt.",
            code="inhalt",
        )
    return erkannt


def belegter_speicher(sb) -> int:
    return sb.anlagen.aggregate(summe=Sum("groesse"))["summe"] or 0
