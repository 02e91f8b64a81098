"""Template helpers of the Bewertung: the editable decision text, scores in German."""

from django import template
from django.utils import timezone

from kern import formate

register = template.Library()


@register.simple_tag
def entscheidung_text(entscheidung: str) -> str:
    """The Geschäftsstelle's text for the decision notice (Entscheidungsvorlage)."""
    from bewertung.models import Entscheidungsvorlage

    if not entscheidung:
        return ""
    vorlage = Entscheidungsvorlage.objects.filter(entscheidung=entscheidung).first()
    return vorlage.text if vorlage else ""


@register.filter
def bescheid(sb) -> str:
    """The release of the decision notice of `sb` as the Geschäftsstelle reads it: „versendet
    am 03.05.2026, 10:15 Uhr“, „noch nicht versendet“, or "" while not decided."""
    from steckbriefe.models import Status

    if sb.status != Status.ENTSCHIEDEN:
        return ""
    if sb.entscheidung_mitgeteilt_am is None:
        return "noch nicht versendet"
    return f"versendet am {timezone.localtime(sb.entscheidung_mitgeteilt_am):%d.%m.%Y, %H:%M} Uhr"


@register.filter
def punkte(value, stellen: int = 1) -> str:
    """72.456 → '72,5'; None → '–' (kern.formate.punkte)."""
    try:
        stellen = int(stellen)
    except (TypeError, ValueError):
        return formate.STRICH
    return formate.punkte(value, stellen)


@register.filter
def attr(obj, name: str):
    """Value of an attribute whose name is computed (e.g. kriterium_<pk> annotations)."""
    return getattr(obj, name, None)


@register.filter
def eintrag(mapping, key):
    """mapping[key] or None (dict lookup with a variable key)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
