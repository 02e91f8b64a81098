"""Filters and sorting of the ranking matrix (django-filter on the annotated queryset of
bewertung.aggregation.rangliste).

The options of the three catalogue filters (Handlungsfeld, Zieldimension,
Gebietskörperschaft) change only when someone edits the catalogue in the admin: with
settings.FILTER_AUSWAHL_CACHEN (default: on where the cache is shared, i.e. with Redis) they
are read once and kept in the cache instead of three queries on every ranking page
(issue 18). Saving or deleting a row of these models drops the entry (signals below); it
expires after FILTER_AUSWAHL_CACHE_SEKUNDEN anyway (changes that send no signal: bulk
updates, data migrations). Validating a chosen value still reads the database
(ModelChoiceField), so a stale option can never filter by a row that is gone."""

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.utils.html import conditional_escape, format_html
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
    option was a good part of the ranking page's CPU time. Flat choices (all of the
    ranking's) are written straight from the choices, without the option dictionaries of
    ChoiceWidget.optgroups; grouped ones take Django's way."""

    def render(self, name, value, attrs=None, renderer=None):
        # iter(): list() would ask a ModelChoiceIterator for its length (a COUNT query).
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _, label in choices):
            return self._render_gruppen(name, value, attrs)
        widget_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        gewaehlt = self.format_value(value)
        teile = [format_html('<select name="{}"', name), _attribute(widget_attrs), ">"]
        hat_auswahl = False
        for wert, label in choices:
            wert = "" if wert is None else str(wert)
            # As ChoiceWidget.optgroups: one selected option unless multiple.
            ausgewaehlt = (not hat_auswahl or self.allow_multiple_selected) and wert in gewaehlt
            hat_auswahl |= ausgewaehlt
            teile.append(
                f'\n  <option value="{conditional_escape(wert)}"'
                f"{' selected' if ausgewaehlt else ''}>{conditional_escape(label)}</option>\n"
            )
        teile.append("\n</select>")
        return mark_safe("".join(teile))  # noqa: S308 - every part escaped above

    def _render_gruppen(self, name, value, attrs=None):
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


# The catalogue filters whose options may come from the cache: filter name → model.
KATALOG_FILTER = {
    "handlungsfeld": Handlungsfeld,
    "zieldimension": Zieldimension,
    "gebietskoerperschaft": Gebietskoerperschaft,
}
AUSWAHL_SCHLUESSEL = "bewertung:rangliste:katalog-auswahl"


def katalog_auswahl() -> dict[str, list[tuple[str, str]]] | None:
    """{filter name: [(pk, label), …]} of the catalogue filters in the models' order, from
    the cache (read and stored when missing); None while FILTER_AUSWAHL_CACHEN is off."""
    if not settings.FILTER_AUSWAHL_CACHEN:
        return None
    eintrag = cache.get(AUSWAHL_SCHLUESSEL)
    if eintrag is None:
        eintrag = {
            name: [(str(o.pk), str(o)) for o in model._default_manager.all()]
            for name, model in KATALOG_FILTER.items()
        }
        cache.set(AUSWAHL_SCHLUESSEL, eintrag, settings.FILTER_AUSWAHL_CACHE_SEKUNDEN)
    return eintrag


def katalog_auswahl_verwerfen(**kwargs) -> None:
    cache.delete(AUSWAHL_SCHLUESSEL)


def auswahl_verwerfen_verbinden() -> None:
    """Connect the invalidation (BewertungConfig.ready): every process that may change the
    catalogue – web, worker, management commands – drops the cached options."""
    for model in KATALOG_FILTER.values():
        post_save.connect(
            katalog_auswahl_verwerfen, sender=model, dispatch_uid=f"auswahl-save-{model.__name__}"
        )
        post_delete.connect(
            katalog_auswahl_verwerfen, sender=model, dispatch_uid=f"auswahl-del-{model.__name__}"
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

    @property
    def form(self):
        """The filter form; the catalogue filters' options from the cache when it is on
        (their values are still validated against the database)."""
        if not hasattr(self, "_form"):
            form = super().form
            auswahl = katalog_auswahl()
            if auswahl is not None:
                for name, optionen in auswahl.items():
                    feld = form.fields[name]
                    leer = [] if feld.empty_label is None else [("", feld.empty_label)]
                    # Only the widget's: the field validates against the database.
                    feld.widget.choices = [*leer, *optionen]
        return self._form

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
