"""Fast HTML of the Steckbrief form's fields, built in Python.

The edit form has about 70 fields and 160 checkboxes. Rendered through crispy-forms'
bootstrap5 `field.html` (with its includes) and Django's widget templates, that took about
1,300 template renders per page and most of its time. This module produces the same
elements, attributes and texts (only whitespace between tags differs) in Python:

- `SchnellRenderer`: a form renderer that builds the markup of Django's simple widget
  templates (input, textarea, select, options) directly and leaves every other template
  (error lists, management forms, anything unknown) to Django's template engine.
- `feld_html(bound_field)`: the markup of `{{ field|as_crispy_field }}` (bootstrap5, no
  helper, labels and errors shown) for the widgets of the Steckbrief form; other widgets
  fall back to crispy-forms itself.

tests/steckbriefe/test_feldhtml.py compares both with crispy-forms and Django's templates.
"""

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe

# --- Django's widget templates -----------------------------------------------------------


def _esc(text) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper (the result
    is only ever joined into markup that is marked safe as a whole)."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _wert(value) -> str:
    """{{ value }}: localised (numbers, dates) and escaped unless marked safe."""
    if not isinstance(value, str | Promise):
        value = formats.localize(value)
    return _esc(value)


def _s(value) -> str:
    """{{ value|stringformat:'s' }} (the filter keeps safe strings safe)."""
    return _esc(value if isinstance(value, SafeData) else str(value))


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its
    name only."""
    teile = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            teile.append(f" {_wert(name)}")
        else:
            teile.append(f' {_wert(name)}="{_s(value)}"')
    return "".join(teile)


def _input(w: dict) -> str:
    wert = "" if w["value"] is None else f' value="{_s(w["value"])}"'
    return (
        f'<input type="{_wert(w["type"])}" name="{_wert(w["name"])}"{wert}{attrs_html(w["attrs"])}>'
    )


def _input_option(w: dict) -> str:
    if not w.get("wrap_label"):
        return _input(w)
    fuer = f' for="{_wert(w["attrs"]["id"])}"' if w["attrs"].get("id") else ""
    return f"<label{fuer}>{_input(w)}\n {_wert(w['label'])}</label>"


def _textarea(w: dict) -> str:
    wert = _wert(w["value"]) if w["value"] else ""
    return f'<textarea name="{_wert(w["name"])}"{attrs_html(w["attrs"])}>\n{wert}</textarea>'


def _select_option(w: dict) -> str:
    return f'<option value="{_s(w["value"])}"{attrs_html(w["attrs"])}>{_wert(w["label"])}</option>'


def _select(w: dict) -> str:
    teile = [f'<select name="{_wert(w["name"])}"{attrs_html(w["attrs"])}>']
    for gruppe, optionen, _ in w["optgroups"]:
        if gruppe:
            teile.append(f'\n  <optgroup label="{_wert(gruppe)}">')
        for option in optionen:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                raise _Unbekannt
            teile.append(f"\n  {_select_option(option)}\n")
        if gruppe:
            teile.append("\n  </optgroup>")
    teile.append("\n</select>")
    return "".join(teile)


class _Unbekannt(Exception):
    """A template this module does not build: Django's engine renders it."""


_W = "django/forms/widgets/"
WIDGETS = {
    **{
        f"{_W}{name}.html": _input
        for name in (
            "input",
            "text",
            "email",
            "number",
            "hidden",
            "checkbox",
            "password",
            "url",
            "tel",
            "search",
            "date",
            "time",
            "datetime",
            "color",
            "file",
        )
    },
    f"{_W}input_option.html": _input_option,
    f"{_W}checkbox_option.html": _input_option,
    f"{_W}radio_option.html": _input_option,
    f"{_W}textarea.html": _textarea,
    f"{_W}select.html": _select,
    f"{_W}select_option.html": _select_option,
}


def _nur_versteckte(context) -> str:
    """django/forms/div.html for a form of hidden fields only (a formset's management
    form) without errors."""
    if context.get("fields") or context.get("errors"):
        raise _Unbekannt
    return "".join(str(feld) for feld in context["hidden_fields"])


def _keine_fehler(context) -> str:
    """An empty error list renders nothing."""
    if context.get("errors"):
        raise _Unbekannt
    return ""


FORMULARE = {
    "django/forms/div.html": _nur_versteckte,
    "django/forms/errors/list/default.html": _keine_fehler,
    "django/forms/errors/list/ul.html": _keine_fehler,
}


class SchnellRenderer(DjangoTemplates):
    """Django's form renderer with the simple widget templates (and empty error lists,
    management forms) built in Python."""

    def render(self, template_name, context, request=None):
        try:
            if template_name in WIDGETS and "widget" in context:
                return WIDGETS[template_name](context["widget"])
            if template_name in FORMULARE:
                return FORMULARE[template_name](context)
        except _Unbekannt:
            pass
        return super().render(template_name, context, request)


