"""Submitted Steckbriefe in the database from entries of the evaluation set."""

from django.utils import timezone

from handlungsfelder.models import Zieldimension
from steckbriefe.models import Partner, Status, Steckbrief
from tests.factories import OrganisationFactory, SteckbriefFactory

from .auswertung_daten import STECKBRIEFE

NACH_ID = {e["id"]: e for e in STECKBRIEFE}


def eingereicht(nummer: int, organisation=None, status=Status.FINAL_EINGEREICHT, **felder):
    """Entry `nummer` of the evaluation set as a Steckbrief in `status`."""
    e = NACH_ID[nummer]
    werte = {
        "titel": e["titel"],
        "kurzbeschreibung": e["kurz"],
        "kernansatz": e["kern"],
        "gesuchte_partner": e.get("gesucht", ""),
        "gebiete": e["ags"],
        **felder,
    }
    sb = SteckbriefFactory(organisation=organisation or OrganisationFactory(name=e["org"]), **werte)
    sb.zieldimensionen.set(Zieldimension.objects.filter(code__in=e["zd"]))
    for i, name in enumerate(e.get("partner", ())):
        Partner.objects.create(steckbrief=sb, name=name, reihenfolge=i)
    Steckbrief.objects.filter(pk=sb.pk).update(status=status, final_eingereicht_am=timezone.now())
    sb.refresh_from_db()
    return sb
