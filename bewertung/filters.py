"""Filters and sorting of the ranking matrix (django-filter on the annotated queryset of
bewertung.aggregation.rangliste)."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
from konten.models import Organisationstyp
from steckbriefe.models import Entscheidung, Status, Steckbrief, Vorhabenart

from .regeln import ZUWEISBAR

JA_NEIN = [("", "alle"), ("true", "ja"), ("false", "nein")]


def _attribute(attrs: dict) -> str:
    """The attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {name}" if wert is True else format_html(' {}="{}"', name, str(wert))
        for name, wert in attrs.items()
        if wert is not False
    )


class Auswahl(forms.Select):
    """A Select written in Python with exactly the markup of Django's select.html and
    select_option.html: the filter form has some 70 options, and one template render per
    option was a good part of the ranking page's CPU time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        teile = [format_html('<select name="{}"', widget["name"]), _attribute(widget["attrs"]), ">"]
        for gruppe, optionen, _ in widget["optgroups"]:
            if gruppe:
                teile.append(format_html('\n  <optgroup label="{}">', gruppe))
            teile.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    mark_safe(_attribute(option["attrs"])),  # noqa: S308 - escaped above
                    option["label"],
                )
                for option in optionen
            )
            if gruppe:
                teile.append("\n  </optgroup>")
        teile.append("\n</select>")
        return mark_safe("".join(teile))  # noqa: S308 - every part escaped above


def _ja_nein(label):
    return django_filters.TypedChoiceFilter(
        label=label,
        choices=JA_NEIN,
        coerce=lambda v: {"true": True, "false": False}.get(v),
        method="_bool",
        empty_value=None,
        widget=Auswahl,
    )


class RanglisteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Suche (Titel, Organisation)", method="_suche")
    handlungsfeld = django_filters.ModelChoiceFilter(
        label="Handlungsfeld",
        queryset=Handlungsfeld.objects.all(),
        empty_label="alle",
        widget=Auswahl,
    )
    zieldimension = django_filters.ModelChoiceFilter(
        label="Zieldimension",
        queryset=Zieldimension.objects.all(),
        method="_zieldimension",
        empty_label="alle",
        widget=Auswahl,
    )
    gebietskoerperschaft = django_filters.ModelChoiceFilter(
        label="Gebietskörperschaft",
        queryset=Gebietskoerperschaft.objects.all(),
        method="_gebiet",
        empty_label="alle",
        widget=Auswahl,
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(s.value, s.label) for s in Status if s in ZUWEISBAR],
        empty_label="alle",
        widget=Auswahl,
    )
    entscheidung = django_filters.ChoiceFilter(
        label="Bisherige Entscheidung",
        choices=Entscheidung.choices,
        empty_label="alle",
        widget=Auswahl,
    )
    organisationstyp = django_filters.ChoiceFilter(
        label="Organisationstyp",
        field_name="organisation__typ",
        choices=Organisationstyp.choices,
        empty_label="alle",
        widget=Auswahl,
    )
    vorhabenart = django_filters.ChoiceFilter(
        label="Vorhabenart", choices=Vorhabenart.choices, empty_label="alle", widget=Auswahl
    )
    volumen_min = django_filters.NumberFilter(
        label="Gesamtvolumen ab (EUR)",
        field_name="gesamtvolumen",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    volumen_max = django_filters.NumberFilter(
        label="Gesamtvolumen bis (EUR)",
        field_name="gesamtvolumen",
        lookup_expr="lte",
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    ko = _ja_nein("K.-o.")
    uneinig = _ja_nein("Uneinigkeit")
    vollstaendig = _ja_nein("Bewertung vollständig")

    class Meta:
        model = Steckbrief
        fields: list[str] = []

    _ANNOTATION = {"ko": "ko", "uneinig": "uneinig", "vollstaendig": "bewertung_vollstaendig"}

    def _bool(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(**{self._ANNOTATION[name]: value})

    def _suche(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(titel__icontains=value)
            | Q(kurztitel__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def _zieldimension(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Steckbrief.zieldimensionen.through.objects.filter(
                    steckbrief=OuterRef("pk"), zieldimension=value
                )
            )
        )

    def _gebiet(self, queryset, name, value):
        """Steckbriefe located in the Gebietskörperschaft or in the whole region."""
        return queryset.filter(
            Q(gesamte_region=True)
            | Exists(
                Steckbrief.gebietskoerperschaften.through.objects.filter(
                    steckbrief=OuterRef("pk"), gebietskoerperschaft=value
                )
            )
        )


FESTE_SORTIERUNG = {
    "rang": ("gruppe", "rang", "titel"),
    "titel": ("titel",),
    "mittelwert": ("mittelwert",),
    "median": ("median",),
    "normiert": ("normiert",),
    "anzahl": ("anzahl_bewertungen",),
    "spannweite": ("spannweite",),
    "standardabweichung": ("standardabweichung",),
    "volumen": ("gesamtvolumen",),
}


def sortierung(parameter: str, spalten) -> tuple[list, set[str]]:
    """`o=mittelwert` / `o=-mittelwert` / `o=kriterium_<pk>` → order_by expressions.
    Unknown keys are ignored (default: rank). Returns (ordering, allowed keys)."""
    erlaubt = dict(FESTE_SORTIERUNG)
    for _, name in spalten:
        erlaubt[name] = (name,)
    absteigend = parameter.startswith("-")
    schluessel = parameter.lstrip("-")
    if schluessel not in erlaubt:
        return [], set(erlaubt)
    ordnung = []
    for feld in erlaubt[schluessel]:
        ausdruck = F(feld)
        ordnung.append(
            ausdruck.desc(nulls_last=True) if absteigend else ausdruck.asc(nulls_last=True)
        )
    ordnung.append(F("pk").asc())
    return ordnung, set(erlaubt)