# One shared instance: its template engine (for the fallback) is built once.
RENDERER = SchnellRenderer()


# --- crispy-forms' bootstrap5 field.html -------------------------------------------------


def _klassen_setzen(widget, klassen: str) -> None:
    """What crispy-forms' {% crispy_field field 'class' '…' %} does to the widget."""
    name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += f" {name}"
    else:
        css = name
    widget.attrs["class"] = css
    for klasse in klassen.split():
        if klasse not in widget.attrs["class"].split():
            widget.attrs["class"] += " " + klasse


def _fehler_block(bf) -> str:
    """bootstrap5/layout/field_errors_block.html"""
    if not bf.errors:
        return ""
    zeilen = "".join(
        f'<p id="error_{i}_{_wert(bf.auto_id)}"><strong>{_wert(fehler)}</strong></p>'
        for i, fehler in enumerate(bf.errors, 1)
    )
    return f'<div id="{_wert(bf.errors.field_id)}_error" class="invalid-feedback">{zeilen}</div>'


def _hilfetext(bf) -> str:
    """bootstrap5/layout/help_text.html (the help text is marked safe there)."""
    if not bf.help_text:
        return ""
    id_ = f'id="{_wert(bf.auto_id)}_helptext" ' if bf.auto_id else ""
    return f'<div {id_}class="form-text">{bf.help_text}</div>'


def _pflicht(bf) -> tuple[str, str]:
    """(' requiredField', asterisk) for required fields, else empty strings."""
    if bf.field.required:
        return " requiredField", '<span class="asteriskField">*</span>'
    return "", ""


def _auswahl(bf) -> str:
    """bootstrap5/layout/radio_checkbox_select.html (no inline class, no field class)."""
    widget = bf.field.widget
    id_ = widget.attrs.get("id") or bf.auto_id
    attrs = bf.build_widget_attrs({"id": id_} if id_ else {})
    gruppen = widget.optgroups(bf.html_name, widget.format_value(bf.value()), attrs)
    ungueltig = " is-invalid" if bf.errors else ""
    name = _wert(bf.html_name)
    teile = ["<div >"]
    for g, (gruppe, optionen, _) in enumerate(gruppen, 1):
        if gruppe:
            teile.append(f"<strong>{_wert(gruppe)}</strong>")
        for o, option in enumerate(optionen, 1):
            wert = _wert(formats.localize(option["value"], use_l10n=False))
            label = _wert(formats.localize(option["label"], use_l10n=False))
            teile.append(
                f'<div class="form-check"><input type="{_wert(option["type"])}" '
                f'class="form-check-input{ungueltig}"  name="{name}" value="{wert}" '
                f"{attrs_html(option['attrs'])}>"
                f'<label for="{_wert(option["attrs"].get("id", ""))}" class="form-check-label">'
                f"{label}</label>"
            )
            if bf.errors and o == len(optionen) and g == len(gruppen):
                teile.append(_fehler_block(bf))
            teile.append("</div>")
    teile.append("</div>")
    teile.append(_hilfetext(bf))
    return "".join(teile)


def _datei(bf) -> str:
    """bootstrap5/layout/field_file.html for a plain FileInput (no initial file)."""
    teile = []
    for sub in bf.subwidgets:
        data = sub.data
        extra = data["attrs"].get("class")
        klasse = "form-control" + (f" {_wert(extra)}" if extra else "")
        klasse += " is-invalid" if bf.errors else ""
        attrs = {k: v for k, v in data["attrs"].items() if k != "class"}
        teile.append(
            ('<div class="is-invalid">' if bf.errors else "<div>")
            + f'<input type="{_wert(data["type"])}" name="{_wert(data["name"])}" class="{klasse}"'
            f"{' disabled' if bf.field.disabled else ''}{attrs_html(attrs)}>"
            f"{_fehler_block(bf)}{_hilfetext(bf)}</div>"
        )
    return "".join(teile)


def _crispy(bf) -> str:
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    return as_crispy_field(bf)


