"""The portal's markup of a form field: label, hint, errors and control in Bootstrap 5, built
in Python from Django's public form API (BoundField, Widget.get_context, ChoiceWidget.optgroups).

Accessibility, for every field:
- the label names the control (`<label for>`); a required field's label ends in "*";
- the hint (help_text) and the errors have ids of their own (`<id>_hinweis`,
  `<id>_fehler`), named by `aria-describedby`; an invalid control has `aria-invalid="true"`;
- radio buttons and checkbox lists are a `<fieldset>` named by its `<legend>` (the hint and
  errors describe the fieldset);
- the submitted value is shown again after a failed submit (BoundField.value()), options
  keep their choice;
- an error message starts with a visually hidden "Fehler: ";
- every text is escaped; labels, hints and errors only keep markup a developer marked safe.

Order inside a field: label, hint, errors, control (a checkbox: control, label, hint, errors),
so the explanation is read and seen before the input.

Use `feld_html(bf)`, or make `PortalFeld` the form's `bound_field_class` and write
`{{ form.x.als_feld }}` in the template. `Feld` holds the building blocks for composite
layouts (the Steckbrief's catalogue fields); a subclass may change `klassen` for another look
(the admin's scoring page). Widgets without a builder here (MultiWidget,
ClearableFileInput, …) are rendered by Django (BoundField.as_widget) inside the same frame;
one of several inputs (use_fieldset) gets a fieldset and legend as well.
"""

import html
from typing import ClassVar

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe

# --- escaping --------------------------------------------------------------------------------


def attr(wert) -> str:
    """Any value escaped for an attribute or text (marked safe or not)."""
    return html.escape(str(wert))


def text(wert) -> str:
    """A text escaped unless marked safe (labels, hints, messages a developer wrote with
    markup); lazy translations are resolved."""
    if hasattr(wert, "__html__"):
        return wert.__html__()
    return html.escape(str(wert))


def attrs_html(attrs: dict) -> str:
    """' name="value"' for each attribute; True writes the name only, False and None leave
    the attribute out."""
    teile = []
    for name, wert in attrs.items():
        if wert is None or wert is False:
            continue
        if wert is True:
            teile.append(f" {attr(name)}")
        else:
            teile.append(f' {attr(name)}="{attr(wert)}"')
    return "".join(teile)


def klassen_verbinden(*teile: str) -> str:
    """Class lists joined, each class once, in order."""
    gesehen: list[str] = []
    for teil in teile:
        if teil:
            for klasse in teil.split():
                if klasse not in gesehen:
                    gesehen.append(klasse)
    return " ".join(gesehen)


def _klasse(klasse: str) -> str:
    return f' class="{attr(klasse)}"' if klasse else ""


# --- the field ---------------------------------------------------------------------------------

VERSTECKT, HAEKCHEN, GRUPPE, AUSWAHL, TEXT, EINGABE, FREMD = (
    "versteckt",
    "haekchen",
    "gruppe",
    "auswahl",
    "text",
    "eingabe",
    "fremd",
)


def art(widget) -> str:
    """Which builder renders `widget` (by its class: a subclass with a template of its own
    is still built here)."""
    if widget.is_hidden:
        mehrfach = isinstance(widget, forms.MultipleHiddenInput)
        return VERSTECKT if isinstance(widget, forms.HiddenInput) and not mehrfach else FREMD
    if isinstance(widget, forms.CheckboxInput):
        return HAEKCHEN
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return GRUPPE
    if isinstance(widget, forms.Select):
        return AUSWAHL
    if isinstance(widget, forms.Textarea):
        return TEXT
    if isinstance(widget, Input) and not isinstance(widget, forms.ClearableFileInput):
        return EINGABE
    return FREMD


