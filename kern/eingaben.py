"""Numbers from user input (URL parameters, form fields, query strings) that go into a query.

Django guards single lookups (`pk=…` beyond the column's range finds nothing), but not
`__in`, OFFSET or a value that is written: the database refuses a number beyond its 64-bit
integer ("Python int too large to convert to SQLite INTEGER", PostgreSQL "out of range")
and the page answers 500. These helpers turn such input into "nothing" instead, so that the
view can answer 404 or a German message."""

from collections.abc import Iterable

from django.utils.text import smart_split

# The largest id the portal's keys can hold (BigAutoField; SQLite's INTEGER is 64-bit, too).
MAX_ID = 2**63 - 1
# Page numbers and other small counts.
MAX_ZAHL = 2**31 - 1


def zahl_aus(wert, hoechstens: int = MAX_ZAHL, mindestens: int = 0) -> int | None:
    """An integer written in ASCII digits (an optional sign and surrounding spaces allowed)
    within [mindestens, hoechstens], else None. "²", "١" and "1e3" are no numbers here
    (str.isdigit() accepts the first two, int() the second)."""
    if isinstance(wert, bool):
        return None
    if isinstance(wert, int):
        zahl = wert
    else:
        text = str(wert if wert is not None else "").strip()
        ziffern = text[1:] if text[:1] in "+-" else text
        if not ziffern or len(ziffern) > 20 or not (ziffern.isascii() and ziffern.isdigit()):
            return None
        zahl = int(text)
    return zahl if mindestens <= zahl <= hoechstens else None


def id_aus(wert) -> int | None:
    """A primary key from user input (1 … MAX_ID), else None."""
    return zahl_aus(wert, MAX_ID, 1)


def ids_aus(werte: Iterable) -> list[int]:
    """The valid primary keys among `werte`, sorted, without duplicates; others dropped."""
    return sorted({i for w in werte if (i := id_aus(w)) is not None})


# The admin's search: every word becomes a condition on every search field, all of them
# nested in one expression; a thousand words exceed SQLite's expression depth ("Expression
# tree is too large") and cost PostgreSQL a huge plan. Nobody searches for more words.
MAX_SUCHWOERTER = 10
MAX_SUCHZEICHEN = 200


def suchbegriff_begrenzen(text: str) -> str:
    """The first MAX_SUCHWOERTER words (quoted phrases count as one, as in the admin) of at
    most MAX_SUCHZEICHEN characters; for ModelAdmin.get_search_results."""
    woerter = []
    for wort in smart_split((text or "")[:MAX_SUCHZEICHEN]):
        woerter.append(wort)
        if len(woerter) == MAX_SUCHWOERTER:
            break
    return " ".join(woerter)
