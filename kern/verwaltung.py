"""Building blocks for the admins of every app (no registrations here, no portal imports).

NurLesen: the read-only admin (nothing added, changed or deleted, not even by a superuser).
BegrenzteSuche, GueltigeAuswahl: bounded search words and only id-like action selections, for
every ModelAdmin the portal's admin site registers.

Spalten: changelist columns declared once, as small objects that render their own cells (the
pattern of Wagtail's admin/ui/tables). A column has a header, an optional ordering, the
model fields its cells read, an optional preparation per page (one query for the whole page
instead of one per row) and its cell. Each app contributes its columns; the admin that
composes them lists them in list_display and mixes in SpaltenAdmin.

Fast or explicitly not: when every entry of list_display is a Spalte, SpaltenChangeList
loads only the fields the columns name and the columns render the rows. One entry that is
not a Spalte (a field name, a method, a function) and Django renders the whole list as
usual (Spalte objects are callables, so they still work there). That fallback is visible:
a system check warns (kern.W001) and the page says so in an HTML comment."""

from functools import cached_property
from html import escape

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.core import checks
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .eingaben import ids_aus, suchbegriff_begrenzen

# --- read-only --------------------------------------------------------------------------------


class BegrenzteSuche:
    """The admin's search with at most kern.eingaben.MAX_SUCHWOERTER words: a thousand words
    would nest a thousand conditions (SQLite: "Expression tree is too large", 500). The
    portal's admin site mixes it into every ModelAdmin it registers."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, suchbegriff_begrenzen(search_term))


class GueltigeAuswahl:
    """Actions get only the selected ids that can be ids: "1e3" or 99999999999999999999 in
    the posted selection made the action's query fail (500). The portal's admin site mixes it
    into every ModelAdmin it registers, like BegrenzteSuche."""

    def response_action(self, request, queryset):
        name = helpers.ACTION_CHECKBOX_NAME
        ausgewaehlt = request.POST.getlist(name)
        gueltig = [str(i) for i in ids_aus(ausgewaehlt)]
        if gueltig != ausgewaehlt:
            post = request.POST.copy()
            post.setlist(name, gueltig)
            request.POST = post
        return super().response_action(request, queryset)


class NurLesen:
    """For a ModelAdmin or an inline: shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- columns ----------------------------------------------------------------------------------


class Seite:
    """One page of a changelist as its columns see it: the ChangeList, its request, the
    objects of the page, the admin's empty value (HTML, as Django shows it), and what each
    column prepared (daten[spalte])."""

    def __init__(self, cl):
        self.cl = cl
        self.anfrage = getattr(cl, "anfrage", None)  # the request (SpaltenChangeList)
        self.objekte = list(cl.result_list)
        self.leer = str(cl.model_admin.get_empty_value_display())
        self.daten: dict = {}


class Spalte:
    """A changelist column. `name` gives the CSS classes (column-<name>, field-<name>),
    `titel` the header, `sortierung` the ordering (an expression as admin_order_field;
    None: not sortable). `felder` are the model fields the cells read (related ones with
    "__", loaded through list_select_related); None means the whole object, and then the
    page loads whole objects.

    Subclasses implement inhalt() (and vorbereiten() when the cells need more than the
    row). Django calls the object itself when it renders the list (fallback): then
    `seite` is None and the column reads what the row has (e.g. prefetched)."""

    def __init__(self, name: str, titel: str, *, sortierung=None, felder=None):
        self.__name__ = name  # Django names the column and the cells after it
        self.short_description = titel
        self.admin_order_field = sortierung
        self.felder = None if felder is None else tuple(felder)

    def __repr__(self):
        return f"<{type(self).__name__} {self.__name__}>"

    def sichtbar(self, request) -> bool:
        """Whether the column is shown to this request's user."""
        return True

    def vorbereiten(self, seite: Seite) -> None:
        """Read what the cells of the page need, once for the page (seite.daten[self])."""

    def inhalt(self, obj, seite: Seite | None) -> str:
        """The content of the cell as HTML: escape what comes from data (html.escape:
        the cells of a page are thousands of calls, Django's escape costs more)."""
        raise NotImplementedError

    def zelle(self, obj, seite: Seite) -> str:
        return f'<td class="field-{self.__name__}">{self.inhalt(obj, seite)}</td>'

    def __call__(self, obj):
        return mark_safe(self.inhalt(obj, None))  # noqa: S308 - inhalt escapes the data


