"""The „Ähnliche Vorhaben“ panel: a Steckbrief's stored neighbours with their reasons, for a
person who may see the Steckbrief. Only neighbours that person may see themselves are named
(title, link, reasons); the others are only counted, so the panel never reveals another
organisation's Vorhaben to a reviewer whose scope does not include it.

`aehnliche_abschnitt(steckbrief, benutzer)` is the renderer the scoring page's extension
hook calls (registered by portfolio, the app above bewertung); it returns safe HTML or ""."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

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


def nachbarn(steckbrief: Steckbrief, anzahl: int = GEZEIGT, benutzer=None) -> list[Aehnlichkeit]:
    """The stored neighbours that are still submitted, best first (one query). With
    `benutzer`: only if they may see `steckbrief`, and each row annotated `sichtbar`
    (whether they may see the neighbour), in the same query."""
    zeilen = Aehnlichkeit.objects.filter(
        steckbrief=steckbrief, anderer__status__in=EINBEZOGEN, wert__gte=GEZEIGT_AB
    )
    if benutzer is not None:
        sichtbar = sichtbare_steckbriefe(benutzer)
        zeilen = zeilen.filter(steckbrief__in=sichtbar.values("pk")).annotate(
            sichtbar=Exists(sichtbar.filter(pk=OuterRef("anderer_id")))
        )
    return list(
        zeilen.select_related("anderer")
        .only(*[f.name for f in Aehnlichkeit._meta.concrete_fields], "anderer__titel")
        .order_by("-wert", "anderer_id")[:anzahl]
    )


def sichtbar_fuer(benutzer, zeilen: list[Aehnlichkeit]) -> tuple[list[Eintrag], int]:
    """(the entries `benutzer` may see, the number of the others); rows from
    `nachbarn(…, benutzer=benutzer)` carry `sichtbar` already, others are checked here."""
    if not zeilen:
        return [], 0
    if all(hasattr(z, "sichtbar") for z in zeilen):
        erlaubt = {z.anderer_id for z in zeilen if z.sichtbar}
    else:
        erlaubt = set(
            sichtbare_steckbriefe(benutzer)
            .filter(pk__in=[z.anderer_id for z in zeilen])
            .values_list("pk", flat=True)
        )
    gezeigt = [z for z in zeilen if z.anderer_id in erlaubt]
    gebietsnamen = (
        dict(Gebietskoerperschaft.objects.values_list("ags", "name"))
        if any(z.region for z in gezeigt)
        else {}
    )
    eintraege = [
        Eintrag(z, str(z.anderer), z.anderer.get_absolute_url(), gruende(z, gebietsnamen))
        for z in gezeigt
    ]
    return eintraege, len(zeilen) - len(eintraege)


def aehnliche_abschnitt(steckbrief: Steckbrief, benutzer) -> str:
    """The panel's HTML for `benutzer` (safe), or "" if they may not see the Steckbrief.
    One query for the neighbours and what the reader may see of them (plus the region
    names when a reason needs them); the full visibility check only when no row came back."""
    zeilen = nachbarn(steckbrief, benutzer=benutzer)
    if not zeilen and not darf_ansehen(benutzer, steckbrief):
        return ""
    eintraege, verborgen = sichtbar_fuer(benutzer, zeilen)
    return render_to_string(
        "kooperation/_aehnliche.html",
        {"steckbrief": steckbrief, "eintraege": eintraege, "verborgen": verborgen},
    )


def aehnliche_verweis(steckbrief: Steckbrief, benutzer) -> str:
    """What the scoring page shows at once: the panel's frame, filled by
    kooperation/aehnliche.js from the fragment (`views.aehnliche`, which checks who may see
    what), with a plain link where scripts are off. No query: the scoring page's own count
    stays as it is, and it does not wait for the neighbours."""
    url = reverse("kooperation:aehnliche", args=[steckbrief.pk])
    return format_html(
        '<section class="koop-aehnliche" id="aehnliche-vorhaben" data-teil-url="{}" '
        'aria-labelledby="aehnliche-vorhaben-titel" aria-busy="true">'
        '<h2 id="aehnliche-vorhaben-titel">Ähnliche Vorhaben</h2>'
        '<p><a href="{}">Ähnliche Vorhaben anzeigen</a></p></section>'
        '<script src="{}" defer></script>',
        f"{url}?teil=1",
        url,
        static("kooperation/aehnliche.js"),
    )
