"""How similar two Steckbriefe are, and why: the method, on plain data (no database).

A Steckbrief is a `Dokument`: its text fields, its Zieldimensionen/Teilziele/KPIs, its
Gebietskörperschaften, its organisation and partners, and what it seeks ("gesuchte
Kooperationspartner") and offers (the Kooperationsbörse's "Angebot"). The score of a pair is
one number in [0, 1], the weighted sum of five parts, each in [0, 1] and each explained:

- text (GEWICHTE["text"]): cosine of TF-IDF vectors of the key terms (kooperation.text:
  stop words, German stems, compound parts) of the text fields, a field's terms counted
  with its weight (FELDGEWICHTE: the title counts three times); tf is 1 + ln(count), idf
  ln((N + 1) / (df + 1)). Explained by the shared terms that contribute most.
- ziele: the Jaccard overlap of the Zieldimensionen, with the Teilziele's when either names
  Teilziele (mean of both). Explained by the shared codes and the number of Teilziele.
- region: 1 for a shared Gebietskörperschaft, NACHBARSCHAFT_WERT for neighbouring ones or
  when one of them is for the whole region. Explained by the names.
- partner: 1 when the two share a partner or organisation (names compared without legal
  form), or one names the other's organisation as partner. Explained by the names.
- gesucht: the cosine between one's "gesuchte Kooperationspartner" and the other's offer
  (either direction, the higher). Explained by the matching terms.

Only pairs whose text is similar at all are candidates: for speed, every Steckbrief's
SCHLAGWORTE heaviest terms form an inverted index whose lists keep the POSTINGS heaviest
entries; a Steckbrief's candidates are the KANDIDATEN best by that partial dot product, then
scored exactly; pairs found by seek/offer are added. Below 2,000 Steckbriefe nothing is cut
off in practice (no list is longer than POSTINGS and every shared heavy term counts).

`nachbarn(dokumente)` computes for every Dokument its NACHBARN best others; the same steps
for one Dokument against an index (`Index.nachbarn_von`) serve the update of one Steckbrief.

Ideas of the Ideenwettbewerb are Dokumente too (`art` IDEE, their fields weighted by
IDEE_FELDGEWICHTE, no Zieldimensionen; the caller keeps their `pk` apart from the
Steckbriefe', kooperation.berechnung uses the negative idea id). Every art has its own
inverted index, so a Dokument gets its NACHBARN best of each art: ideas never crowd
Steckbriefe out of a Steckbrief's list (and a set without ideas is scored as before).
"""

from __future__ import annotations

import heapq
import math
import multiprocessing
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from .text import analyse, worthaeufigkeiten

FELDGEWICHTE = {
    "titel": 3.0,
    "kurztitel": 1.0,
    "kurzbeschreibung": 2.0,
    "ausgangssituation": 1.0,
    "ziele": 1.5,
    "vision": 1.0,
    "kernansatz": 1.5,
    "transformationsbezug": 1.0,
    "zusatzeffekt": 0.5,
    "strahlkraft": 0.5,
    "breitenwirkung": 0.5,
    "nachhaltigkeit": 0.5,
}
# An idea's fields (ideen.Idee), weighted like the Steckbrief fields they resemble: the
# sentence like the Kurzbeschreibung, the solution like the Kernansatz.
IDEE_FELDGEWICHTE = {
    "titel": 3.0,
    "kernsatz": 2.0,
    "problem": 1.0,
    "loesung": 1.5,
    "regionsbezug": 0.5,
    "unterstuetzung": 0.5,
}
ALLE_FELDGEWICHTE = {**FELDGEWICHTE, **IDEE_FELDGEWICHTE}
STECKBRIEF, IDEE = "steckbrief", "idee"
GEWICHTE = {"text": 0.70, "ziele": 0.12, "region": 0.06, "partner": 0.06, "gesucht": 0.06}
NACHBARSCHAFT_WERT = 0.5
SCHLAGWORTE = 20  # heaviest terms of a Steckbrief in the inverted index
POSTINGS = 200  # entries kept per term (the heaviest)
KANDIDATEN = 30  # candidates scored exactly
NACHBARN = 10  # neighbours stored per Steckbrief
MIN_WERT = 0.05  # below, a pair is not a neighbour
BEGRIFFE_GEZEIGT = 6

