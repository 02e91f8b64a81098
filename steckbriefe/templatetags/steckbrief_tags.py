"""Template helpers of the Steckbrief pages. Everything user-entered is escaped."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kern import felder
from kern.felder import Feld, feld_html

register = template.Library()

STATUS_KLASSEN = {
    "entwurf": "text-bg-secondary",
    "vorlaeufig_eingereicht": "text-bg-info",
    "finalisierung": "text-bg-warning",
    "final_eingereicht": "text-bg-primary",
    "in_bewertung": "text-bg-primary",
    "rueckfrage": "text-bg-warning",
    "bewertet": "text-bg-primary",
    "entschieden": "text-bg-success",
    "zurueckgezogen": "text-bg-dark",
}


@register.filter
def feld(form, name):
    """form|feld:"titel" → the bound field."""
    return form[name]


@register.filter
def als_feld(bound_field):
    """bf|als_feld → the field in the portal's markup (kern.felder)."""
    return feld_html(bound_field)


def katalog_gruppen(feld: Feld) -> list[dict]:
    """[{key, label, optionen}] in catalogue order: the options of a catalogue field by the
    group its widget gave them (forms.KatalogCheckboxen)."""
    gruppen: dict = {}
    for option in feld.optionen():
        key, label = option.get("gruppe", ("", ""))
        gruppen.setdefault(key, {"key": key, "label": label, "optionen": []})
        gruppen[key]["optionen"].append(option)
    return list(gruppen.values())


LEER_HINWEIS = {
    "zieldimensionen": "Bitte wählen Sie zuerst ein Handlungsfeld.",
}
LEER_HINWEIS_SONST = "Bitte wählen Sie zuerst eine Zieldimension."


@register.filter
def als_katalogfeld(bound_field):
    """A catalogue field (Zieldimensionen, Teilziele, KPIs) as nested fieldsets: one group
    per Handlungsfeld (Zieldimensionen) or Zieldimension (Teilziele, KPIs); steckbrief.js
    shows only the groups chosen above (data-katalog, .katalog-gruppe, .katalog-leer)."""
    feld = Feld(bound_field)
    teile = [
        feld.rahmen_anfang("katalogfeld", {"data-katalog": bound_field.name}),
        feld.fieldset_anfang(),
        feld.label_html("legend"),
        feld.hinweis_html(),
        feld.fehler_html(),
        '<p class="katalog-leer form-text" hidden>'
        f"{LEER_HINWEIS.get(bound_field.name, LEER_HINWEIS_SONST)}</p>",
    ]
    for gruppe in katalog_gruppen(feld):
        teile.append(
            f'<fieldset class="katalog-gruppe" data-gruppe="{felder.attr(gruppe["key"])}">'
            f'<legend class="h6 mt-2 mb-1">{felder.text(gruppe["label"])}</legend>'
        )
        teile.extend(feld.option_html(option) for option in gruppe["optionen"])
        teile.append("</fieldset>")
    teile.append("</fieldset></div>")
    return mark_safe("".join(teile))  # noqa: S308 - every value is escaped (kern.felder)


@register.filter
def status_klasse(status: str) -> str:
    return STATUS_KLASSEN.get(status, "text-bg-secondary")


@register.filter
def tage_text(tage) -> str:
    """Days left → 'noch 12 Tage', 'noch 1 Tag', 'heute', 'abgelaufen'."""
    if tage is None:
        return ""
    if tage < 0:
        return "abgelaufen"
    if tage == 0:
        return "heute"
    return f"noch {tage} Tag" if tage == 1 else f"noch {tage} Tage"


@register.filter
def diff_html(teile) -> str:
    """Word diff parts [(op, text)] → escaped HTML with <del>/<ins>; the hidden labels
    tell screen-reader users what was removed or added."""
    html = []
    for op, text in teile:
        if not text:
            continue  # an empty old or new value
        text = conditional_escape(text)
        if op == "entfernt":
            html.append(
                f'<del class="diff-entfernt"><span class="visually-hidden">[entfernt: </span>'
                f'{text}<span class="visually-hidden">]</span></del>'
            )
        elif op == "neu":
            html.append(
                f'<ins class="diff-neu"><span class="visually-hidden">[neu: </span>'
                f'{text}<span class="visually-hidden">]</span></ins>'
            )
        else:
            html.append(str(text))
    return mark_safe(" ".join(html))  # noqa: S308 - every part is escaped above


@register.filter
def tage_bis_text(frist, heute) -> str:
    """frist|tage_bis_text:heute → 'noch 12 Tage' for a fristen.Frist."""
    return tage_text(frist.tage_bis(heute))


@register.filter
def get(mapping, key):
    """mapping|get:key → mapping[key] (None if absent)."""
    return mapping.get(key) if mapping else None
