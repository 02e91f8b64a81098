"""Admin actions of the Bewertung: the helper for actions with an intermediate page, the
confirmation pages of decisions and notices (also used by the ranking) and the
Geschäftsstelle's actions on Steckbriefe (STECKBRIEF_AKTIONEN, composed into the Steckbrief
admin in masterplan/admin.py). Those need the permission "steuern":
bewertung.admin_steckbrief.SteckbriefBewertung.has_steuern_permission."""

from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from steckbriefe.models import Entscheidung, Status, Steckbrief
from steckbriefe.zustaende import UngueltigerUebergang

from . import regeln, services
from .aggregation import fortschritt
from .forms import EntscheidungForm, FristForm, PruefendeForm
from .templatetags.bewertung_tags import bescheid

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


# --- confirmation pages: decide, release the notices ----------------------------------------


@dataclass
class Auswahlzeile:
    """One selected Steckbrief on a confirmation page: its state and what will happen."""

    sb: Steckbrief
    bewertet: str  # "1/2" of the non-befangen Zuweisungen finalised
    bescheid: str  # bewertung_tags.bescheid
    hinweise: list[str] = field(default_factory=list)
    offen: str | None = None  # not fully reviewed: regeln.bewertung_offen
    uebersprungen: bool = False


def _auswahl(steckbriefe) -> list[Steckbrief]:
    """The selected Steckbriefe (already scoped to the user) with their progress, in one
    query."""
    qs = Steckbrief.objects.filter(pk__in=steckbriefe.values("pk")).select_related("organisation")
    return list(fortschritt(qs).order_by("titel", "pk"))


def _bewertet(sb) -> str:
    return f"{sb.zuweisungen_abgeschlossen}/{sb.zuweisungen_gesamt}"


def entscheidung_zeilen(steckbriefe) -> list[Auswahlzeile]:
    """What deciding does to each selected Steckbrief: skipped (status), only as an
    exception (not fully reviewed), a silent correction (decided, not yet mailed), a
    corrected notice at once (decided and mailed), or decided without a notice yet."""
    zeilen = []
    for sb in _auswahl(steckbriefe):
        zeile = Auswahlzeile(sb, _bewertet(sb), bescheid(sb))
        if not regeln.entscheidbar(sb):
            zeile.uebersprungen = True
            zeile.hinweise.append(
                f"Wird übersprungen: Im Status „{sb.get_status_display()}“ ist keine "
                "Entscheidung möglich."
            )
            zeilen.append(zeile)
            continue
        zeile.offen = regeln.bewertung_offen(sb.zuweisungen_gesamt, sb.zuweisungen_abgeschlossen)
        if zeile.offen:
            zeile.hinweise.append(
                f"Noch nicht vollständig bewertet ({zeile.offen}): wird nur mit ausdrücklicher, "
                "begründeter Ausnahme entschieden, sonst übersprungen."
            )
        if sb.status == Status.ENTSCHIEDEN:
            bisher = sb.get_entscheidung_display()
            if sb.entscheidung_mitgeteilt_am:
                zeile.hinweise.append(
                    f"Bereits entschieden ({bisher}) und mitgeteilt: Eine Korrektur geht sofort "
                    "als korrigierter Bescheid an die Einreichenden."
                )
            else:
                zeile.hinweise.append(
                    f"Bereits entschieden ({bisher}), Bescheid noch nicht versendet: Die "
                    "Entscheidung wird ohne Mitteilung korrigiert."
                )
        elif not zeile.offen:
            zeile.hinweise.append(
                "Wird entschieden; der Bescheid geht erst mit „Bescheide versenden“ hinaus."
            )
        zeilen.append(zeile)
    return zeilen


def bescheid_zeilen(steckbriefe) -> list[Auswahlzeile]:
    """Whose notice goes out when the selection is released, and why the others not."""
    zeilen = []
    for sb in _auswahl(steckbriefe):
        zeile = Auswahlzeile(sb, _bewertet(sb), bescheid(sb))
        grund = regeln.bescheid_nicht_versendbar(sb)
        if grund:
            zeile.uebersprungen = True
            zeile.hinweise.append(f"Wird übersprungen: {grund}")
        else:
            zeile.hinweise.append(
                f"Bescheid „{sb.get_entscheidung_display()}“ geht an die Einreichenden."
            )
        zeilen.append(zeile)
    return zeilen


def _bestaetigung(request, admin_site, opts, *, titel, frage, zeilen, knopf, versteckt, form=None):
    context = {
        **admin_site.each_context(request),
        "opts": opts,
        "title": titel,
        "subtitle": None,
        "frage": frage,
        "zeilen": zeilen,
        "form": form,
        "ausnahme_noetig": any(z.offen for z in zeilen),
        "knopf": knopf,
        "versteckt": versteckt,
        "ausfuehrbar": any(not z.uebersprungen for z in zeilen),
    }
    return TemplateResponse(request, "admin/bewertung/bestaetigung.html", context)