# The five Gebietskörperschaften of the region and which border each other (AGS).
NACHBARN_GEBIETE: dict[str, frozenset[str]] = {
    "14511": frozenset({"14521", "14522", "14524"}),  # Chemnitz
    "14521": frozenset({"14511", "14522", "14523", "14524"}),  # Erzgebirgskreis
    "14522": frozenset({"14511", "14521", "14524"}),  # Mittelsachsen
    "14523": frozenset({"14521", "14524"}),  # Vogtlandkreis
    "14524": frozenset({"14511", "14521", "14522", "14523"}),  # Zwickau
}

RECHTSFORM = re.compile(
    r"\b(gmbh|ggmbh|ag|kg|ohg|e\.?\s?v\.?|eg|mbh|co\.?|ug|se|haftungsbeschränkt|"
    r"gemeinnützige)\b",
    re.IGNORECASE,
)


def name_normalisieren(name: str) -> str:
    """A partner's or organisation's name for comparison: lower case, without legal form,
    punctuation and extra spaces ("Stadtwerke Zwickau GmbH" = "stadtwerke zwickau")."""
    name = RECHTSFORM.sub(" ", name.lower())
    return " ".join(re.findall(r"[0-9a-zäöüß]+", name))


@dataclass
class Dokument:
    pk: int
    texte: dict[str, str]
    zieldimensionen: frozenset[str] = frozenset()
    teilziele: frozenset[int] = frozenset()
    gebiete: frozenset[str] = frozenset()
    gesamte_region: bool = False
    organisation: str = ""
    partner: frozenset[str] = frozenset()  # normalised names
    gesucht: str = ""
    angebot: str = ""
    art: str = STECKBRIEF


@dataclass
class Gruende:
    """Why two Steckbriefe are similar, in checkable facts."""

    begriffe: list[str] = field(default_factory=list)
    zieldimensionen: list[str] = field(default_factory=list)
    teilziele: int = 0
    region: str = ""  # "gleich", "benachbart", "gesamte_region" or ""
    gebiete: list[str] = field(default_factory=list)  # AGS
    partner: list[str] = field(default_factory=list)
    gesucht_begriffe: list[str] = field(default_factory=list)


@dataclass
class Paar:
    von: int
    zu: int
    wert: float
    teile: dict[str, float]
    gruende: Gruende


@dataclass
class Profil:
    """A Dokument's terms: counts per stem, its TF-IDF vector (unit length) and a
    readable word per stem; the same for its sought and offered partner texts."""

    pk: int
    anzahl: Counter
    woerter: dict[str, str]
    vektor: dict[str, float] = field(default_factory=dict)
    gesucht: dict[str, float] = field(default_factory=dict)
    angebot: dict[str, float] = field(default_factory=dict)
    gesucht_anzahl: Counter = field(default_factory=Counter)
    angebot_anzahl: Counter = field(default_factory=Counter)


def zaehlen(texte: dict[str, str], gewichte: dict[str, float] | None = None):
    """(weighted count per stem, a readable word per stem: the first one met, the title's
    words first)."""
    anzahl: dict[str, float] = defaultdict(float)
    formen: dict[str, str] = {}
    for feld, text in texte.items():
        gewicht = (gewichte or ALLE_FELDGEWICHTE).get(feld, 1.0)
        if not text or gewicht <= 0:
            continue
        for wort, c in worthaeufigkeiten(text).items():
            for st, form in analyse(wort):
                anzahl[st] += c * gewicht
                if st not in formen:
                    formen[st] = form
    return Counter(anzahl), formen


def profil_zaehlen(dok: Dokument) -> Profil:
    anzahl, woerter = zaehlen(dok.texte)
    gesucht, gesucht_woerter = zaehlen({"g": dok.gesucht}, {"g": 1.0})
    angebot, angebot_woerter = zaehlen({"a": dok.angebot}, {"a": 1.0})
    for quelle in (gesucht_woerter, angebot_woerter):
        for st, wort in quelle.items():
            woerter.setdefault(st, wort)
    return Profil(dok.pk, anzahl, woerter, gesucht_anzahl=gesucht, angebot_anzahl=angebot)


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1))


