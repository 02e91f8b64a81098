"""The quality of the similar Steckbriefe on the labelled evaluation set, against plain
trigram similarity of title and body (what Decidim shows). bench/aehnlichkeit.py prints
the same figures."""

from collections import Counter

from kooperation.aehnlichkeit import nachbarn
from kooperation.auswertung import dokument, guete, trigramm_nachbarn, trigramme, vergleichen

from .auswertung_daten import FALLEN, STECKBRIEFE

# Measured when the floor was set (precision@5 / recall@5): ours 0.502 / 0.973, trigram
# 0.429 / 0.827. With themes of 3 and 4 Steckbriefe the best possible precision@5 is 0.514.
P5_UNTERGRENZE = 0.48
R5_UNTERGRENZE = 0.93


def test_the_set_is_large_and_varied_enough():
    themen = Counter(e["thema"] for e in STECKBRIEFE)
    assert len(STECKBRIEFE) >= 40
    assert len(themen) >= 12
    assert min(themen.values()) >= 3
    assert len({e["id"] for e in STECKBRIEFE}) == len(STECKBRIEFE)
    # Near-duplicates across Landkreise: the same idea in different Gebietskörperschaften.
    assert {tuple(STECKBRIEFE[4]["ags"]), tuple(STECKBRIEFE[5]["ags"])} == {("14524",), ("14521",)}


def test_ours_beats_trigram_similarity_clearly():
    ergebnis = vergleichen(STECKBRIEFE, k=5)
    unsere, trigramm = ergebnis["unsere"], ergebnis["trigramm"]
    assert unsere.praezision >= P5_UNTERGRENZE
    assert unsere.trefferquote >= R5_UNTERGRENZE
    assert unsere.praezision >= trigramm.praezision + 0.05
    assert unsere.trefferquote >= trigramm.trefferquote + 0.10


def test_near_duplicate_across_landkreise_is_the_first_neighbour():
    ergebnis = nachbarn([dokument(e) for e in STECKBRIEFE], 5)
    assert ergebnis[5][0].zu == 6  # Wärmenetz Zwickau-Nord ~ Nahwärmenetz Annaberg
    assert ergebnis[6][0].zu == 5
    paar = ergebnis[5][0]
    assert paar.gruende.region == "benachbart"
    assert paar.gruende.zieldimensionen == ["HF1.2", "HF5.1"]
    assert "abwärme" in paar.gruende.begriffe


def test_shared_words_without_shared_purpose_do_not_come_first():
    ergebnis = nachbarn([dokument(e) for e in STECKBRIEFE], 5)
    for a, b in FALLEN:
        assert ergebnis[a][0].zu != b
        assert ergebnis[b][0].zu != a


def test_sought_partner_matching_an_offer_is_a_reason():
    ergebnis = nachbarn([dokument(e) for e in STECKBRIEFE], 5)
    # 35 seeks a research institute for technical textiles; 34 offers exactly that.
    paar = next(p for p in ergebnis[35] if p.zu == 34)
    assert paar.teile["gesucht"] > 0.3
    assert {"textilien", "faserverbund"} <= set(paar.gruende.gesucht_begriffe)


def test_scores_are_symmetric_and_between_0_and_1():
    ergebnis = nachbarn([dokument(e) for e in STECKBRIEFE], 10)
    werte = {(p.von, p.zu): p.wert for paare in ergebnis.values() for p in paare}
    for (a, b), wert in werte.items():
        assert 0 < wert <= 1
        if (b, a) in werte:
            assert abs(werte[(b, a)] - wert) < 1e-9


def test_trigrams_follow_pg_trgm():
    assert trigramme("Netz") == {"  n", " ne", "net", "etz", "tz "}
    nachbarn_ = trigramm_nachbarn({1: "Wärmenetz", 2: "Wärmenetze", 3: "Radweg"}, 1)
    assert nachbarn_[1] == [2]


def test_precision_and_recall_are_computed_per_steckbrief():
    gefunden = {1: [2, 9, 8, 7, 6], 2: [1, 3, 9, 8, 7]}
    g = guete(gefunden, lambda pk: {1: {2, 3}, 2: {1, 3}}[pk], k=5)
    assert g.praezision == (1 / 5 + 2 / 5) / 2
    assert g.trefferquote == (1 / 2 + 2 / 2) / 2


# Ideas → Steckbriefe (auswertung_daten.IDEEN, 7 ideas in 7 themes), precision@3 / recall@3
# when the floor was set: ours 0.857 / 0.857, trigram 0.857 / 0.857 – on so few ideas the
# two tie; what the panel shows (from GEZEIGT_AB) is 16 of 17 right.
IDEEN_P3_UNTERGRENZE = 0.80


def test_ideas_find_the_steckbriefe_of_their_theme():
    from kooperation.aehnlichkeit import Index
    from kooperation.anzeige import GEZEIGT_AB
    from kooperation.auswertung import idee_dokument, ideen_vergleichen

    from .auswertung_daten import IDEEN

    ergebnis = ideen_vergleichen(STECKBRIEFE, IDEEN, k=3)
    assert ergebnis["unsere"].praezision >= IDEEN_P3_UNTERGRENZE
    assert ergebnis["unsere"].praezision >= ergebnis["trigramm"].praezision
    thema = {e["id"]: e["thema"] for e in STECKBRIEFE}
    index = Index([dokument(e) for e in STECKBRIEFE] + [idee_dokument(e) for e in IDEEN])
    gezeigt = [
        (thema[p.zu] == e["thema"])
        for e in IDEEN
        for p in index.nachbarn_von(-e["id"], 5)
        if p.zu > 0 and p.wert >= GEZEIGT_AB
    ]
    assert len(gezeigt) >= len(IDEEN) * 2
    assert sum(gezeigt) / len(gezeigt) >= 0.9
    # Ideas never crowd the Steckbriefe out of a Steckbrief's list: the set scores as
    # without them (test_ours_beats_trigram_similarity_clearly).
    assert [p.zu for p in index.nachbarn_von(5, 3) if p.zu > 0][0] == 6
