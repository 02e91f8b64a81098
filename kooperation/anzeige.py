"""The „Ähnliche Vorhaben“ panel: a Steckbrief's stored neighbours with their reasons, for a
person who may see the Steckbrief. Only neighbours that person may see themselves are named
(title, link, reasons); the others are only counted, so the panel never reveals another
organisation's Vorhaben to a reviewer whose scope does not include it.

`aehnliche_abschnitt(steckbrief, benutzer)` is the renderer the scoring page's extension
hook calls (registered by portfolio, the app above bewertung); it returns safe HTML or ""."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from handlungsfelder.models import Gebietskoerperschaft
from steckbriefe.models import Steckbrief
from steckbriefe.regeln import darf_ansehen, sichtbare_steckbriefe

from .berechnung import EINBEZOGEN
from .models import Aehnlichkeit, Region

GEZEIGT = 5
# Below this score a pair is stored but not shown as „ähnlich“ (a shared place name alone is
# no similarity). On the evaluation set the pairs from 0.12 up are 95 % of the related pairs
# at 74 % precision (0.10: 98 % / 62 %, 0.15: 90 % / 86 %).
GEZEIGT_AB = 0.12


@dataclass
class Eintrag:
    zeile: Aehnlichkeit
    titel: str
    url: str
    gruende: list[str]

    @property
    def prozent(self) -> int:
        return round(self.zeile.wert * 100)


def gruende(zeile: Aehnlichkeit, gebietsnamen: dict[str, str]) -> list[str]:
    """The reasons of a stored pair in German sentences a person can check."""
    saetze = []
    if zeile.begriffe:
        saetze.append(f"Gemeinsame Begriffe: {zeile.begriffe}")
    if zeile.zieldimensionen:
        teil = f"Gleiche Zieldimension(en): {zeile.zieldimensionen}"
        if zeile.teilziele:
            teil += f", {zeile.teilziele} gemeinsame(s) Teilziel(e)"
        saetze.append(teil)
    if zeile.region:
        namen = ", ".join(gebietsnamen.get(a, a) for a in zeile.gebiete.split(",") if a)
        label = Region(zeile.region).label
        text = label[0].upper() + label[1:]
        saetze.append(f"{text}: {namen}" if namen else text)
    if zeile.partner:
        saetze.append(f"Gemeinsame Partner oder Organisation: {zeile.partner}")
    if zeile.gesucht_begriffe:
        saetze.append(f"Gesuchte Partner passen zum Angebot: {zeile.gesucht_begriffe}")
    return saetze


def nachbarn(steckbrief: Steckbrief, anzahl: int = GEZEIGT) -> list[Aehnlichkeit]:
    """The stored neighbours that are still submitted, best first (one query)."""
    return list(
        Aehnlichkeit.objects.filter(
            steckbrief=steckbrief, anderer__status__in=EINBEZOGEN, wert__gte=GEZEIGT_AB
        )
        .select_related("anderer")
        .only(*[f.name for f in Aehnlichkeit._meta.concrete_fields], "anderer__titel")
        .order_by("-wert", "anderer_id")[:anzahl]
    )


def sichtbar_fuer(benutzer, zeilen: list[Aehnlichkeit]) -> tuple[list[Eintrag], int]:
    """(the entries `benutzer` may see, the number of the others)."""
    if not zeilen:
        return [], 0
    erlaubt = set(
        sichtbare_steckbriefe(benutzer)
        .filter(pk__in=[z.anderer_id for z in zeilen])
        .values_list("pk", flat=True)
    )
    gebietsnamen = dict(Gebietskoerperschaft.objects.values_list("ags", "name"))
    eintraege = [
        Eintrag(z, str(z.anderer), z.anderer.get_absolute_url(), gruende(z, gebietsnamen))
        for z in zeilen
        if z.anderer_id in erlaubt
    ]
    return eintraege, len(zeilen) - len(eintraege)


def aehnliche_abschnitt(steckbrief: Steckbrief, benutzer) -> str:
    """The panel's HTML for `benutzer` (safe), or "" if they may not see the Steckbrief."""
    if not darf_ansehen(benutzer, steckbrief):
        return ""
    eintraege, verborgen = sichtbar_fuer(benutzer, nachbarn(steckbrief))
    return render_to_string(
        "kooperation/_aehnliche.html",
        {"steckbrief": steckbrief, "eintraege": eintraege, "verborgen": verborgen},
    )