def vektor(anzahl: Counter, df: dict[str, int], n: int) -> dict[str, float]:
    """Unit-length TF-IDF vector; a stem nobody else uses keeps idf ln(N+1/2)."""
    roh = {}
    for st, c in anzahl.items():
        w = (1.0 + math.log(c)) * idf(df.get(st, 1), n) if c > 0 else 0.0
        if w > 0:
            roh[st] = w
    norm = math.sqrt(sum(w * w for w in roh.values()))
    return {st: w / norm for st, w in roh.items()} if norm else {}


def kosinus(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[st] for st, w in a.items() if st in b)


def schlagworte(vek: dict[str, float]) -> list[tuple[str, float]]:
    return heapq.nlargest(SCHLAGWORTE, vek.items(), key=lambda x: x[1])


# --- the parts of the score -----------------------------------------------------------------


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _ziele(a: Dokument, b: Dokument) -> tuple[float, list[str], int]:
    zd = _jaccard(a.zieldimensionen, b.zieldimensionen)
    gemeinsam_tz = a.teilziele & b.teilziele
    if a.teilziele or b.teilziele:
        wert = (zd + _jaccard(a.teilziele, b.teilziele)) / 2
    else:
        wert = zd
    return wert, sorted(a.zieldimensionen & b.zieldimensionen), len(gemeinsam_tz)


def _region(a: Dokument, b: Dokument) -> tuple[float, str, list[str]]:
    gleich = a.gebiete & b.gebiete
    if gleich:
        return 1.0, "gleich", sorted(gleich)
    benachbart = sorted(
        {g for g in a.gebiete for h in b.gebiete if h in NACHBARN_GEBIETE.get(g, ())}
        | {h for g in a.gebiete for h in b.gebiete if h in NACHBARN_GEBIETE.get(g, ())}
    )
    if benachbart:
        return NACHBARSCHAFT_WERT, "benachbart", benachbart
    if a.gesamte_region or b.gesamte_region:
        return NACHBARSCHAFT_WERT, "gesamte_region", []
    return 0.0, "", []


def _partner(a: Dokument, b: Dokument) -> tuple[float, list[str]]:
    namen_a = a.partner | ({a.organisation} if a.organisation else set())
    namen_b = b.partner | ({b.organisation} if b.organisation else set())
    gemeinsam = sorted(namen_a & namen_b)
    return (1.0 if gemeinsam else 0.0), gemeinsam


def paar_bewerten(a: Dokument, pa: Profil, b: Dokument, pb: Profil) -> Paar:
    """The score of the pair and its reasons (symmetric in a and b)."""
    beitraege = {st: w * pb.vektor[st] for st, w in pa.vektor.items() if st in pb.vektor}
    text = min(1.0, sum(beitraege.values()))
    ziele, zd, tz = _ziele(a, b)
    region, region_art, gebiete = _region(a, b)
    partner, partnernamen = _partner(a, b)
    g1, g2 = kosinus(pa.gesucht, pb.angebot), kosinus(pb.gesucht, pa.angebot)
    gesucht = min(1.0, max(g1, g2))
    if gesucht > 0:
        quelle, ziel = (pa.gesucht, pb.angebot) if g1 >= g2 else (pb.gesucht, pa.angebot)
        treffer = sorted((st for st in quelle if st in ziel), key=lambda s: -quelle[s] * ziel[s])
        gesucht_begriffe = [pa.woerter.get(st) or pb.woerter.get(st, st) for st in treffer[:4]]
    else:
        gesucht_begriffe = []
    teile = {
        "text": text,
        "ziele": ziele,
        "region": region,
        "partner": partner,
        "gesucht": gesucht,
    }
    wert = sum(GEWICHTE[k] * v for k, v in teile.items())
    gezeigt = heapq.nlargest(BEGRIFFE_GEZEIGT, beitraege.items(), key=lambda x: x[1])
    gruende = Gruende(
        begriffe=[pa.woerter.get(st, st) for st, _ in gezeigt],
        zieldimensionen=zd,
        teilziele=tz,
        region=region_art,
        gebiete=gebiete,
        partner=partnernamen,
        gesucht_begriffe=gesucht_begriffe,
    )
    return Paar(a.pk, b.pk, wert, teile, gruende)


