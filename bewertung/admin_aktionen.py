"""Admin actions of the Bewertung: the helper for actions with an intermediate page and the
Geschäftsstelle's actions on Steckbriefe (STECKBRIEF_AKTIONEN, composed into the Steckbrief
admin in masterplan/admin.py). Those need the permission "steuern":
bewertung.admin_steckbrief.SteckbriefBewertung.has_steuern_permission."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from steckbriefe.zustaende import UngueltigerUebergang

from . import regeln, services
from .forms import EntscheidungForm, FristForm, PruefendeForm

FEHLER = (services.BewertungsFehler, regeln.NichtErlaubt, UngueltigerUebergang)


def aktion_mit_formular(
    model_admin, request, queryset, form_class, *, titel, frage, knopf, ausfuehren, form_kwargs=None
):
    """First call: show `form_class` with the selected objects. When the form comes back
    valid (`anwenden` in POST), run `ausfuehren(cleaned_data)` and return to the list."""
    form_kwargs = form_kwargs or {}
    if "anwenden" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            ausfuehren(form.cleaned_data)
            return None
    else:
        form = form_class(**form_kwargs)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": titel,
        "subtitle": None,
        "frage": frage,
        "knopf": knopf,
        "form": form,
        "objekte": list(queryset),
        "aktion": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/bewertung/aktion.html", context)


# --- actions of the Geschäftsstelle on Steckbriefe -------------------------------------------


@admin.action(description="Zuweisungen erzeugen (nach Standort)", permissions=["steuern"])
def zuweisungen_erzeugen(model_admin, request, queryset):
    try:
        mit_neuen, uebersprungen = services.zuweisungen_erzeugen(queryset, request.user)
    except FEHLER as exc:
        messages.error(request, str(exc))
        return
    messages.success(request, f"Neue Zuweisungen für {mit_neuen} Steckbrief(e) erzeugt.")
    if uebersprungen:
        messages.warning(
            request,
            f"{uebersprungen} Steckbrief(e) übersprungen: noch nicht final eingereicht "
            "oder zurückgezogen.",
        )


@admin.action(description="Prüfende hinzufügen …", permissions=["steuern"])
def pruefende_hinzufuegen(model_admin, request, queryset):
    def ausfuehren(daten):
        try:
            anzahl, uebersprungen = services.pruefende_hinzufuegen(
                queryset, request.user, daten["gebiete"], daten["personen"]
            )
        except FEHLER as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, f"{anzahl} Zuweisung(en) hinzugefügt.")
        if uebersprungen:
            messages.warning(
                request,
                f"{uebersprungen} Steckbrief(e) übersprungen: nicht final eingereicht, "
                "zurückgezogen oder bereits entschieden.",
            )

    return aktion_mit_formular(
        model_admin,
        request,
        queryset,
        PruefendeForm,
        titel="Prüfende hinzufügen",
        frage="Die gewählten Wirtschaftsförderungen und Personen bewerten zusätzlich "
        "diese Steckbriefe:",
        knopf="Hinzufügen",
        ausfuehren=ausfuehren,
    )


@admin.action(description="Frist verlängern …", permissions=["steuern"])
def frist_verlaengern(model_admin, request, queryset):
    def ausfuehren(daten):
        try:
            anzahl = services.frist_verlaengern(queryset, request.user, daten["bis"])
        except FEHLER as exc:
            messages.error(request, str(exc))
            return
        messages.success(
            request, f"Frist für {anzahl} Steckbrief(e) bis {daten['bis']:%d.%m.%Y} verlängert."
        )

    return aktion_mit_formular(
        model_admin,
        request,
        queryset,
        FristForm,
        titel="Frist verlängern",
        frage="Die Einreichenden dieser Steckbriefe können bis zum gewählten Tag weiter "
        "bearbeiten und final einreichen:",
        knopf="Frist verlängern",
        ausfuehren=ausfuehren,
    )


@admin.action(description="Entscheidung festhalten …", permissions=["steuern"])
def entscheidung_festhalten(model_admin, request, queryset):
    def ausfuehren(daten):
        erledigt, fehler = services.entscheiden_mehrere(
            queryset, request.user, daten["entscheidung"], daten["begruendung"]
        )
        if erledigt:
            messages.success(
                request,
                f"Entscheidung für {len(erledigt)} Steckbrief(e) festgehalten und mitgeteilt.",
            )
        for sb, text in fehler:
            messages.error(request, f"{sb}: {text}")

    return aktion_mit_formular(
        model_admin,
        request,
        queryset,
        EntscheidungForm,
        titel="Entscheidung festhalten",
        frage="Die Entscheidung gilt für diese Steckbriefe; die Einreichenden erhalten "
        "die Mitteilung mit Ihrer Begründung:",
        knopf="Entscheiden und mitteilen",
        ausfuehren=ausfuehren,
    )


STECKBRIEF_AKTIONEN = [
    zuweisungen_erzeugen,
    pruefende_hinzufuegen,
    frist_verlaengern,
    entscheidung_festhalten,
]
