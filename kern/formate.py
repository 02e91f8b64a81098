"""German numbers and amounts: the portal's one number format, built on Django's
number_format with the German locale (2.500.000, 3,5, 2.500.000 €).

The language is fixed to German here, not taken from the active one: Celery workers and
management commands have none, and the portal speaks only German.

Rounding: a value is rounded to `stellen` decimals the way Python formats it (floats by
their binary value, Decimals half to even) before Django's number_format groups it (which
would only cut off digits)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.formats import number_format

SPRACHE = "de"
STRICH = "–"  # shown for "no value" where a blank would look like an error (scores)


def _gerundet(wert, stellen: int | None) -> Decimal | float | None:
    """`wert` as a number rounded to `stellen` decimals (None: as it is); None if it is
    empty, not a number or not finite."""
    if wert is None or wert == "" or isinstance(wert, bool):
        return None
    try:
        zahl = wert if isinstance(wert, float | Decimal) else Decimal(str(wert).strip())
    except (InvalidOperation, ValueError):
        return None
    if not (zahl.is_finite() if isinstance(zahl, Decimal) else math.isfinite(zahl)):
        return None
    if stellen is None:
        return zahl
    return Decimal(f"{zahl:.{int(stellen)}f}")


def zahl(wert, stellen: int | None = 0, *, leer: str = "") -> str:
    """German number with thousands separator: 2500000 → '2.500.000', zahl(3.456, 1) →
    '3,5', zahl(80.0, None) → '80,0' (None: the decimals the value has). Empty, invalid
    or infinite values → `leer`."""
    gerundet = _gerundet(wert, stellen)
    if gerundet is None:
        return leer
    with translation.override(SPRACHE):
        return number_format(gerundet, stellen, use_l10n=True, force_grouping=True)


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
    gerundet = _gerundet(wert, 2)
    if gerundet is None:
        return ""
    return zahl(gerundet, 0 if gerundet == gerundet.to_integral_value() else 2)


def groesse(anzahl_bytes: int | None) -> str:
    """File size: 10485760 → '10 MB', 2621440 → '2,5 MB', 870400 → '850 kB'."""
    if anzahl_bytes is None:
        return ""
    if anzahl_bytes >= 1024 * 1024:
        return f"{zahl(anzahl_bytes / 1024 / 1024, 1).removesuffix(',0')} MB"
    return f"{max(1, round(anzahl_bytes / 1024))} kB"


def mio_eur(wert) -> str:
    """2500000 → '2,5 Mio. €'; below one million whole euros ('850.000 €')."""
    gerundet = _gerundet(wert, None)
    if gerundet is None:
        return ""
    if abs(gerundet) >= 1_000_000:
        return f"{zahl(Decimal(str(gerundet)) / 1_000_000, 1)} Mio. €"
    return eur(gerundet)