class TextSpalte(Spalte):
    """A column of plain text: `text(obj)` (or override text()); blank shows the admin's
    empty value. Django escapes it the same way in the fallback."""

    def __init__(self, name, titel, *, text=None, **kwargs):
        super().__init__(name, titel, **kwargs)
        if text is not None:
            self._text = text

    def text(self, obj, seite: Seite | None) -> str:
        return self._text(obj)

    def inhalt(self, obj, seite):
        text = self.text(obj, seite)
        if not text.strip():
            return seite.leer if seite else ""
        return escape(text)

    def zelle(self, obj, seite):
        # inhalt() inlined: hundreds of cells per page.
        text = self.text(obj, seite)
        return (
            f'<td class="field-{self.__name__}">{escape(text) if text.strip() else seite.leer}</td>'
        )

    def __call__(self, obj):
        return self.text(obj, None)


class FeldSpalte(TextSpalte):
    """A model field as text (the label of a choice; unknown values show as empty),
    sortable by the field."""

    def __init__(self, feld: str, titel: str, **kwargs):
        kwargs.setdefault("sortierung", feld)
        kwargs.setdefault("felder", (feld,))
        super().__init__(feld, titel, **kwargs)
        self.feld = feld

    def _auswahl(self, model) -> dict | None:
        feld = model._meta.get_field(self.feld)
        return {k: str(v) for k, v in feld.flatchoices} if feld.choices else None

    def vorbereiten(self, seite):
        seite.daten[self] = self._auswahl(seite.cl.model)

    def text(self, obj, seite):
        wert = getattr(obj, self.feld)
        auswahl = seite.daten[self] if seite else self._auswahl(type(obj))
        if auswahl is not None:
            return auswahl.get(wert, "")
        return "" if wert is None else str(wert)


class AuswahlSpalte(Spalte):
    """The checkbox of a row for the admin actions (Django's "action_checkbox" entry):
    name _selected_action, class action-select (admin/js/actions.js), an aria-label."""

    def __init__(self):
        super().__init__("action_checkbox", "", felder=())

    @staticmethod
    def _label() -> str:
        return escape(_("Select this object for an action - {}"))  # Django's label

    def vorbereiten(self, seite):
        seite.daten[self] = self._label()  # translated once for the page

    def zelle(self, obj, seite):
        return self.inhalt(obj, seite)

    def inhalt(self, obj, seite):
        label = (seite.daten[self] if seite else self._label()).format(escape(str(obj)))
        return (
            f'<td class="action-checkbox"><input type="checkbox" '
            f'name="{helpers.ACTION_CHECKBOX_NAME}" value="{escape(str(obj.pk))}" '
            f'class="action-select" aria-label="{label}"></td>'
        )


AUSWAHL = AuswahlSpalte()
PK_PLATZHALTER = "__pk__"


def _nicht_spalten(list_display) -> list[str]:
    return [
        str(getattr(e, "__name__", e))
        for e in list_display
        if e != "action_checkbox" and not isinstance(e, Spalte)
    ]