def paar_wert(a: Dokument, pa: Profil, b: Dokument, pb: Profil) -> float:
    """The score of paar_bewerten, without the reasons (for ranking the candidates)."""
    wert = GEWICHTE["text"] * min(1.0, kosinus(pa.vektor, pb.vektor))
    if a.zieldimensionen and b.zieldimensionen or a.teilziele or b.teilziele:
        wert += GEWICHTE["ziele"] * _ziele(a, b)[0]
    if a.gebiete or b.gebiete or a.gesamte_region or b.gesamte_region:
        wert += GEWICHTE["region"] * _region(a, b)[0]
    wert += GEWICHTE["partner"] * _partner(a, b)[0]
    if (pa.gesucht and pb.angebot) or (pb.gesucht and pa.angebot):
        wert += GEWICHTE["gesucht"] * min(
            1.0, max(kosinus(pa.gesucht, pb.angebot), kosinus(pb.gesucht, pa.angebot))
        )
    return wert


def waehlen(
    a: Dokument, pa: Profil, andere: Iterable[tuple[Dokument, Profil]], anzahl: int = NACHBARN
) -> list[Paar]:
    """The `anzahl` best of `andere` for `a` (at least MIN_WERT), best first, with reasons."""
    werte = ((paar_wert(a, pa, b, pb), b, pb) for b, pb in andere)
    oben = heapq.nlargest(
        anzahl, (x for x in werte if x[0] >= MIN_WERT), key=lambda x: (x[0], -x[1].pk)
    )
    return [paar_bewerten(a, pa, b, pb) for _, b, pb in oben]


# --- the whole set ----------------------------------------------------------------------------


