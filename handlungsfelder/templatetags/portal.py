"""Template filters of the portal: German amounts (kern.formate) and escaped paragraphs."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kern import formate

register = template.Library()

_PLATZHALTER = re.compile(r"\[BITTE ERGÄNZEN:[^\]]*\]")


@register.filter
def absaetze(text: str):
    """Plain text with blank-line paragraphs → escaped <p> elements; operator placeholders
    are highlighted so that nobody publishes them by mistake."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    html = []
    for p in paragraphs:
        escaped = str(conditional_escape(p)).replace("\n", "<br>")
        escaped = _PLATZHALTER.sub(
            lambda m: f'<mark class="platzhalter">{m.group(0)}</mark>', escaped
        )
        html.append(f"<p>{escaped}</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every part is escaped above


@register.filter
def eur(value):
    return formate.eur(value)


@register.filter
def eur_betrag(value):
    """An amount as entered: whole euros, or with its cents if it has any."""
    return formate.eur_betrag(value)


@register.filter
def eur_cent(value):
    return formate.eur(value, 2)


@register.filter
def noch_tage(tage) -> str:
    """Days left until a deadline, as the countdown says it: "noch 12 Tage"."""
    if tage is None:
        return ""
    if tage <= 0:
        return "nur noch heute"
    if tage == 1:
        return "noch 1 Tag"
    return f"noch {tage} Tage"