class SpaltenChangeList(ChangeList):
    """A ChangeList whose rows the Spalte objects of list_display render (tabelle());
    Django's rendering when an entry is no Spalte (django_spalten names them), in a popup,
    with list_editable or to_field."""

    def get_results(self, request):
        # For the columns that depend on the user (Seite.anfrage).
        self.anfrage = request
        self.django_spalten = _nicht_spalten(self.list_display)
        self.spalten_modus = not (
            self.django_spalten or self.is_popup or self.to_field or self.list_editable
        )
        if self.spalten_modus:
            # Only the fields the columns read; the prefetches of get_queryset serve
            # Django's rendering and the actions (columns prepare related rows per page).
            self.queryset = self.queryset.prefetch_related(None)
            felder = [s.felder for s in self.list_display if isinstance(s, Spalte)]
            if all(f is not None for f in felder):
                self.queryset = self.queryset.only(*sorted({n for f in felder for n in f}))
        super().get_results(request)

    def aenderungs_links(self):
        """obj -> the escaped URL of its change page with the preserved filters (None: no
        change page). One reverse() for the page when primary keys are integers.
        A ModelAdmin may send the rows elsewhere for a user: `zeilen_ziel(request)` returns
        the URL name of another page that takes the object's pk (no preserved filters), or
        None for the change page."""
        kontext = {"preserved_filters": self.preserved_filters, "opts": self.opts}
        ziel = getattr(self.model_admin, "zeilen_ziel", None)
        anderes = ziel(self.anfrage) if ziel is not None else None
        if anderes is not None:
            muster = escape(reverse(anderes, args=[PK_PLATZHALTER]))
            return lambda obj: muster.replace(PK_PLATZHALTER, str(obj.pk))
        try:
            muster = reverse(
                f"{self.model_admin.admin_site.name}:"
                f"{self.opts.app_label}_{self.opts.model_name}_change",
                args=[PK_PLATZHALTER],
                current_app=self.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return lambda obj: None
        muster = escape(add_preserved_filters(kontext, muster))

        def link(obj) -> str:
            pk = obj.pk
            if isinstance(pk, int):
                return muster.replace(PK_PLATZHALTER, str(pk))
            return escape(add_preserved_filters(kontext, self.url_for_result(obj)))

        return link

    @cached_property
    def tabelle(self) -> dict | None:
        """The context of admin/change_list_results.html with the rows rendered by the
        columns; None when Django renders them (spalten_modus off)."""
        if not self.spalten_modus:
            return None
        seite = Seite(self)
        spalten = [AUSWAHL if e == "action_checkbox" else e for e in self.list_display]
        for spalte in spalten:
            spalte.vorbereiten(seite)
        links = set() if self.list_display_links is None else set(self.list_display_links)
        link = self.aenderungs_links()

        def zeile(obj) -> SafeString:
            zellen = []
            for spalte in spalten:
                if spalte not in links:
                    zellen.append(spalte.zelle(obj, seite))
                    continue
                inhalt = spalte.inhalt(obj, seite)
                url = link(obj)
                if url is not None:
                    inhalt = f'<a href="{url}">{inhalt}</a>'
                zellen.append(f'<th class="field-{spalte.__name__}">{inhalt}</th>')
            return SafeString("".join(zellen))

        kopf = list(result_headers(self))
        return {
            "result_headers": kopf,
            "num_sorted_fields": sum(1 for h in kopf if h["sortable"] and h["sorted"]),
            "result_hidden_fields": list(result_hidden_fields(self)),
            "results": [ResultList(None, [zeile(obj)]) for obj in seite.objekte],
        }


class SpaltenAdmin:
    """ModelAdmin mixin for a changelist of Spalte objects (see the module docstring):
    hides the columns a user may not see (Spalte.sichtbar), renders through
    SpaltenChangeList and admin/spalten_change_list.html, and warns (kern.W001) about a
    list_display that makes Django render the list."""

    change_list_template = "admin/spalten_change_list.html"

    def get_list_display(self, request):
        return [
            e
            for e in super().get_list_display(request)
            if not isinstance(e, Spalte) or e.sichtbar(request)
        ]

    def get_changelist(self, request, **kwargs):
        return SpaltenChangeList

    def check(self, **kwargs):
        fehler = super().check(**kwargs)
        andere = _nicht_spalten(self.list_display)
        if andere:
            fehler.append(
                checks.Warning(
                    f"list_display enthält {', '.join(andere)}: keine Spalte-Objekte, "
                    "Django rendert die ganze Liste (langsamer).",
                    hint="Als kern.verwaltung.Spalte deklarieren.",
                    obj=type(self),
                    id="kern.W001",
                )
            )
        return fehler
