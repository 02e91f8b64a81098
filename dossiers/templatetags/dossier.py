"""Template filters for the PDF templates and export pages (German formats)."""

from django import template

from kern import formate as zahlen

from .. import formate

register = template.Library()

register.filter("zahl", zahlen.zahl)
register.filter("dezimal", zahlen.punkte)
register.filter("eur", zahlen.eur)
register.filter("mio_eur", zahlen.mio_eur)
register.filter("datum", formate.datum)
register.filter("datum_zeit", formate.datum_zeit)
register.filter("groesse", zahlen.groesse)


@register.filter
def kurzname(gebiet):
    """ "Landkreis Zwickau" → "Zwickau" (narrow table headers)."""
    from ..inhalte import kurzname as kurz

    return kurz(str(gebiet))


@register.filter
def punkte(wert):
    """Weighted score 0–100 with one decimal."""
    return zahlen.punkte(wert, 1)


@register.filter
def mittel(wert):
    """Mean score 0–5 with one decimal."""
    return zahlen.punkte(wert, 1)


@register.filter
def eintrag(mapping, schluessel):
    """mapping[schluessel] in templates (criterion means by code)."""
    if not mapping:
        return None
    return mapping.get(schluessel)
