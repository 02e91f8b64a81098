"""From a Steckbrief's text to key terms: words, stop words, German stems, compound parts.

`begriffe(text)` yields (stem, word) for every word that carries meaning: lower case, split
at everything that is not a letter or digit (so "Wasserstoff-Reallabor" gives two words),
without stop words and words shorter than 3 letters, stemmed (kooperation.stemmer). A long
compound also yields the parts it starts and ends with when those are words of TEILWOERTER
("Wasserstofftankstelle" → "wasserstofftankstelle", "wasserstoff", "tankstelle";
"Nahwärmenetz" → "nahwärmenetz", "netz"), so that compounds share terms with their parts; a
word of the list itself is not split ("Wasserstoff" does not yield "Wasser"). The list is
explicit, not learnt, so the result never depends on the other Steckbriefe. The word is kept for the explanation ("gemeinsame Begriffe: …")."""

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from .stemmer import stamm

WORT = re.compile(r"[0-9a-zäöüß]+")

# German function words and the vocabulary every Steckbrief uses alike (the form's own
# words: "Projekt", "Vorhaben", "Region" …); IDF would weigh them down anyway, but a stop
# word is never shown as a "gemeinsamer Begriff".
STOPPWOERTER = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei beim bereits besonders bin bis bisher
    bist bzw da dabei dadurch dafür dagegen daher dahin damit danach dann dar daran darauf
    daraus darin darum darunter das dass dasselbe dazu dein deine dem demnach den denen denn
    der deren derer des deshalb dessen dich die dies diese diesem diesen dieser dieses dir doch
    dort du durch eben ebenfalls ein eine einem einen einer eines einige einigen einiger
    einzelne er es etwa etwas euch euer eure für gegen gegenüber gemeinsam gemeinsame
    gemeinsamen gemäß genau gibt gleich gut hab habe haben hat hatte hätte hier hin hinter
    ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins insbesondere ist ja je
    jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann kein keine
    keinem keinen keiner keines können könnte machen man manche manchem manchen mancher
    manches mehr mehrere mein meine mich mir mit möglich möglichst muss müssen nach neben
    neue neuen neuer neues nicht nichts noch nun nur ob oder ohne rund sehr sein seine
    seinem seinen seiner seines seit selbst sich sie sind so sodass solche solchem solchen
    solcher solches soll sollen sollte sondern sowie sowohl sowohl statt über um und uns
    unser unsere unserem unseren unserer unter usw viel viele vom von vor vorhanden während
    war waren warst was weil weiter weitere weiteren weiterer welche welchem welchen welcher
    welches wenn wer werde werden wie wieder will wir wird wirst wo wurde wurden zu zum zur
    zwar zwischen zb ca etc bspw inkl sowie sollen künftig insgesamt jeweils bzw rahmen
    projekt projekte projekts projektes vorhaben vorhabens region regionen regional regionale
    regionalen regionaler ziel ziele zielen maßnahme maßnahmen ansatz umsetzung schaffen
    schafft stärken stärkung entwickeln entwicklung aufbau aufbauen soll sollen werden
    """.split()
)

# Parts of compounds that are matched inside longer words (before stemming; ä/ö/ü kept).
# Domain words of the Masterplan's fields, at least 4 letters.
TEILWOERTER = tuple(
    sorted(
        set(
            """
            wasserstoff wärme netz netzwerk energie strom solar photovoltaik wind speicher
            batterie elektrolyse elektrolyseur tankstelle fahrzeug fahrzeuge bus busse
            mobilität verkehr bahn rad radweg radverkehr logistik güter fracht lade
            ladesäule ladepunkt ladeinfrastruktur fachkräfte fachkraft ausbildung weiterbildung
            qualifizierung pflege gesundheit klinik medizin kita schule hochschule forschung
            labor reallabor gründung gründer startup innovation digital daten breitband
            glasfaser mobilfunk verwaltung tourismus kultur museum wandern bergbau montan
            kreislauf recycling rohstoff abfall wasser abwasser holz wald landwirtschaft
            lebensmittel gewerbe gewerbegebiet fläche flächen brache industrie produktion
            leichtbau textil maschinen maschinenbau automobil zulieferer halbleiter
            mikroelektronik sensor sensorik robotik automatisierung wohnen wohnraum quartier
            stadt dorf innenstadt handel handwerk unternehmen betrieb betriebe kommune
            klima klimaschutz anpassung hitze hochwasser boden biodiversität wissenschaft
            transfer campus lernen bildung jugend senioren familie fachkräftesicherung
            kinder betreuung schicht
            """.split()
        ),
        key=len,
        reverse=True,
    )
)
_TEILWORT_MENGE = frozenset(TEILWOERTER)  # a known word is not split ("wasserstoff")
MIN_KOMPOSITUM = 8  # shorter words are not searched for parts
MIN_REST = 3
MAX_WORT = 50  # longer "words" are not words (the stem column holds 60 letters)  # a part is taken only if the rest of the word has at least this many letters


@lru_cache(maxsize=200_000)
def _teile(wort: str) -> tuple[str, ...]:
    """The TEILWOERTER a compound starts or ends with (the longest at each end)."""
    if len(wort) < MIN_KOMPOSITUM or wort in _TEILWORT_MENGE:
        return ()
    teile = []
    for teil in TEILWOERTER:
        if wort != teil and wort.startswith(teil) and len(wort) - len(teil) >= MIN_REST:
            teile.append(teil)
            break
    for teil in TEILWOERTER:
        if wort != teil and wort.endswith(teil) and len(wort) - len(teil) >= MIN_REST:
            teile.append(teil)
            break
    return tuple(teile)


def woerter(text: str) -> list[str]:
    """The lower-case words of `text`, stop words and short words left out."""
    return [
        w for w in WORT.findall(text.lower()) if 3 <= len(w) <= MAX_WORT and w not in STOPPWOERTER
    ]


@lru_cache(maxsize=500_000)
def analyse(wort: str) -> tuple[tuple[str, str], ...]:
    """(stem, word) of the lower-case word and of its compound parts; () for a stop word,
    a number or a word of the wrong length."""
    if not 3 <= len(wort) <= MAX_WORT or wort in STOPPWOERTER or wort.isdigit():
        return ()
    return ((stamm(wort), wort), *((stamm(teil), teil) for teil in _teile(wort)))


def worthaeufigkeiten(text: str) -> Counter:
    """How often each lower-case word occurs in `text`."""
    return Counter(WORT.findall(text.lower()))


def begriffe(text: str) -> Iterator[tuple[str, str]]:
    """(stem, word) of every key term of `text`, compound parts after their word."""
    for wort in WORT.findall(text.lower()):
        yield from analyse(wort)
