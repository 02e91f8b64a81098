"""Measuring the similarity: precision@k and recall@k against a labelled set, for ours and
for the baseline of the other tools, plain trigram similarity of title and body (what
Decidim does with PostgreSQL's pg_trgm: the set of three-letter groups of every word,
padded with two spaces in front and one behind, compared by |A ∩ B| / |A ∪ B|).

The baseline ranks every other Steckbrief by that similarity, without Decidim's threshold
of 0.25 (which would only remove results and lower its recall). Used by
tests/kooperation/test_auswertung.py (the floor) and bench/aehnlichkeit.py (the report)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .aehnlichkeit import IDEE, STECKBRIEF, Dokument, Index, nachbarn, name_normalisieren

_WORT = re.compile(r"[0-9a-zäöüß]+")


def trigramme(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: lower-case words of letters and digits, "  wort " padded."""
    menge = set()
    for wort in _WORT.findall(text.lower()):
        gepolstert = f"  {wort} "
        menge.update(gepolstert[i : i + 3] for i in range(len(gepolstert) - 2))
    return frozenset(menge)


def trigramm_nachbarn(texte: dict[int, str], k: int) -> dict[int, list[int]]:
    """For every id the k others with the highest trigram similarity of their texts."""
    mengen = {pk: trigramme(t) for pk, t in texte.items()}
    ergebnis = {}
    for pk, a in mengen.items():
        werte = []
        for anderer, b in mengen.items():
            if anderer == pk:
                continue
            vereinigung = len(a | b)
            werte.append((len(a & b) / vereinigung if vereinigung else 0.0, -anderer, anderer))
        werte.sort(reverse=True)
        ergebnis[pk] = [anderer for _, _, anderer in werte[:k]]
    return ergebnis


@dataclass
class Guete:
    praezision: float  # mean precision@k
    trefferquote: float  # mean recall@k


def guete(gefunden: dict[int, list[int]], relevant: Callable[[int], set[int]], k: int) -> Guete:
    """Mean precision@k and recall@k over all ids with at least one relevant other."""
    p_summe = r_summe = 0.0
    n = 0
    for pk, liste in gefunden.items():
        soll = relevant(pk)
        if not soll:
            continue
        treffer = len(set(liste[:k]) & soll)
        p_summe += treffer / k
        r_summe += treffer / min(len(soll), k)
        n += 1
    return Guete(p_summe / n if n else 0.0, r_summe / n if n else 0.0)


def dokument(eintrag: dict) -> Dokument:
    """A Dokument from an entry of the evaluation set (tests/kooperation/auswertung_daten)."""
    return Dokument(
        pk=eintrag["id"],
        texte={
            "titel": eintrag["titel"],
            "kurzbeschreibung": eintrag["kurz"],
            "kernansatz": eintrag["kern"],
        },
        zieldimensionen=frozenset(eintrag.get("zd", ())),
        gebiete=frozenset(eintrag.get("ags", ())),
        organisation=name_normalisieren(eintrag.get("org", "")),
        partner=frozenset(name_normalisieren(p) for p in eintrag.get("partner", ())),
        gesucht=eintrag.get("gesucht", ""),
        angebot=eintrag.get("angebot", ""),
    )


def trigramm_text(eintrag: dict) -> str:
    """Title and body of an entry for the baseline (the body: every text of it)."""
    return " ".join([eintrag["titel"], eintrag["kurz"], eintrag["kern"]])


def vergleichen(eintraege: Iterable[dict], k: int = 5) -> dict[str, Guete]:
    """{"unsere": …, "trigramm": …} on the labelled entries (key "thema")."""
    eintraege = list(eintraege)
    thema = {e["id"]: e["thema"] for e in eintraege}

    def relevant(pk: int) -> set[int]:
        return {e["id"] for e in eintraege if e["id"] != pk and e["thema"] == thema[pk]}

    unsere = {
        pk: [p.zu for p in paare]
        for pk, paare in nachbarn([dokument(e) for e in eintraege], k).items()
    }
    trigramm = trigramm_nachbarn({e["id"]: trigramm_text(e) for e in eintraege}, k)
    return {"unsere": guete(unsere, relevant, k), "trigramm": guete(trigramm, relevant, k)}


def idee_dokument(eintrag: dict) -> Dokument:
    """A Dokument from an idea of the evaluation set (auswertung_daten.IDEEN); its key is
    -id, as kooperation.berechnung keys ideas."""
    return Dokument(
        pk=-eintrag["id"],
        texte={f: eintrag[f] for f in ("titel", "kernsatz", "problem", "loesung")},
        gebiete=frozenset([eintrag["ags"]] if eintrag.get("ags") else []),
        art=IDEE,
    )


def ideen_vergleichen(
    steckbriefe: Iterable[dict], ideen: Iterable[dict], k: int = 3
) -> dict[str, Guete]:
    """Precision@k and recall@k of the Steckbriefe found for each idea (relevant: the
    Steckbriefe of its theme), ours (one index over both) and trigram similarity."""
    steckbriefe, ideen = list(steckbriefe), list(ideen)
    thema = {e["id"]: e["thema"] for e in steckbriefe}
    ideen_thema = {-e["id"]: e["thema"] for e in ideen}

    def relevant(pk: int) -> set[int]:
        return {sb for sb, t in thema.items() if t == ideen_thema[pk]}

    index = Index([dokument(e) for e in steckbriefe] + [idee_dokument(e) for e in ideen])
    unsere = {
        pk: [p.zu for p in index.nachbarn_von(pk, k) if index.dokumente[p.zu].art == STECKBRIEF]
        for pk in ideen_thema
    }
    texte = {e["id"]: trigramm_text(e) for e in steckbriefe}
    trigramm = {}
    for e in ideen:
        alle = {
            **texte,
            -e["id"]: " ".join([e["titel"], e["kernsatz"], e["problem"], e["loesung"]]),
        }
        trigramm[-e["id"]] = trigramm_nachbarn(alle, k)[-e["id"]]
    return {"unsere": guete(unsere, relevant, k), "trigramm": guete(trigramm, relevant, k)}