def feld_html(bf) -> str:
    """{{ bf|as_crispy_field }} for the Steckbrief form's widgets (bootstrap5)."""
    widget = bf.field.widget
    if widget.is_hidden:
        return str(bf)  # safe already
    if isinstance(widget, forms.ClearableFileInput | forms.MultiWidget) or (
        getattr(bf.form, "helper", None) is not None
    ):
        return _crispy(bf)
    checkbox = isinstance(widget, forms.CheckboxInput)
    auswahl = isinstance(widget, forms.RadioSelect)  # also CheckboxSelectMultiple
    required_klasse, stern = _pflicht(bf)
    css = bf.css_classes()
    teile = ['<div class="mb-3">'] if checkbox else []
    teile.append(
        f'<div id="div_{_wert(bf.auto_id)}" class="{"form-check" if checkbox else "mb-3"}'
        f'{" " + _wert(css) if css else ""}">'
    )
    fieldset = bool(bf.label) and not checkbox and bf.use_fieldset
    if bf.label and not checkbox:
        if fieldset:
            beschrieben = bf.aria_describedby
            teile.append(
                f'<fieldset aria-describedby="{_wert(beschrieben)}">'
                if beschrieben
                else "<fieldset>"
            )
        tag = "legend" if fieldset else "label"
        fuer = f'for="{_wert(bf.id_for_label)}" ' if bf.id_for_label else ""
        teile.append(
            f'<{tag} {fuer}class="form-label{required_klasse}{" fs-6" if fieldset else ""}">'
            f"{_wert(bf.label)}{stern}</{tag}>"
        )
    fehler = " is-invalid" if bf.errors else ""
    if auswahl:
        teile.append(_auswahl(bf))
    elif checkbox:
        _klassen_setzen(widget, "form-check-input" + fehler)
        teile.append(str(bf))
        teile.append(
            f'<label for="{_wert(bf.id_for_label)}" class="form-check-label{required_klasse}">'
            f"{_wert(bf.label)}{stern}</label>"
        )
        teile.append(_fehler_block(bf) + _hilfetext(bf))
    elif isinstance(widget, forms.FileInput):
        teile.append(_datei(bf))
    else:
        basis = "form-select" if isinstance(widget, forms.Select) else "form-control"
        _klassen_setzen(widget, basis + fehler)
        teile.append(str(bf))
        teile.append(_fehler_block(bf) + _hilfetext(bf))
    if fieldset:
        teile.append("</fieldset>")
    teile.append("</div>")
    if checkbox:
        teile.append("</div>")
    return mark_safe("".join(teile))  # noqa: S308 - every value is escaped above


# --- the catalogue fields (Zieldimensionen, Teilziele, KPIs) ------------------------------


def katalog_gruppen(bound_field) -> list[dict]:
    """[{key, label, optionen: [BoundWidget]}] in catalogue order (the groups come from
    forms.KatalogCheckboxen)."""
    gruppen: dict = {}
    for widget in bound_field.subwidgets:
        key, label = widget.data.get("gruppe", ("", ""))
        gruppen.setdefault(key, {"key": key, "label": label, "optionen": []})
        gruppen[key]["optionen"].append(widget)
    return list(gruppen.values())


LEER_HINWEIS = {
    "zieldimensionen": "Bitte wählen Sie zuerst ein Handlungsfeld.",
}
LEER_HINWEIS_SONST = "Bitte wählen Sie zuerst eine Zieldimension."


def katalog_html(bf) -> str:
    """A catalogue field as nested fieldsets: one group per Handlungsfeld (Zieldimensionen)
    or Zieldimension (Teilziele, KPIs); the script shows only the groups chosen above."""
    auto_id = _wert(bf.auto_id)
    hilfe = _esc(bf.help_text) if bf.help_text else ""
    teile = [
        f'<div id="div_{auto_id}" class="mb-3 katalogfeld" data-katalog="{_esc(bf.name)}">',
        f'<fieldset aria-describedby="{auto_id}_helptext">' if hilfe else "<fieldset>",
        f'<legend class="form-label fs-6">{_wert(bf.label)}</legend>',
    ]
    if hilfe:
        teile.append(f'<div id="{auto_id}_helptext" class="form-text mb-2">{hilfe}</div>')
    for i, fehler in enumerate(bf.errors, 1):
        teile.append(
            f'<div class="invalid-feedback d-block" id="{auto_id}_fehler_{i}">'
            f"<strong>{_wert(fehler)}</strong></div>"
        )
    teile.append(
        '<p class="katalog-leer form-text" hidden>'
        f"{LEER_HINWEIS.get(bf.name, LEER_HINWEIS_SONST)}</p>"
    )
    for gruppe in katalog_gruppen(bf):
        teile.append(
            f'<fieldset class="katalog-gruppe" data-gruppe="{_esc(gruppe["key"])}">'
            f'<legend class="h6 mt-2 mb-1">{_wert(gruppe["label"])}</legend>'
        )
        for w in gruppe["optionen"]:
            teile.append(
                f'<div class="form-check">{w.tag()}<label class="form-check-label" '
                f'for="{_wert(w.id_for_label)}">{_wert(w.choice_label)}</label></div>'
            )
        teile.append("</fieldset>")
    teile.append("</fieldset></div>")
    return mark_safe("".join(teile))  # noqa: S308 - every value is escaped above
