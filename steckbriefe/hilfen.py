"""Help for submitters: what the Masterplan's terms mean, field by field, with a short
example; and the criteria a Steckbrief will be scored on.

The texts are written from the Masterplan's requirements for projects ("Zusatzeffekt,
überregionale Strahlkraft, klarer Bezug zur Transformation der Region"), the Steckbrief's
description and the assessment categories of the Fachkräfteallianz (Nachhaltigkeit,
Potenzial für eine Breitenwirkung); they are the project's own copy and read nothing at
run time.

The criteria live in the scoring app (bewertung), above this one: it registers a source
with `kriterien_registrieren` in its AppConfig.ready, as it does for the reviewers' view
(regeln.pruefsicht_registrieren). Without a source the pages show no criteria."""

from collections.abc import Callable, Iterable
from typing import NamedTuple


class Hilfe(NamedTuple):
    erklaerung: str
    beispiel: str = ""


HILFEN: dict[str, Hilfe] = {
    "titel": Hilfe(
        "Ein Titel, der das Vorhaben ohne weitere Erklärung verständlich macht.",
        "„Wasserstoff-Busse für den Stadtverkehr im Vogtland“",
    ),
    "kurzbeschreibung": Hilfe(
        "Das Vorhaben in wenigen Sätzen: was geschieht, wer macht es, wem nützt es. Der Text "
        "erscheint in Übersichten und – nur mit Ihrer Einwilligung – in einer öffentlichen "
        "Projektübersicht.",
        "„Zehn Wasserstoffbusse und eine Tankstelle ersetzen ab 2027 Dieselbusse im "
        "Stadtverkehr Plauen; Werkstatt und Fahrpersonal werden geschult.“",
    ),
    "vorhabenart": Hilfe(
        "Die Art, die den Schwerpunkt des Vorhabens am besten trifft. Ein Netzwerk mit einer "
        "Investition wählt die Art, auf die das meiste Geld entfällt."
    ),
    "handlungsfeld": Hilfe(
        "Der Masterplan ordnet Vorhaben fünf Handlungsfeldern zu. Federführend ist das Feld, "
        "zu dessen Zielen das Vorhaben am meisten beiträgt; weitere Felder wählen Sie darunter."
    ),
    "zieldimensionen": Hilfe(
        "Jedes Handlungsfeld hat Zieldimensionen (z. B. HF2.1 „Leistungsfähige Energie- und "
        "Digitalinfrastruktur schaffen“). Wählen Sie die, zu denen das Vorhaben messbar "
        "beiträgt – die Bewertung prüft, wie stark es darauf einzahlt."
    ),
    "teilziele": Hilfe(
        "Die Teilziele konkretisieren eine Zieldimension. Wählen Sie nur, was das Vorhaben "
        "wirklich anspricht; weniger, aber treffend, zählt mehr."
    ),
    "kpis": Hilfe(
        "Kennzahlen (KPIs), an denen der Masterplan den Fortschritt misst. Nennen Sie in "
        "„Ziele“, welchen Wert Ihr Vorhaben bei diesen Kennzahlen erreichen will."
    ),
    "gebietskoerperschaften": Hilfe(
        "Wo das Vorhaben umgesetzt wird: Stadt Chemnitz, Landkreis Zwickau, Erzgebirgskreis, "
        "Mittelsachsen, Vogtlandkreis – mehrere sind möglich. „Gesamte Region“ nur, wenn es "
        "in allen fünf wirkt. Die Wirtschaftsförderungen dieser Gebietskörperschaften "
        "bewerten den finalen Steckbrief."
    ),
    "ausgangssituation": Hilfe(
        "Welches Problem oder welche Chance besteht heute in der Region, belegt mit Zahlen, "
        "wo es sie gibt, und warum jetzt gehandelt werden muss.",
        "„Die 24 Dieselbusse der Stadtwerke erreichen 2027 ihr Nutzungsende; "
        "Ersatzbeschaffung ist ohnehin nötig.“",
    ),
    "ziele": Hilfe(
        "Konkrete, überprüfbare Ziele: was bis wann erreicht sein soll und woran man es "
        "erkennt (Zahl, Termin).",
        "„Bis 12/2029 fahren zehn Busse emissionsfrei; 1.800 t CO₂ weniger pro Jahr.“",
    ),
    "vision": Hilfe(
        "Was das Vorhaben besonders macht und wohin es langfristig führen soll – über die "
        "Projektlaufzeit hinaus."
    ),
    "kernansatz": Hilfe(
        "Das Handlungskonzept: die Maßnahmen in ihrer Reihenfolge, wer sie umsetzt und mit "
        "welchen Mitteln. Die Bewertung achtet darauf, ob Maßnahmen und Ziele zusammenpassen.",
        "„1. Beschaffung (2027), 2. Bau der Tankstelle (2027/28), 3. Schulung von Werkstatt "
        "und Fahrpersonal, 4. Auswertung nach einem Betriebsjahr.“",
    ),
    "reifegrad": Hilfe(
        "Wie weit das Vorhaben ist: „Idee“ – es gibt einen Gedanken, aber noch kein "
        "ausgearbeitetes Papier; „Konzept liegt vor“ – Ziele, Maßnahmen und Kosten sind "
        "beschrieben; „Planung abgeschlossen“ – Partner, Standort, Finanzierung und Zeitplan "
        "sind geklärt, Genehmigungen beantragt; „umsetzungsreif“ – es kann begonnen werden, "
        "sobald die Finanzierung steht.",
        "Ein Machbarkeitsgutachten liegt vor, Fördermittel sind noch nicht beantragt: "
        "„Konzept liegt vor“.",
    ),
    "transformationsbezug": Hilfe(
        "Der Masterplan soll den Strukturwandel der Region steuern – weg von der "
        "Abhängigkeit von der Automobilindustrie, getrieben von Demografie, Digitalisierung "
        "und Dekarbonisierung. Beschreiben Sie, wie das Vorhaben diesen Wandel voranbringt: "
        "neue Wertschöpfung, Fachkräfte, neue Märkte, klimaneutrale Produktion.",
        "„Der Betrieb schafft Nachfrage für den regionalen Wasserstoffcluster und "
        "qualifiziert Kfz-Mechatroniker aus dem Zuliefererbereich für Brennstoffzellen.“",
    ),
    "zusatzeffekt": Hilfe(
        "Was durch das Vorhaben zusätzlich entsteht – was ohne es, oder allein mit "
        "bestehenden Programmen, nicht oder erst viel später geschähe. Ein Vorhaben, das "
        "ohnehin umgesetzt würde, hat keinen Zusatzeffekt.",
        "„Ohne die Förderung würden wieder Dieselbusse beschafft; die Tankstelle steht "
        "zusätzlich Speditionen der Region offen.“",
    ),
    "strahlkraft": Hilfe(
        "Überregionale Strahlkraft: Das Vorhaben wirkt sichtbar über die eigene "
        "Gebietskörperschaft und die Region hinaus – als Vorbild, das andere übernehmen, "
        "durch Partner oder Kunden von außerhalb, durch bundesweite Aufmerksamkeit.",
        "„Erster Wasserstoff-Stadtbusbetrieb in einer sächsischen Mittelstadt; zwei "
        "Verkehrsbetriebe aus Thüringen haben Interesse an den Betriebsdaten.“",
    ),
    "breitenwirkung": Hilfe(
        "Breitenwirkung und Anschlussfähigkeit: Wie viele Menschen, Unternehmen oder Orte "
        "profitieren, und ob andere Vorhaben, Netzwerke oder Fachkräfteallianzen an die "
        "Ergebnisse anknüpfen können.",
        "„Die Schulungsmodule stehen allen Verkehrsbetrieben und Berufsschulen der Region offen.“",
    ),
    "nachhaltigkeit": Hilfe(
        "Wie es nach dem Ende der Förderung weitergeht: wer den Betrieb trägt, wie er "
        "finanziert wird, was dauerhaft bleibt.",
        "„Der Betrieb wird aus den Fahrgeldeinnahmen und dem Verkehrsvertrag finanziert.“",
    ),
    "gesuchte_partner": Hilfe(
        "Wen das Vorhaben noch sucht – Unternehmen, Hochschulen, Kommunen, Kammern. Die "
        "Wirtschaftsförderungen können Kontakte vermitteln."
    ),
    "gesamtvolumen": Hilfe(
        "Die gesamten Kosten des Vorhabens in Euro, mit Cent, wenn Sie sie kennen "
        "(z. B. 2.500.000 oder 1.250.000,50). Wenn die Kosten noch nicht feststehen, setzen "
        "Sie das Häkchen „noch in Erarbeitung“."
    ),
    "eigenanteil": Hilfe("Der Teil des Gesamtvolumens, den Träger und Partner selbst tragen."),
    "foerdermittel": Hilfe(
        "Der Teil des Gesamtvolumens, für den Fördermittel beantragt werden oder nötig sind. "
        "Eigenanteil und Fördermittel zusammen dürfen das Gesamtvolumen nicht übersteigen."
    ),
    "jaehrliche_kosten": Hilfe(
        "Nur für dauerhafte Strukturen (eine Stelle, ein Zentrum): die laufenden Kosten pro "
        "Jahr, z. B. 410.000 € p. a."
    ),
    "foerderprogramme": Hilfe(
        "Programme oder Geldgeber, die in Frage kommen (z. B. Landes- oder EU-Programme, "
        "Stiftungen)."
    ),
    "finanzierungsplan": Hilfe(
        "Wie sich die Kosten auf die Jahre und die Geldquellen verteilen.",
        "„2027: 3,0 Mio. € (davon 2,4 Mio. € Förderung), 2028: 2,5 Mio. € (davon 1,6 Mio. € "
        "Förderung).“",
    ),
}


class Kriterium(NamedTuple):
    name: str
    leitfrage: str
    gewicht: int  # percent of the total score


_QUELLEN: list[Callable[[], Iterable]] = []


def kriterien_registrieren(quelle: Callable[[], Iterable]) -> None:
    """Register a source of the active criteria: a callable returning (name, leitfrage,
    gewicht) rows (bewertung registers the active catalogue)."""
    if quelle not in _QUELLEN:
        _QUELLEN.append(quelle)


def bewertungskriterien() -> list[Kriterium]:
    """The criteria the Steckbriefe will be scored on, from the registered sources."""
    return [Kriterium(*zeile) for quelle in _QUELLEN for zeile in quelle()]
