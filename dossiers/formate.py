"""German date formats, independent of the active locale (workers have none). Numbers,
amounts and file sizes: kern.formate."""

import datetime

from django.utils import timezone


def datum(wert) -> str:
    """21.11.2026 (local time for datetimes)."""
    if not wert:
        return ""
    if isinstance(wert, str):
        wert = datetime.datetime.fromisoformat(wert)
    if isinstance(wert, datetime.datetime):
        wert = timezone.localtime(wert) if timezone.is_aware(wert) else wert
    return f"{wert:%d.%m.%Y}"


def datum_zeit(wert) -> str:
    """21.11.2026, 09:30 Uhr."""
    if not wert:
        return ""
    if isinstance(wert, str):
        wert = datetime.datetime.fromisoformat(wert)
    wert = timezone.localtime(wert) if timezone.is_aware(wert) else wert
    return f"{wert:%d.%m.%Y, %H:%M} Uhr"


def pdf_datum(wert: datetime.datetime) -> str:
    """PDF date string D:YYYYMMDDHHmmSS+HH'mm' in local time."""
    wert = timezone.localtime(wert) if timezone.is_aware(wert) else wert
    versatz = wert.strftime("%z") or "+0000"
    return f"D:{wert:%Y%m%d%H%M%S}{versatz[:3]}'{versatz[3:]}'"