class Feld:
    """One bound field in the portal's markup. The parts are public for composite layouts;
    `html()` is the whole field."""

    klassen: ClassVar[dict[str, str]] = {
        "feld": "mb-3",  # the frame around label, hint, errors and control
        "label": "form-label",
        "legende": "form-label fs-6",
        "pflicht": "pflicht",  # the "*" of a required field
        "eingabe": "form-control",  # input, textarea
        "auswahl": "form-select",  # select
        "optionen": "feld-optionen",  # the list of radio buttons / checkboxes
        "option": "form-check",
        "option_eingabe": "form-check-input",
        "option_label": "form-check-label",
        "hinweis": "form-text",
        "fehler": "invalid-feedback d-block list-unstyled mb-2",
        "ungueltig": "is-invalid",  # on an invalid control
        "versteckt": "visually-hidden",
    }

    def __init__(self, bf: BoundField):
        self.bf = bf
        self.widget = widget = bf.field.widget
        self.art = art(widget)
        self.id = widget.attrs.get("id") or bf.auto_id
        self.fehler = bf.errors
        self.hinweis = bf.help_text
        self.hinweis_id = f"{self.id}_hinweis" if self.hinweis and self.id else ""
        self.fehler_id = f"{self.id}_fehler" if self.fehler and self.id else ""
        self.beschrieben_von = " ".join(
            x for x in (widget.attrs.get("aria-describedby"), self.fehler_id, self.hinweis_id) if x
        )

    # --- parts -----------------------------------------------------------------------------

    def rahmen_anfang(self, klasse: str = "", attrs: dict | None = None) -> str:
        """The opening tag of the field's frame; its id `div_<id>` is a link target."""
        rahmen_id = f' id="div_{attr(self.id)}"' if self.id else ""
        klassen = klassen_verbinden(self.klassen["feld"], klasse)
        return f"<div{rahmen_id}{_klasse(klassen)}{attrs_html(attrs or {})}>"

    def label_html(self, tag: str = "label", klasse: str | None = None) -> str:
        """The label (or, tag="legend", a fieldset's legend) with the required marker."""
        label = self.bf.label
        if not label:
            return ""
        if klasse is None:
            klasse = self.klassen["legende" if tag == "legend" else "label"]
        fuer = ""
        if tag == "label" and self.id:
            fuer_id = self.widget.id_for_label(self.id)
            fuer = f' for="{attr(fuer_id)}"' if fuer_id else ""
        pflicht = ""
        if self.bf.field.required:
            pflicht = f"<span{_klasse(self.klassen['pflicht'])}>*</span>"
        return f"<{tag}{fuer}{_klasse(klasse)}>{text(label)}{pflicht}</{tag}>"

    def hinweis_html(self) -> str:
        if not self.hinweis:
            return ""
        hinweis_id = f' id="{attr(self.hinweis_id)}"' if self.hinweis_id else ""
        return f"<div{hinweis_id}{_klasse(self.klassen['hinweis'])}>{text(self.hinweis)}</div>"

    def fehler_html(self) -> str:
        if not self.fehler:
            return ""
        fehler_id = f' id="{attr(self.fehler_id)}"' if self.fehler_id else ""
        vorsatz = f"<span{_klasse(self.klassen['versteckt'])}>Fehler: </span>"
        zeilen = "".join(f"<li>{vorsatz}{text(meldung)}</li>" for meldung in self.fehler)
        return f"<ul{fehler_id}{_klasse(self.klassen['fehler'])}>{zeilen}</ul>"

    def fieldset_anfang(self, klasse: str = "") -> str:
        beschrieben = (
            f' aria-describedby="{attr(self.beschrieben_von)}"' if self.beschrieben_von else ""
        )
        return f"<fieldset{_klasse(klasse)}{beschrieben}>"

    def _attrs(self, klasse: str, beschreiben: bool = True) -> dict:
        """The control's attributes besides the widget's own: id, classes, description,
        validity, and what Django's BoundField adds (required, disabled)."""
        attrs = {"id": self.id} if self.id else {}
        ungueltig = self.klassen["ungueltig"] if self.fehler else ""
        klassen = klassen_verbinden(klasse, self.widget.attrs.get("class", ""), ungueltig)
        if klassen:
            attrs["class"] = klassen
        if beschreiben and self.beschrieben_von:
            attrs["aria-describedby"] = self.beschrieben_von
        attrs = self.bf.build_widget_attrs(attrs)
        if self.fehler:
            attrs["aria-invalid"] = "true"
        return attrs

    def optionen(self, beschreiben: bool = False) -> list[dict]:
        """The options of a choice widget (radio buttons, checkboxes) as Django's widget
        builds them (ChoiceWidget.optgroups), flat; each with the attributes of its input.
        beschreiben: the inputs name hint and errors themselves (no fieldset does)."""
        attrs = self._attrs(self.klassen["option_eingabe"], beschreiben)
        gruppen = self.widget.optgroups(
            self.bf.html_name, self.widget.format_value(self.bf.value()), attrs
        )
        return [option for _, optionen, _ in gruppen for option in optionen]

    def option_html(self, option: dict) -> str:
        """One radio button or checkbox with its label."""
        o_attrs = option["attrs"]
        fuer = f' for="{attr(o_attrs["id"])}"' if o_attrs.get("id") else ""
        return (
            f"<div{_klasse(self.klassen['option'])}>"
            f'<input type="{attr(option["type"])}" name="{attr(option["name"])}"'
            f' value="{attr(option["value"])}"{attrs_html(o_attrs)}>'
            f"<label{fuer}{_klasse(self.klassen['option_label'])}>{text(option['label'])}</label>"
            "</div>"
        )

    def optionen_html(self, beschreiben: bool = False) -> str:
        teile = [f"<div{_klasse(self.klassen['optionen'])}>"]
        teile.extend(self.option_html(o) for o in self.optionen(beschreiben))
        teile.append("</div>")
        return "".join(teile)

    def steuerung(self) -> str:
        """The control alone: input, textarea, select (not for radio/checkbox lists)."""
        widget, bf = self.widget, self.bf
        if self.art == VERSTECKT:
            ctx = widget.get_context(bf.html_name, bf.value(), {"id": self.id} if self.id else {})
            return self._input(ctx["widget"])
        if self.art == HAEKCHEN:
            attrs = self._attrs(self.klassen["option_eingabe"])
            return self._input(widget.get_context(bf.html_name, bf.value(), attrs)["widget"])
        if self.art == EINGABE:
            attrs = self._attrs(self.klassen["eingabe"])
            return self._input(widget.get_context(bf.html_name, bf.value(), attrs)["widget"])
        if self.art == TEXT:
            attrs = self._attrs(self.klassen["eingabe"])
            w = widget.get_context(bf.html_name, bf.value(), attrs)["widget"]
            wert = attr(w["value"]) if w["value"] else ""
            # The newline after the start tag is dropped by the browser: a value that starts
            # with a line break keeps it.
            return f'<textarea name="{attr(w["name"])}"{attrs_html(w["attrs"])}>\n{wert}</textarea>'
        if self.art == AUSWAHL:
            return self._select()
        # A widget without a builder here: Django renders it (BoundField.as_widget).
        if widget.is_hidden:
            return str(bf)
        attrs = self._attrs(self.klassen["eingabe"], beschreiben=not widget.use_fieldset)
        attrs.pop("id", None)
        return str(bf.as_widget(attrs=attrs))

    def _input(self, w: dict) -> str:
        wert = "" if w["value"] is None else f' value="{attr(w["value"])}"'
        return (
            f'<input type="{attr(self.widget.input_type)}" name="{attr(w["name"])}"{wert}'
            f"{attrs_html(w['attrs'])}>"
        )

    def _select(self) -> str:
        widget, bf = self.widget, self.bf
        attrs = self._attrs(self.klassen["auswahl"])
        attrs = widget.build_attrs(widget.attrs, attrs)
        if widget.allow_multiple_selected:
            attrs["multiple"] = True
        teile = [f'<select name="{attr(bf.html_name)}"{attrs_html(attrs)}>']
        for gruppe, optionen, _ in widget.optgroups(
            bf.html_name, widget.format_value(bf.value()), attrs
        ):
            if gruppe is not None:
                teile.append(f'<optgroup label="{attr(gruppe)}">')
            for o in optionen:
                teile.append(
                    f'<option value="{attr(o["value"])}"{attrs_html(o["attrs"])}>'
                    f"{text(o['label'])}</option>"
                )
            if gruppe is not None:
                teile.append("</optgroup>")
        teile.append("</select>")
        return "".join(teile)

    # --- the whole field -------------------------------------------------------------------

    def html(self, klasse: str = "") -> SafeString:
        """The field in its frame: label, hint, errors, control."""
        if self.widget.is_hidden:
            return mark_safe(self.steuerung())  # noqa: S308 - every value is escaped
        if self.art == GRUPPE or (self.art == FREMD and self.widget.use_fieldset):
            teile = [
                self.rahmen_anfang(klasse),
                self.fieldset_anfang(),
                self.label_html("legend"),
                self.hinweis_html(),
                self.fehler_html(),
                self.optionen_html() if self.art == GRUPPE else self.steuerung(),
                "</fieldset></div>",
            ]
        elif self.art == HAEKCHEN:
            teile = [
                self.rahmen_anfang(klasse),
                f"<div{_klasse(self.klassen['option'])}>",
                self.steuerung(),
                self.label_html(klasse=self.klassen["option_label"]),
                self.hinweis_html(),
                self.fehler_html(),
                "</div></div>",
            ]
        else:
            teile = [
                self.rahmen_anfang(klasse),
                self.label_html(),
                self.hinweis_html(),
                self.fehler_html(),
                self.steuerung(),
                "</div>",
            ]
        return mark_safe("".join(teile))  # noqa: S308 - every value is escaped

    def auswahl_html(self) -> SafeString:
        """Hint, errors and the radio buttons / checkboxes without a fieldset of their own,
        for a template whose fieldset and legend name the group: the inputs name hint and
        errors themselves."""
        if self.art != GRUPPE:
            return self.html()
        teile = [self.hinweis_html(), self.fehler_html(), self.optionen_html(beschreiben=True)]
        return mark_safe("".join(teile))  # noqa: S308 - every value is escaped


def feld_html(bf: BoundField, klasse: str = "") -> SafeString:
    """The whole field `bf` in the portal's markup."""
    return Feld(bf).html(klasse)


class PortalFeld(BoundField):
    """A BoundField with the portal's markup, for Form.bound_field_class:
    `{{ form.x.als_feld }}` is the whole field, `{{ form.x.als_optionen }}` the radio
    buttons / checkboxes of a group the template names itself."""

    darstellung: ClassVar[type[Feld]] = Feld

    @property
    def als_feld(self) -> SafeString:
        return self.darstellung(self).html()

    @property
    def als_optionen(self) -> SafeString:
        return self.darstellung(self).auswahl_html()