class Index:
    """Profiles with vectors and the pruned inverted indexes over a set of Dokumente."""

    def __init__(self, dokumente: Iterable[Dokument]):
        self.dokumente = {d.pk: d for d in dokumente}
        self.profile = {pk: profil_zaehlen(d) for pk, d in self.dokumente.items()}
        self.n = len(self.profile)
        self.df: Counter = Counter()
        for p in self.profile.values():
            self.df.update(p.anzahl.keys())
        for p in self.profile.values():
            self.vektoren_setzen(p)
        # Per art (Steckbriefe first): the inverted index of the terms and of the offers.
        self.arten = sorted({d.art for d in self.dokumente.values()}, key=lambda a: a != STECKBRIEF)
        self.postings: dict[str, dict] = {}
        self.angebote: dict[str, dict] = {}
        for art in self.arten:
            von_art = {pk: p for pk, p in self.profile.items() if self.dokumente[pk].art == art}
            self.postings[art] = self._postings({pk: p.vektor for pk, p in von_art.items()})
            self.angebote[art] = self._postings(
                {pk: p.angebot for pk, p in von_art.items() if p.angebot}
            )

    def vektoren_setzen(self, p: Profil) -> None:
        p.vektor = vektor(p.anzahl, self.df, self.n)
        p.gesucht = vektor(p.gesucht_anzahl, self.df, self.n)
        p.angebot = vektor(p.angebot_anzahl, self.df, self.n)

    @staticmethod
    def _postings(vektoren: dict[int, dict[str, float]]) -> dict[str, list[tuple[int, float]]]:
        listen: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for pk, vek in vektoren.items():
            for st, w in schlagworte(vek):
                listen[st].append((pk, w))
        return {st: postings_kuerzen(liste) for st, liste in listen.items()}

    def kandidaten(self, p: Profil, art: str = STECKBRIEF) -> list[int]:
        return kandidaten(p, self.postings.get(art, {}), self.angebote.get(art, {}))

    def nachbarn_von(self, pk: int, anzahl: int = NACHBARN) -> list[Paar]:
        return self.nachbarn_ohne(pk, frozenset(), anzahl)

    def nachbarn_ohne(self, pk: int, ohne: frozenset | set, anzahl: int = NACHBARN) -> list[Paar]:
        """As nachbarn_von, leaving out the pairs (pk, other) in `ohne`: the `anzahl` best
        of every art, Steckbriefe first, each art best first."""
        p = self.profile[pk]
        paare = []
        for art in self.arten:
            andere = (
                (self.dokumente[k], self.profile[k])
                for k in self.kandidaten(p, art)
                if (pk, k) not in ohne
            )
            paare += waehlen(self.dokumente[pk], p, andere, anzahl)
        return paare

    def alle_nachbarn(
        self, ohne: frozenset | set = frozenset(), prozesse: int = 1, anzahl: int = NACHBARN
    ) -> dict[int, list[Paar]]:
        """nachbarn_ohne for every Dokument; with `prozesse` > 1 in that many forked
        processes (not inside a daemonic process such as a Celery prefork child, and not
        for fewer than PARALLEL_AB Dokumente, where forking costs more than it saves)."""
        global _INDEX
        pks = list(self.dokumente)
        if (
            prozesse <= 1
            or len(pks) < PARALLEL_AB
            or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return {pk: self.nachbarn_ohne(pk, ohne, anzahl) for pk in pks}
        _INDEX = self
        try:
            with multiprocessing.get_context("fork").Pool(prozesse) as pool:
                teile = pool.map(
                    _nachbarn_teil, [(pks[i::prozesse], ohne, anzahl) for i in range(prozesse)]
                )
        finally:
            _INDEX = None
        return {pk: paare for teil in teile for pk, paare in teil.items()}


PARALLEL_AB = 2000
_INDEX: Index | None = None  # the Index the forked processes read (copy-on-write)


def _nachbarn_teil(auftrag) -> dict[int, list[Paar]]:
    pks, ohne, anzahl = auftrag
    return {pk: _INDEX.nachbarn_ohne(pk, ohne, anzahl) for pk in pks}


def postings_kuerzen(liste: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The POSTINGS heaviest entries of a term's list."""
    if len(liste) <= POSTINGS:
        return liste
    return heapq.nlargest(POSTINGS, liste, key=lambda x: x[1])


def kandidaten(
    p: Profil,
    postings: dict[str, list[tuple[int, float]]],
    angebote: dict[str, list[tuple[int, float]]],
) -> list[int]:
    """The others worth scoring exactly: the KANDIDATEN best by the dot product over the
    heaviest terms, then the 5 whose offer best matches what `p` seeks."""
    summe: dict[int, float] = defaultdict(float)
    for st, w in schlagworte(p.vektor):
        for pk, w2 in postings.get(st, ()):
            summe[pk] += w * w2
    summe.pop(p.pk, None)
    gefunden = [pk for pk, _ in heapq.nlargest(KANDIDATEN, summe.items(), key=itemgetter(1))]
    if p.gesucht and angebote:
        angebot: dict[int, float] = defaultdict(float)
        for st, w in schlagworte(p.gesucht):
            for pk, w2 in angebote.get(st, ()):
                angebot[pk] += w * w2
        angebot.pop(p.pk, None)
        gefunden += [pk for pk, _ in heapq.nlargest(5, angebot.items(), key=itemgetter(1))]
    return list(dict.fromkeys(gefunden))


def beste(paare: Iterable[Paar], anzahl: int = NACHBARN) -> list[Paar]:
    """The `anzahl` best pairs of at least MIN_WERT, best first (ties: lower id first)."""
    return heapq.nlargest(
        anzahl, (x for x in paare if x.wert >= MIN_WERT), key=lambda x: (x.wert, -x.zu)
    )


def nachbarn(dokumente: Iterable[Dokument], anzahl: int = NACHBARN) -> dict[int, list[Paar]]:
    """For every Dokument its `anzahl` most similar others, best first."""
    return Index(dokumente).alle_nachbarn(anzahl=anzahl)
