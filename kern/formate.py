"""German numbers and amounts: the portal's one number format (2.500.000, 3,5,
2.500.000 €), whatever language is active (Celery workers and management commands have
none, and the portal speaks only German).

Built on Python's format specification with the German separators swapped in, not on
django.utils.formats.number_format: that one switches the translation per call and costs
about 36 µs a number (measured; 5 µs without the switch), which the ranking page and the
dossiers pay hundreds of times per page; this costs 2–3 µs. Rounding is Python's: floats
by their binary value, Decimals half to even."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

STRICH = "–"  # shown for "no value" where a blank would look like an error (scores)


_ZAHLTYPEN = (int, float, Decimal)
_SPEZIFIKATION = {n: f",.{n}f" for n in range(7)}  # the format specs in use, built once


def _zahl(wert) -> int | float | Decimal | None:
    """`wert` as a finite number; None if it is empty, not a number or not finite."""
    if type(wert) in _ZAHLTYPEN:
        zahl = wert
    elif wert is None or wert == "" or isinstance(wert, bool):
        return None
    elif isinstance(wert, _ZAHLTYPEN):
        zahl = wert
    else:
        try:
            zahl = Decimal(str(wert).strip())
        except (InvalidOperation, ValueError):
            return None
    if not (zahl.is_finite() if isinstance(zahl, Decimal) else math.isfinite(zahl)):
        return None
    return zahl


def zahl(wert, stellen: int | None = 0, *, leer: str = "") -> str:
    """German number with thousands separator: 2500000 → '2.500.000', zahl(3.456, 1) →
    '3,5', zahl(80.0, None) → '80,0' (None: the decimals the value has). Empty, invalid
    or infinite values → `leer`; no '-0'."""
    z = _zahl(wert)
    if z is None:
        return leer
    if stellen is None:
        text = format(z, ",")
    else:
        text = format(z, _SPEZIFIKATION.get(stellen) or f",.{int(stellen)}f")
    if text[0] == "-" and not text.strip("-0.,"):
        text = text[1:]
    if "," not in text:  # below 1,000: only the decimal point (the common case, fast)
        return text.replace(".", ",")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def punkte(wert, stellen: int = 1) -> str:
    """Scores and means: 72.456 → '72,5'; no score → '–'."""
    return zahl(wert, stellen, leer=STRICH)


def eur(wert, stellen: int = 0) -> str:
    """Amount in euros: 2500000 → '2.500.000 €', eur(1234.5, 2) → '1.234,50 €'; empty or
    invalid → ''."""
    text = zahl(wert, stellen)
    return f"{text} €" if text else ""


def betrag(wert) -> str:
    """An amount without the currency sign, in whole euros or with cents if it has any:
    2500000 → '2.500.000', 2500000.5 → '2.500.000,50' (form fields)."""
    z = _zahl(wert)
    if z is None:
        return ""
    gerundet = Decimal(f"{z:.2f}")
    return zahl(gerundet, 0 if gerundet == gerundet.to_integral_value() else 2)


def eur_betrag(wert) -> str:
    """An amount in euros as it was entered: whole euros without decimals, else with its
    cents: 1250000 → '1.250.000 €', Decimal('1250000.50') → '1.250.000,50 €' (the
    Steckbrief's amounts, where a change in cents must show); empty or invalid → ''."""
    text = betrag(wert)
    return f"{text} €" if text else ""


def groesse(anzahl_bytes: int | None) -> str:
    """File size: 10485760 → '10 MB', 2621440 → '2,5 MB', 870400 → '850 kB'."""
    if anzahl_bytes is None:
        return ""
    if anzahl_bytes >= 1024 * 1024:
        return f"{zahl(anzahl_bytes / 1024 / 1024, 1).removesuffix(',0')} MB"
    return f"{max(1, round(anzahl_bytes / 1024))} kB"


def mio_eur(wert) -> str:
    """2500000 → '2,5 Mio. €'; below one million whole euros ('850.000 €')."""
    z = _zahl(wert)
    if z is None:
        return ""
    if abs(z) >= 1_000_000:
        return f"{zahl(Decimal(str(z)) / 1_000_000, 1)} Mio. €"
    return eur(z)
