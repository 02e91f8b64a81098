"""The „Ähnliche Vorhaben“ panel: a Steckbrief's stored neighbours with their reasons, for a
person who may see the Steckbrief. Only neighbours that person may see themselves are named
(title, link, reasons); the others are only counted, so the panel never reveals another
organisation's Vorhaben to a reviewer whose scope does not include it.

`aehnliche_abschnitt(steckbrief, benutzer)` is the renderer the scoring page's extension
hook calls (registered by portfolio, the app above bewertung); it returns safe HTML or "".

Ideas of the Ideenwettbewerb (kooperation.regeln.ideen_einsicht): the Geschäftsstelle sees
similar ideas named, with reasons; a reviewer (staff) learns only how many there are; a
submitter learns nothing about them. The panel of an idea (`aehnliche_idee_abschnitt`,
`aehnliche_verweis_idee`) is the Geschäftsstelle's."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from handlungsfelder.models import Gebietskoerperschaft
from ideen.models import Idee
from ideen.models import Status as IdeeStatus
from steckbriefe.models import Steckbrief
from steckbriefe.regeln import darf_ansehen, sichtbare_steckbriefe

from . import regeln
from .aehnlichkeit import NACHBARN
from .berechnung import EINBEZOGEN
from .models import Aehnlichkeit, Ideenaehnlichkeit, Region

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
    """The reasons of a stored pair (Aehnlichkeit or Ideenaehnlichkeit) in German sentences
    a person can check. With an idea, the partners are the names of its team and what it
    seeks is its Unterstützungsbedarf."""
    mit_idee = isinstance(zeile, Ideenaehnlichkeit)
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
        text = (
            "Gemeinsame Namen (Team, Partner)"
            if mit_idee
            else "Gemeinsame Partner oder Organisation"
        )
        saetze.append(f"{text}: {zeile.partner}")
    if zeile.gesucht_begriffe:
        text = "Gesuchtes passt zum Angebot" if mit_idee else "Gesuchte Partner passen zum Angebot"
        saetze.append(f"{text}: {zeile.gesucht_begriffe}")
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
    ideen, ideen_anzahl = aehnliche_ideen(steckbrief, benutzer)
    return render_to_string(
        "kooperation/_aehnliche.html",
        {
            "steckbrief": steckbrief,
            "eintraege": eintraege,
            "verborgen": verborgen,
            "ideen": ideen,
            "ideen_anzahl": ideen_anzahl,
            "ideen_einsicht": regeln.ideen_einsicht(benutzer),
        },
    )


def _ideen_zeilen(**filter_):
    """Stored pairs with an idea (from `filter_`) whose other side still takes part,
    best first."""
    return (
        Ideenaehnlichkeit.objects.filter(wert__gte=GEZEIGT_AB, **filter_)
        .filter(Q(andere_idee__status=IdeeStatus.EINGEREICHT) | Q(anderer__status__in=EINBEZOGEN))
        .order_by("-wert", "pk")
    )


def _idee_eintrag(z: Ideenaehnlichkeit, gebietsnamen) -> Eintrag:
    if z.andere_idee_id:
        idee = z.andere_idee
        return Eintrag(
            z,
            str(idee),
            reverse("kooperation:aehnliche_idee", args=[idee.pk]),
            gruende(z, gebietsnamen),
        )
    return Eintrag(z, str(z.anderer), z.anderer.get_absolute_url(), gruende(z, gebietsnamen))


def _gebietsnamen(zeilen) -> dict[str, str]:
    if any(z.region for z in zeilen):
        return dict(Gebietskoerperschaft.objects.values_list("ags", "name"))
    return {}


def aehnliche_ideen(steckbrief: Steckbrief, benutzer) -> tuple[list[Eintrag], int]:
    """The similar ideas of a Steckbrief as `benutzer` may know them: (named entries, for
    the Geschäftsstelle), or ([], how many) for a reviewer, or ([], 0). The caller checked
    that `benutzer` may see the Steckbrief. One query (plus region names)."""
    einsicht = regeln.ideen_einsicht(benutzer)
    if einsicht is None:
        return [], 0
    zeilen = _ideen_zeilen(steckbrief=steckbrief, andere_idee__isnull=False)
    if einsicht == regeln.ANZAHL:
        return [], zeilen.count()
    gezeigt = list(
        zeilen.select_related("andere_idee").only(
            *[f.name for f in Ideenaehnlichkeit._meta.concrete_fields], "andere_idee__titel"
        )[:GEZEIGT]
    )
    namen = _gebietsnamen(gezeigt)
    return [_idee_eintrag(z, namen) for z in gezeigt], len(gezeigt)


def aehnliche_idee_abschnitt(idee: Idee, benutzer) -> str:
    """An idea's panel: its similar Steckbriefe and ideas with reasons, for who may see
    similar ideas named (the Geschäftsstelle); "" for everybody else. One query for the
    rows (plus region names)."""
    if not regeln.darf_aehnliche_ideen_sehen(benutzer):
        return ""
    felder = [f.name for f in Ideenaehnlichkeit._meta.concrete_fields]
    zeilen = list(
        _ideen_zeilen(idee=idee)
        .select_related("andere_idee", "anderer")
        .only(*felder, "andere_idee__titel", "anderer__titel")[: 2 * NACHBARN]
    )
    steckbriefe = [z for z in zeilen if z.anderer_id][:GEZEIGT]
    ideen = [z for z in zeilen if z.andere_idee_id][:GEZEIGT]
    namen = _gebietsnamen(steckbriefe + ideen)
    return render_to_string(
        "kooperation/_aehnliche_idee.html",
        {
            "idee": idee,
            "steckbriefe": [_idee_eintrag(z, namen) for z in steckbriefe],
            "ideen": [_idee_eintrag(z, namen) for z in ideen],
        },
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


def aehnliche_verweis_idee(idee: Idee, benutzer) -> str:
    """The frame of an idea's „Ähnliche Vorhaben und Ideen“ panel for a page about the idea
    (filled by kooperation/aehnliche.js from `views.aehnliche_idee`), or "" for who may not
    see it. No query."""
    if not regeln.darf_aehnliche_ideen_sehen(benutzer):
        return ""
    url = reverse("kooperation:aehnliche_idee", args=[idee.pk])
    return format_html(
        '<section class="koop-aehnliche" id="aehnliche-vorhaben" data-teil-url="{}" '
        'aria-labelledby="aehnliche-vorhaben-titel" aria-busy="true">'
        '<h2 id="aehnliche-vorhaben-titel">Ähnliche Vorhaben und Ideen</h2>'
        '<p><a href="{}">Ähnliche Vorhaben und Ideen anzeigen</a></p></section>'
        '<script src="{}" defer></script>',
        f"{url}?teil=1",
        url,
        static("kooperation/aehnliche.js"),
    )
