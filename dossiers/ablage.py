"""Where the files of export jobs live: one folder per job in the private media storage
(exporte/<id>, see ExportJob.ordner), one subfolder per run, the result's file name."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from .models import ExportArt, ExportJob


def pfad(name: str) -> Path:
    return Path(default_storage.path(name))


def ordner_loeschen(name: str) -> None:
    shutil.rmtree(pfad(name), ignore_errors=True)


def dateiname(job: ExportJob) -> str:
    endung = {ExportArt.CSV: "csv", ExportArt.XLSX: "xlsx"}.get(job.art, "pdf")
    stamm = {
        ExportArt.STECKBRIEF_PDF: f"steckbrief-{job.parameter.get('steckbrief')}",
        ExportArt.DOSSIER: "dossier",
        ExportArt.IDEEN_DOSSIER: "dossier",
        ExportArt.CSV: "steckbriefe",
        ExportArt.XLSX: "steckbriefe",
    }[job.art]
    # Umlauts stay (the download sends filename* after RFC 6266, with an ASCII fallback).
    zusatz = "" if job.art == ExportArt.STECKBRIEF_PDF else slugify(job.beschreibung, True)[:60]
    teile = [stamm, zusatz, timezone.localdate().isoformat()]
    return "-".join(t for t in teile if t) + f".{endung}"


def content_disposition(name: str) -> str:
    """Download header after RFC 6266: an ASCII fallback (umlauts transcribed, ä → ae) for
    old clients and filename* in UTF-8 that keeps the name as it is."""
    ersatz = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    einfach = "".join(ersatz.get(z, z) for z in name)
    einfach = unicodedata.normalize("NFKD", einfach).encode("ascii", "ignore").decode()
    einfach = einfach.replace("\\", "_").replace('"', "_") or "export"
    return f"attachment; filename=\"{einfach}\"; filename*=UTF-8''{quote(name, safe='')}"


def ergebnis_name(job: ExportJob) -> str:
    return f"{job.ordner}/lauf-{job.lauf}/{job.dateiname}"
