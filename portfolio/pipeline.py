"""The public Projektpipeline: the submitted Steckbriefe whose submitters allowed the public
listing (`oeffentlich_listen`), with what that consent covers and what the catalogue says
about them – title, short description, Handlungsfeld and region (Gebietskörperschaften or
„gesamte Region“). No organisation, no person, no status, no decision, no money: the
consent's wording names title and short description only (see the report of issue 17)."""

from django.db.models import Prefetch, Q, QuerySet

from handlungsfelder.models import Gebietskoerperschaft
from steckbriefe.models import Steckbrief

from .kennzahlen import EINGEREICHT


def veroeffentlicht(handlungsfeld: str = "", ags: str = "", suche: str = "") -> QuerySet:
    qs = Steckbrief.objects.filter(status__in=EINGEREICHT, oeffentlich_listen=True)
    if handlungsfeld:
        qs = qs.filter(handlungsfeld__code=handlungsfeld)
    if ags:
        qs = qs.filter(Q(gebietskoerperschaften__ags=ags) | Q(gesamte_region=True)).distinct()
    if suche:
        qs = qs.filter(Q(titel__icontains=suche) | Q(kurzbeschreibung__icontains=suche))
    return (
        qs.select_related("handlungsfeld")
        .prefetch_related(
            Prefetch(
                "gebietskoerperschaften",
                queryset=Gebietskoerperschaft.objects.only("ags", "name"),
            )
        )
        .only("pk", "titel", "kurzbeschreibung", "gesamte_region", "handlungsfeld")
        .order_by("titel", "pk")
    )
