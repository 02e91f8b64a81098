"""What the scoring page (bewerten.py) reads: the Steckbrief in the user's scope, its
Zuweisungen with their Bewertungen, the criteria and scores shown, the attachments; and the
scoring form."""

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from steckbriefe.darstellung import mit_inhalt, mit_kopf
from steckbriefe.models import Steckbrief

from .. import regeln
from ..aggregation import kriterien_spalten, zuweisungen_mit_normiert
from ..forms import BewertungForm
from ..models import Bewertung, Einzelbewertung, Kommentar, Zuweisung


def url_oder_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def steckbrief_laden(request, pk) -> Steckbrief:
    """404 for Steckbriefe the user may not see: typing another area's URL reveals nothing.
    Read with what regeln.eigenes_projekt needs for the user (no query of its own). With
    BEWERTUNG_PANEL_CACHEN its content (lists, partners, milestones) is read only when the
    panel is rendered (bewertung.panel_cache), else prefetched here."""
    qs = regeln.mit_eigenem_projekt(regeln.steckbriefe_fuer(request.user), request.user)
    # The number of messages in the reviewers' exchange, read in the same query.
    anzahl = (
        Kommentar.objects.filter(steckbrief=OuterRef("pk"))
        .order_by()
        .values("steckbrief")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(kommentare_anzahl=Coalesce(Subquery(anzahl), 0))
    laden = mit_kopf if settings.BEWERTUNG_PANEL_CACHEN else mit_inhalt
    return get_object_or_404(laden(qs), pk=pk)


def bewertung_form(bewertung, data=None, version=None, kriterien=None, stufen=None):
    """The scoring form of `bewertung`; `kriterien` and `stufen` are read unless given."""
    if kriterien is None:
        kriterien = [k for k, _ in kriterien_spalten(bewertung.katalog)]
    if stufen is None:
        stufen = list(bewertung.katalog.stufen.all())
    if data is not None:
        data = data.copy()
        if version is not None:
            data["version"] = str(version)
        form = BewertungForm(data, kriterien=kriterien, stufen=stufen)
        form.is_valid()
        return form
    return BewertungForm(
        initial=BewertungForm.initial_fuer(bewertung), kriterien=kriterien, stufen=stufen
    )


def zuweisungen_laden(sb) -> list[Zuweisung]:
    """All Zuweisungen of `sb` with their Bewertung, its catalogue, the people named and
    the normalised score (bewertung.aggregation.zuweisungen_mit_normiert), in one query,
    ordered as the Bewertungen are shown: by Gebietskörperschaft, then Bewertung."""
    qs = zuweisungen_mit_normiert(
        Zuweisung.objects.filter(steckbrief=sb)
        .select_related(
            "gebietskoerperschaft",
            "pruefer",
            "befangen_von",
            "bewertung__katalog",
            "bewertung__geaendert_von",
            "bewertung__abgeschlossen_von",
        )
        .order_by("gebietskoerperschaft__ags", "bewertung__pk", "pk")
    )
    zuweisungen = list(qs)
    for z in zuweisungen:
        z.steckbrief = sb  # the Steckbrief just loaded; the rules read its status
    return zuweisungen


def bewertung_von(zuweisung: Zuweisung) -> Bewertung | None:
    try:
        return zuweisung.bewertung
    except Bewertung.DoesNotExist:
        return None


def eigene_zuweisung(user, zuweisungen: list[Zuweisung]) -> Zuweisung | None:
    """The user's own Zuweisung among `zuweisungen`, chosen as regeln.zuweisung_fuer does
    (a Zuweisung by name before one for the area), without querying again."""
    eigene = [z for z in zuweisungen if regeln.ist_eigene(user, z)]
    eigene.sort(key=lambda z: z.pruefer_id is None)
    return eigene[0] if eigene else None


def kriterien_und_werte(katalog, bewertungen) -> tuple[list, dict[int, dict]]:
    """The active criteria of `katalog` and the scores of `bewertungen` in them, in one
    query (criteria LEFT JOIN their Einzelbewertungen of these Bewertungen):
    (criteria in order, {bewertung pk: {kriterium pk: Einzelbewertung}})."""
    if katalog is None:
        return [], {}
    qs = katalog.kriterien.filter(aktiv=True)
    ids = [b.pk for b in bewertungen if b.pk]
    werte: dict[int, dict] = {pk: {} for pk in ids}
    if not ids:
        return list(qs), werte
    zeilen = qs.annotate(
        e=FilteredRelation("einzelbewertungen", condition=Q(einzelbewertungen__bewertung__in=ids))
    ).annotate(
        e_id=F("e__id"),
        e_bewertung=F("e__bewertung_id"),
        e_wert=F("e__wert"),
        e_begruendung=F("e__begruendung"),
    )
    kriterien: dict[int, object] = {}
    for zeile in zeilen:
        k = kriterien.setdefault(zeile.pk, zeile)
        if zeile.e_id is not None:
            werte[zeile.e_bewertung][k.pk] = Einzelbewertung(
                id=zeile.e_id,
                bewertung_id=zeile.e_bewertung,
                kriterium=k,
                wert=zeile.e_wert,
                begruendung=zeile.e_begruendung,
            )
    return list(kriterien.values()), werte


def anlagen_mit_links(sb):
    anlagen = getattr(sb, "anlagen", None)
    if anlagen is None:
        return []
    ergebnis = []
    for a in anlagen.all():
        try:
            url = a.get_absolute_url()
        except (NoReverseMatch, AttributeError):
            url = None
        ergebnis.append((a, url))
    return ergebnis
