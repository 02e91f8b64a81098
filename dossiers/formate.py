"""German number and date formats, independent of the active locale (workers have none)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from handlungsfelder.templatetags.portal import format_eur


def _gruppiert(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def zahl(wert) -> str:
    """1234 → '1.234'."""
    if wert is None or wert == "":
        return ""
    return _gruppiert(f"{int(wert):,}")


def dezimal(wert, stellen: int = 1) -> str:
    """3.456 → '3,5'; None → '–'."""
    if wert is None or wert == "":
        return "–"
    try:
        return _gruppiert(f"{Decimal(str(wert)):,.{stellen}f}")
    except (InvalidOperation, ValueError):
        return "–"


def eur(wert) -> str:
    """2500000 → '2.500.000 €' (the portal's format)."""
    return format_eur(wert)


def mio_eur(wert) -> str:
    """2500000 → '2,5 Mio. €', below one million as whole euros."""
    if wert is None:
        return ""
    betrag = Decimal(wert)
    if abs(betrag) >= 1_000_000:
        return f"{dezimal(betrag / 1_000_000, 1)} Mio. €"
    return format_eur(betrag)


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


def groesse(bytes_: int | None) -> str:
    """File size: '1,2 MB', '850 kB'."""
    if bytes_ is None:
        return ""
    if bytes_ >= 1024 * 1024:
        return f"{dezimal(bytes_ / 1024 / 1024, 1)} MB"
    return f"{max(1, round(bytes_ / 1024))} kB"
