"""Characters the PDF font cannot draw: emoji in what submitters wrote.

The PDFs embed DejaVu Sans (Debian's fonts-dejavu-core), which has no emoji; WeasyPrint
would draw an empty box and the reader would lose what was meant. A colour emoji font is
not guaranteed on the machines (fonts-noto-color-emoji is no dependency of the portal), so
every emoji the font lacks is written as its name in brackets, e.g. "[Emoji: Rakete]":
German for the common ones, else the Unicode name. Joiners, variation selectors and skin
tones that only modify an emoji are dropped with it. Nothing else is changed."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

# German names of emoji that occur in project descriptions; others get the Unicode name.
NAMEN = {
    "🚀": "Rakete",
    "👍": "Daumen hoch",
    "✅": "Häkchen",
    "❌": "Kreuz",
    "⚡": "Blitz",
    "💡": "Glühbirne",
    "🔋": "Batterie",
    "🌱": "Setzling",
    "🌍": "Erde",
    "🌳": "Baum",
    "♻": "Recycling",
    "🚗": "Auto",
    "🚲": "Fahrrad",
    "🚆": "Zug",
    "🏭": "Fabrik",
    "🏠": "Haus",
    "🎓": "Doktorhut",
    "📈": "steigendes Diagramm",
    "📉": "fallendes Diagramm",
    "📊": "Balkendiagramm",
    "💶": "Euro-Schein",
    "💰": "Geldsack",
    "🤝": "Handschlag",
    "👥": "Personen",
    "❤": "Herz",
    "😀": "grinsendes Gesicht",
    "🙂": "lächelndes Gesicht",
    "😊": "lächelndes Gesicht",
    "🎉": "Konfetti",
    "⭐": "Stern",
    "🔥": "Feuer",
    "💧": "Wassertropfen",
    "☀": "Sonne",
    "⚠": "Warnung",
    "📅": "Kalender",
    "📍": "Stecknadel",
}
# Only modify the emoji before them: dropped together with it.
_MODIFIKATOREN = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]")
_KANDIDAT = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff"
    "\U0001f000-\U0001faff\U0001f1e6-\U0001f1ff]"
    "[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]*"
)
# The fonts of the PDFs (Debian's fonts-dejavu-core, see dossiers/static/dossiers/pdf.css).
SCHRIFTEN = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@functools.cache
def _im_font() -> frozenset[int]:
    """Code points both PDF fonts (regular and bold) can draw; none if they are missing
    (then every candidate is named rather than drawn as an empty box)."""
    from fontTools.ttLib import TTFont

    mengen = [set(TTFont(pfad, lazy=True).getBestCmap()) for pfad in SCHRIFTEN if pfad.exists()]
    return frozenset(set.intersection(*mengen)) if mengen else frozenset()


def _name(zeichen: str) -> str:
    if zeichen in NAMEN:
        return NAMEN[zeichen]
    return unicodedata.name(zeichen, f"U+{ord(zeichen):04X}").capitalize()


def ersetzen(text: str) -> str:
    """`text` with every emoji the PDF font lacks written as "[Emoji: name]"."""
    vorhanden = _im_font()

    def ersatz(treffer: re.Match) -> str:
        zeichen = treffer.group(0)[0]
        if ord(zeichen) in vorhanden:
            return _MODIFIKATOREN.sub("", treffer.group(0))
        return f"[Emoji: {_name(zeichen)}]"

    return _KANDIDAT.sub(ersatz, text)