def _entschieden_melden(request, entscheidung: str, erledigt, fehler) -> None:
    korrigiert = [sb for sb in erledigt if sb.entscheidung_mitgeteilt_am is not None]
    still = len(erledigt) - len(korrigiert)
    label = Entscheidung(entscheidung).label
    if still:
        messages.success(
            request,
            f"Entscheidung „{label}“ für {still} Steckbrief(e) festgehalten. Die Bescheide "
            "sind noch nicht versendet: Sie gehen erst mit „Bescheide versenden“ an die "
            "Einreichenden.",
        )
    if korrigiert:
        messages.success(
            request,
            f"Entscheidung „{label}“ für {len(korrigiert)} bereits mitgeteilte(n) "
            "Steckbrief(e) korrigiert; der korrigierte Bescheid ist versendet.",
        )
    for sb, text in fehler:
        messages.error(request, f"{sb}: {text}")


def entscheidung_bestaetigen(request, admin_site, opts, steckbriefe, *, versteckt, vorbelegt):
    """The confirmation page of a decision for `steckbriefe` (scoped to the user): each with
    its Bewertungsstand and what will happen, the form with the exception for those not
    fully reviewed. When it comes back confirmed and valid (`anwenden`), decide and return
    None (the caller redirects). `versteckt`: the hidden fields that carry the selection;
    `vorbelegt`: the POST already holds the decision (from the ranking), check it now."""
    if "anwenden" in request.POST or vorbelegt:
        form = EntscheidungForm(request.POST)
        if "anwenden" in request.POST and form.is_valid():
            daten = form.cleaned_data
            try:
                erledigt, fehler = services.entscheiden_mehrere(
                    steckbriefe,
                    request.user,
                    daten["entscheidung"],
                    daten["begruendung"],
                    form.ausnahme_text(),
                )
            except FEHLER as exc:
                messages.error(request, str(exc))
            else:
                _entschieden_melden(request, daten["entscheidung"], erledigt, fehler)
            return None
    else:
        form = EntscheidungForm()
    return _bestaetigung(
        request,
        admin_site,
        opts,
        titel="Entscheidung festhalten",
        frage="Die Entscheidung gilt für diese Steckbriefe. Die Einreichenden erfahren sie "
        "erst, wenn Sie die Bescheide versenden (Aktion „Bescheide versenden …“).",
        zeilen=entscheidung_zeilen(steckbriefe),
        knopf="Entscheidung festhalten",
        versteckt=versteckt,
        form=form,
    )


def bescheide_bestaetigen(request, admin_site, opts, steckbriefe, *, versteckt):
    """The confirmation page of the release of the notices of `steckbriefe` (scoped to the
    user). When confirmed (`anwenden`), mail the decided, not yet mailed ones – each once –
    and return None (the caller redirects)."""
    if "anwenden" in request.POST:
        try:
            versendet, uebersprungen = services.bescheide_versenden(steckbriefe, request.user)
        except FEHLER as exc:
            messages.error(request, str(exc))
            return None
        if versendet:
            messages.success(
                request, f"{len(versendet)} Bescheid(e) an die Einreichenden versendet."
            )
        else:
            messages.warning(request, "Es wurde kein Bescheid versendet.")
        if uebersprungen:
            namen = "; ".join(f"{sb}: {grund}" for sb, grund in uebersprungen[:10])
            mehr = f" (und {len(uebersprungen) - 10} weitere)" if len(uebersprungen) > 10 else ""
            messages.warning(
                request, f"{len(uebersprungen)} Steckbrief(e) übersprungen – {namen}{mehr}"
            )
        return None
    return _bestaetigung(
        request,
        admin_site,
        opts,
        titel="Bescheide versenden",
        frage="Die Einreichenden dieser entschiedenen Steckbriefe erhalten jetzt ihren Bescheid "
        "(Entscheidung, Mitteilungstext und Begründung) per E-Mail:",
        zeilen=bescheid_zeilen(steckbriefe),
        knopf="Bescheide jetzt versenden",
        versteckt=versteckt,
    )


def _aktion_versteckt(request, queryset) -> list[tuple[str, str]]:
    """The hidden fields that bring an admin action's selection back."""
    return [("action", request.POST.get("action", ""))] + [
        (helpers.ACTION_CHECKBOX_NAME, str(pk)) for pk in queryset.values_list("pk", flat=True)
    ]


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
    return entscheidung_bestaetigen(
        request,
        model_admin.admin_site,
        model_admin.opts,
        queryset,
        versteckt=_aktion_versteckt(request, queryset),
        vorbelegt=False,
    )


@admin.action(description="Bescheide versenden …", permissions=["steuern"])
def bescheide_versenden(model_admin, request, queryset):
    return bescheide_bestaetigen(
        request,
        model_admin.admin_site,
        model_admin.opts,
        queryset,
        versteckt=_aktion_versteckt(request, queryset),
    )


STECKBRIEF_AKTIONEN = [
    zuweisungen_erzeugen,
    pruefende_hinzufuegen,
    frist_verlaengern,
    entscheidung_festhalten,
    bescheide_versenden,
]
