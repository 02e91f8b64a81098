"""A German stemmer, so that "Wasserstoff" and "Wasserstoffs", "Netze" and "Netz",
"Qualifizierung" and "qualifizieren" count as one key term.

`stamm(wort)` is the Snowball German stemmer of the `snowballstemmer` package (in the lock
files). It is a "light" stemmer: inflectional and a few derivational endings, ä/ö/ü folded to
a/o/u and ß to ss; it does not split compounds (kooperation.text does that) and does not know
irregular forms (gehen/ging). tests/kooperation/test_text.py pins its answers for the words
the similarity depends on.

Input: one lower-case word. Output: its stem (lower case, ASCII letters for the umlauts)."""

from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("german")


@lru_cache(maxsize=200_000)
def stamm(wort: str) -> str:
    """The stem of the lower-case word `wort`."""
    return _STEMMER.stemWord(wort)
