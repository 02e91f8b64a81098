"""The German key terms: stems, stop words, compound parts."""

import pytest

from kooperation.stemmer import stamm
from kooperation.text import analyse, begriffe, woerter


@pytest.mark.parametrize(
    "a,b",
    [
        ("wasserstoff", "wasserstoffs"),
        ("netz", "netze"),
        ("netz", "netzes"),
        ("hochschule", "hochschulen"),
        ("batterie", "batterien"),
        ("fachkräfte", "fachkraft"),
        ("ergebnis", "ergebnisse"),
        ("regionale", "regionalen"),
        ("wärmepumpe", "wärmepumpen"),
    ],
)
def test_inflected_forms_share_a_stem(a, b):
    assert stamm(a) == stamm(b)


@pytest.mark.parametrize(
    "wort,erwartet",
    [
        # Answers of the Snowball German algorithm for these words.
        ("aufeinanderfolge", "aufeinanderfolg"),
        ("kategorischen", "kategor"),
        ("häuser", "haus"),
        ("möglichkeit", "moglich"),
        ("wirtschaftlich", "wirtschaft"),
        ("straße", "strass"),
        ("qualifizierung", "qualifizier"),
    ],
)
def test_the_stemmer_gives_the_snowball_stems(wort, erwartet):
    assert stamm(wort) == erwartet


def test_different_words_keep_different_stems():
    assert stamm("wärme") != stamm("wasser")
    assert stamm("netz") != stamm("netzwerk")


def test_stop_words_numbers_and_short_words_are_no_terms():
    assert woerter("Das Projekt und die Region für 2027 in Zwickau") == ["2027", "zwickau"]
    assert [w for _, w in begriffe("Das Projekt und die Region für 2027 in Zwickau")] == ["zwickau"]
    assert analyse("x" * 51) == ()


def test_compounds_yield_their_known_parts():
    teile = [w for _, w in begriffe("Nahwärmenetz")]
    assert teile == ["nahwärmenetz", "netz"]
    assert [w for _, w in begriffe("Wasserstofftankstelle")] == [
        "wasserstofftankstelle",
        "wasserstoff",
        "tankstelle",
    ]
    # Too short to be split, and a word is not its own part.
    assert [w for _, w in begriffe("Netzwerk Wärme")] == ["netzwerk", "wärme"]


def test_hyphenated_words_are_two_terms():
    assert [w for _, w in begriffe("Wasserstoff-Reallabor")] == ["wasserstoff", "reallabor"]
