"""Submitter pages: dashboard, the Steckbrief form with autosave, detail, print view,
versions and diff, attachments. Rules live in regeln/fristen/services/entwuerfe; the views
only bind forms, call those modules and render."""

import copy
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from handlungsfelder.phasen import prozessstand
from kern.eingaben import zahl_aus
from konten.models import Organisation
from konten.zugriff import organisation_erforderlich

from . import checkliste, entwuerfe, regeln, services
from .abschnitte import ABSCHNITTE, KATALOGFELDER
from .beitraege import ansprechperson_geloescht
from .darstellung import abschnitte, mit_allem
from .filters import SteckbriefFilter
from .forms import MAX_ZEILEN
from .fristen import frist_fuer, warum_nicht_bearbeitbar
from .hilfen import HILFEN, bewertungskriterien
from .models import Anlage, Autosave, Status, Steckbrief, SteckbriefVersion
from .pruefung import BEZIEHUNGEN, fehlende_angaben, mit_beziehungen_vorhanden
from .schritte import (
    FORMULAR_UEBERGAENGE,
    darf_zurueckziehen,
    formular_aktionen,
    naechster_schritt,
    was_als_naechstes,
    ziel_ist_final,
)
from .versionen import unterschiede
from .zustaende import UEBERGAENGE, UngueltigerUebergang

GESPEICHERT_FLAG = "steckbrief_soeben_gespeichert"
SEITENGROESSE = 20
MAX_VERSION = 32767  # SteckbriefVersion.nummer is a small integer


def _steckbrief(request, pk: int, regel, queryset=None) -> Steckbrief:
    """The Steckbrief if `regel(user, sb)` allows it, else 404 (never reveal others')."""
    sb = get_object_or_404(queryset if queryset is not None else Steckbrief.objects, pk=pk)
    if not regel(request.user, sb):
        raise Http404("Steckbrief nicht gefunden.")
    return sb


def _soeben_gespeichert(request, sb: Steckbrief) -> bool:
    """True once after a successful save/discard, so the browser drops its local copy."""
    return request.session.pop(GESPEICHERT_FLAG, None) == sb.pk


def _rueckfrage(sb: Steckbrief):
    """The open Rückfrage's audit entry, with `von`: who asked, by role (the
    Wirtschaftsförderung of a Gebietskörperschaft, the Geschäftsstelle; a deleted account
    names neither)."""
    if sb.status != Status.RUECKFRAGE:
        return None
    eintrag = (
        sb.audit.filter(aktion=UEBERGAENGE["rueckfrage_stellen"].label)
        .select_related("akteur__gebietskoerperschaft")
        .first()
    )
    if eintrag is not None:
        eintrag.von = rueckfrage_von(eintrag.akteur)
    return eintrag


def rueckfrage_von(akteur) -> str:
    """'Rückfrage der Geschäftsstelle', '… der Wirtschaftsförderung Zwickau' or 'Rückfrage'."""
    if akteur is None:
        return "Rückfrage"
    if akteur.ist_wirtschaftsfoerderung:
        return f"Rückfrage der Wirtschaftsförderung {akteur.gebietskoerperschaft.name}"
    if akteur.ist_geschaeftsstelle:
        return "Rückfrage der Geschäftsstelle"
    return "Rückfrage"


# --- dashboard --------------------------------------------------------------------------


@login_required
def dashboard(request):
    if request.user.is_staff and regeln.organisation_id(request.user) is None:
        # Geschäftsstelle and Wirtschaftsförderung work in the admin.
        return redirect("admin:index")
    return _dashboard(request)


# The links of a dashboard row: key → URL name (each with the Steckbrief's pk).
_ZEILEN_URLS = {
    "detail": "steckbriefe:detail",
    "versionen": "steckbriefe:versionen",
    "druck": "steckbriefe:druck",
    "pdf": "dossiers:steckbrief_pdf",
}


def _url_je_pk(name: str):
    """pk → the URL `name` for it, from one reverse() (not one per row and link)."""
    platzhalter = 999999999
    vorne, hinten = reverse(name, kwargs={"pk": platzhalter}).rsplit(str(platzhalter), 1)
    return lambda pk: f"{vorne}{pk}{hinten}"


@organisation_erforderlich
def _dashboard(request):
    stand = prozessstand()
    qs = (
        # The completeness check needs only whether related rows exist (EXISTS per row),
        # not the rows themselves (three prefetch queries and a manager per row).
        mit_beziehungen_vorhanden(Steckbrief.objects.filter(organisation=request.organisation))
        .select_related("organisation")
        # A correlated count, not a JOIN with GROUP BY over every column of the page.
        .annotate(
            versionen_anzahl=Coalesce(
                Subquery(
                    SteckbriefVersion.objects.filter(steckbrief=OuterRef("pk"))
                    .order_by()
                    .values("steckbrief")
                    .annotate(c=Count("pk"))
                    .values("c"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )
        .order_by("-geaendert", "-pk")
    )
    filter_ = SteckbriefFilter(request.GET, queryset=qs)
    seite = Paginator(filter_.qs, SEITENGROESSE).get_page(request.GET.get("seite"))
    mit_autosave = set(
        Autosave.objects.filter(
            user=request.user, steckbrief__in=[sb.pk for sb in seite]
        ).values_list("steckbrief_id", flat=True)
    )
    urls = {schluessel: _url_je_pk(name) for schluessel, name in _ZEILEN_URLS.items()}
    zeilen = []
    for sb in seite:
        frist = frist_fuer(sb, stand)
        fehlt = (
            fehlende_angaben(sb, final=ziel_ist_final(sb, frist)) if frist.darf_bearbeiten else []
        )
        zeilen.append(
            {
                "sb": sb,
                "frist": frist,
                "tage": frist.tage_bis(stand.heute),
                "schritt": naechster_schritt(sb, frist),
                "naechstes": was_als_naechstes(sb, stand),
                "fehlt": len(fehlt),
                "autosave": sb.pk in mit_autosave,
                **{f"{schluessel}_url": url(sb.pk) for schluessel, url in urls.items()},
            }
        )
    filter_params = request.GET.copy()
    filter_params.pop("seite", None)
    return render(
        request,
        "steckbriefe/dashboard.html",
        {
            "stand": stand,
            "filter": filter_,
            "seite": seite,
            "zeilen": zeilen,
            "filter_query": filter_params.urlencode(),
            "organisation": request.organisation,
            "neu_hindernis": regeln.neuer_entwurf_hindernis(request.organisation, stand),
        },
    )


# --- the form ---------------------------------------------------------------------------


def _extra(request, name: str) -> int:
    try:
        return max(1, min(int(request.GET.get(name, 1)), MAX_ZEILEN))
    except ValueError:
        return 1


def _gespeicherter_stand(sb: Steckbrief) -> Steckbrief:
    """The stored Steckbrief after bound forms were validated: validation changed `sb` and
    its Organisation in memory (not its related rows: selections are only written on save,
    and the formsets validate copies of their rows), so its own columns and the related
    objects of the page are read again in one query; prefetched related rows are kept."""
    sb.refresh_from_db(
        fields=[f.attname for f in Steckbrief._meta.concrete_fields],
        from_queryset=Steckbrief.objects.select_related(
            "organisation", "handlungsfeld", "zuletzt_bearbeitet_von"
        ),
    )
    return sb


def _eingaben_zeigen(sb: Steckbrief, daten) -> entwuerfe.Formulare:
    """Forms bound to kept input, validated only to show it with its errors. They work on
    copies of the Steckbrief and its Organisation, so `sb` keeps the stored state."""
    f = entwuerfe.formulare(copy.copy(sb), copy.copy(sb.organisation), daten)
    f.is_valid()
    return f


def _formular_rendern(request, sb, f, *, frist=None, status=200, **extra):
    neu = sb.pk is None
    if not neu and f.steckbrief.is_bound and f.steckbrief.instance is sb:
        # Validating bound forms changed `sb` in memory: show the stored state.
        sb = _gespeicherter_stand(sb)
    frist = frist or frist_fuer(sb)
    ziel_final = ziel_ist_final(sb, frist)
    punkte = _pruefpunkte(sb, ziel_final, f.steckbrief.data if f.steckbrief.is_bound else None)
    ctx = {
        "sb": sb,
        "neu": neu,
        "f": f,
        "form": f.steckbrief,
        "abschnitte": ABSCHNITTE,
        "katalogfelder": KATALOGFELDER,
        "frist": frist,
        "hilfen": HILFEN,
        "kriterien": bewertungskriterien(),
        "pruefpunkte": punkte,
        "fehlt_anzahl": sum(1 for p in punkte if p["fehlt"]),
        "abschnitt_stand": _abschnitt_stand(punkte),
        "ziel_final": ziel_final,
        "aktionen": formular_aktionen(sb, frist) if not neu else _aktionen_neu(frist),
        "darf_zurueckziehen": darf_zurueckziehen(sb),
        "rueckfrage": None if neu else _rueckfrage(sb),
        "ansprechperson_geloescht": False if neu else ansprechperson_geloescht(sb),
        "anlagen": [] if neu else list(sb.anlagen.all()),
        "autosave_url": reverse("steckbriefe:autosave_neu")
        if neu
        else reverse("steckbriefe:autosave", kwargs={"pk": sb.pk}),
        "form_action": reverse("steckbriefe:neu")
        if neu
        else reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk}),
        "soeben_gespeichert": False if neu else _soeben_gespeichert(request, sb),
        "datenschutz_url": reverse("seite", kwargs={"slug": "datenschutz"}),
        "entwurf_token": uuid.uuid4().hex if neu else "",
        "heute": timezone.localdate(),
        **extra,
    }
    return render(request, "steckbriefe/formular.html", ctx, status=status)


def _ausgefuellt(daten, muster: str) -> bool:
    """Whether the posted `daten` fill the control `muster` (entwuerfe.NAMEN_JE_FEHLEND; as
    steckbrief.js judges it on screen)."""
    if "-*-" in muster:
        prefix, feld = muster.split("-*-")
        return any(
            name.startswith(f"{prefix}-")
            and name.endswith(f"-{feld}")
            and not daten.get(name.removesuffix(feld) + "DELETE")
            and str(daten.get(name) or "").strip()
            for name in daten
        )
    return any(str(w).strip() for w in daten.getlist(muster))


def _pruefpunkte(sb: Steckbrief, final: bool, daten=None) -> list[dict]:
    """Every entry the next submission needs (pruefung.fehlende_angaben of an empty
    Steckbrief), each marked whether it is missing – in the input on the page if the form
    is bound (after an error, with restored input), else in the stored Steckbrief – with
    the form controls it looks at: steckbrief.js judges the list again from the values on
    screen while typing."""
    leer = Steckbrief(organisation=Organisation())
    stand = sb
    if sb.pk is None:
        stand = copy.copy(sb)
        for name in BEZIEHUNGEN:
            setattr(leer, f"hat_{name}", False)
            setattr(stand, f"hat_{name}", False)
    else:
        for name in BEZIEHUNGEN:
            setattr(leer, f"hat_{name}", False)
    fehlt = set(fehlende_angaben(stand, final=final))
    punkte = []
    for x in fehlende_angaben(leer, final=final):
        namen, art = entwuerfe.namen_fuer_fehlend(x)
        if daten is not None:
            pruefe = all if art == "alle" else any
            fehlt_hier = not pruefe(_ausgefuellt(daten, n) for n in namen)
        else:
            fehlt_hier = x in fehlt
        punkte.append(
            {
                "label": x.label,
                "abschnitt": entwuerfe.abschnitt_fuer_fehlend(x),
                "anker": entwuerfe.anker_fuer_fehlend(x),
                "namen": " ".join(namen),
                "art": art,
                "fehlt": fehlt_hier,
            }
        )
    return punkte


def _abschnitt_stand(punkte: list[dict]) -> dict[str, int]:
    """Section id → how many required entries of it are missing."""
    stand = {a.id: 0 for a in ABSCHNITTE}
    for p in punkte:
        stand[p["abschnitt"]] += 1 if p["fehlt"] else 0
    return stand


def _aktionen_neu(frist):
    namen = []
    if frist.darf_vorlaeufig_einreichen:
        namen.append("vorlaeufig_einreichen")
    if frist.darf_final_einreichen:
        namen.append("final_einreichen")
    return [(n, UEBERGAENGE[n].label) for n in namen]


def _nach_dem_speichern(request, sb, f, aktion):
    """The draft is saved: run the chosen transition or return to the form."""
    request.session[GESPEICHERT_FLAG] = sb.pk
    bearbeiten = reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk})
    if aktion == "final_einreichen":
        # The final submission locks the Steckbrief: first the preview and confirmation.
        messages.success(
            request,
            "Ihr Entwurf wurde gespeichert. Bitte prüfen Sie, was Sie einreichen, und "
            "bestätigen Sie unten.",
        )
        return redirect("steckbriefe:einreichen", pk=sb.pk)
    if aktion in FORMULAR_UEBERGAENGE:
        try:
            getattr(services, aktion)(sb, request.user)
        except UngueltigerUebergang as exc:
            messages.error(
                request,
                f"Ihr Entwurf wurde gespeichert, aber „{UEBERGAENGE[aktion].label}“ war nicht "
                f"möglich: {exc}",
            )
            return redirect(bearbeiten + "#zusammenfassung")
        messages.success(
            request,
            f"„{UEBERGAENGE[aktion].label}“ ist erfolgt. Eine Eingangsbestätigung ist per "
            "E-Mail unterwegs.",
        )
        return redirect(sb.get_absolute_url())
    zeile = request.POST.get("zeile")  # buttons are in request.POST in every case
    if zeile in {"partner", "meilensteine"}:
        fs = f.partner if zeile == "partner" else f.meilensteine
        leer = sum(1 for form in fs.extra_forms if not form.has_changed())
        messages.success(request, "Ihr Entwurf wurde gespeichert. Eine leere Zeile ist bereit.")
        return redirect(f"{bearbeiten}?{zeile}={min(leer + 1, MAX_ZEILEN)}#abschnitt-{zeile}")
    if request.POST.get("anlage_loeschen"):
        messages.success(request, "Die Anlage wurde gelöscht und Ihr Entwurf gespeichert.")
        return redirect(bearbeiten + "#abschnitt-anlagen")
    if f.anlage.cleaned_data.get("datei"):
        messages.success(request, "Die Anlage wurde hochgeladen und Ihr Entwurf gespeichert.")
        return redirect(bearbeiten + "#abschnitt-anlagen")
    messages.success(request, "Ihr Entwurf wurde gespeichert.")
    return redirect(bearbeiten)


def _anlage_loeschen_id(daten) -> int | None:
    try:
        return int(daten.get("anlage_loeschen") or 0) or None
    except ValueError:
        return None


NEUE_ENTWUERFE = "steckbriefe_neue_entwuerfe"


def _token_merken(request, sb: Steckbrief) -> None:
    """Remember which draft the new form (identified by its token) created, so that a
    repeated first autosave or a save racing with it does not create a second draft."""
    token = (request.POST.get("entwurf_token") or "")[:64]
    if not token:
        return
    bekannt = dict(request.session.get(NEUE_ENTWUERFE, {}))
    bekannt[token] = sb.pk
    request.session[NEUE_ENTWUERFE] = dict(list(bekannt.items())[-20:])


def _entwurf_zum_token(request) -> Steckbrief | None:
    token = request.POST.get("entwurf_token") or ""
    pk = request.session.get(NEUE_ENTWUERFE, {}).get(token) if token else None
    sb = Steckbrief.objects.filter(pk=pk).first() if pk else None
    if sb is not None and regeln.darf_bearbeiten(request.user, sb):
        return sb
    return None


def _speichern(request, sb: Steckbrief, organisation: Organisation, daten=None):
    """POST of the form (new or existing Steckbrief)."""
    user = request.user
    daten = daten if daten is not None else request.POST
    aktion = daten.get("aktion", "speichern")
    frist = None  # the status decides it, and the form does not change the status
    if sb.pk is not None:
        frist = frist_fuer(sb)
        if not regeln.darf_bearbeiten(user, sb, frist):
            entwuerfe.zwischenspeichern(sb, user, daten)
            return _nicht_bearbeitbar(request, sb, frist)
    f = entwuerfe.formulare(sb, organisation, daten, request.FILES)
    if not f.is_valid():
        if sb.pk is None:
            # Keep the input of a new form: create the draft and keep the input with it.
            try:
                sb = entwuerfe.neu_anlegen(organisation, user, entwuerfe.titel_aus(daten))
            except entwuerfe.KeinNeuerEntwurf as grund:
                return _nicht_angelegt(request, sb, f, grund)
            _token_merken(request, sb)
            daten = daten.copy()
            daten["revision"] = str(sb.revision)
            entwuerfe.zwischenspeichern(sb, user, daten)
            f = entwuerfe.formulare(sb, organisation, daten, request.FILES)
            f.is_valid()
        else:
            entwuerfe.zwischenspeichern(sb, user, daten)
        return _formular_rendern(request, sb, f, frist=frist, fehlerhaft=True)
    neu_ = sb.pk is None
    try:
        sb = entwuerfe.entwurf_speichern(
            f, sb, user, organisation, anlage_loeschen=_anlage_loeschen_id(daten)
        )
    except entwuerfe.Konflikt as konflikt:
        entwuerfe.zwischenspeichern(sb, user, daten)
        return _konflikt_rendern(request, konflikt.aktuell.pk, daten)
    except entwuerfe.Gesperrt:
        entwuerfe.zwischenspeichern(sb, user, daten)
        return _nicht_bearbeitbar(request, sb, frist_fuer(sb))
    except entwuerfe.KeinNeuerEntwurf as grund:
        return _nicht_angelegt(request, sb, f, grund)
    except ValidationError as fehler:
        f.anlage.add_error("datei", fehler)
        return _formular_rendern(request, sb, f, fehlerhaft=True)
    if neu_:
        _token_merken(request, sb)
    return _nach_dem_speichern(request, sb, f, aktion)


def _nicht_bearbeitbar(request, sb: Steckbrief, frist):
    """A save of a Steckbrief that cannot be edited now: its page, which says why (the
    phase rule's explanation) and shows the kept input next to the stored values. The
    reason is said once: as a message only where the page does not show it."""
    if not frist.hinweis:
        messages.warning(request, warum_nicht_bearbeitbar(sb, frist))
    return redirect(sb.get_absolute_url())


def _nicht_angelegt(request, sb: Steckbrief, f, grund):
    """A new Steckbrief was refused (phase closed, too many drafts): the form again, with
    the input, so that nothing typed is lost; the form says why, once."""
    return _formular_rendern(request, sb, f, status=403, hindernis=str(grund))


def _konflikt_rendern(request, pk: int, daten, autosave=None, status=409):
    """The user's input next to the stored values; the form carries the current revision,
    so the next save (after merging) goes through."""
    aktuell = mit_allem(Steckbrief.objects.select_related("zuletzt_bearbeitet_von")).get(pk=pk)
    daten = daten.copy()
    daten["revision"] = str(aktuell.revision)
    f = _eingaben_zeigen(aktuell, daten)
    return _formular_rendern(
        request,
        aktuell,
        f,
        status=status,
        konflikt=entwuerfe.abweichungen(f, aktuell),
        konflikt_text=entwuerfe.KONFLIKT_TEXT,
        autosave=autosave,
    )


@organisation_erforderlich
def neu(request):
    if request.method == "POST":
        vorhanden = _entwurf_zum_token(request)
        if vorhanden is not None:
            # The first autosave already created the draft: save into it.
            daten = request.POST.copy()
            daten["revision"] = str(vorhanden.revision)
            return _speichern(request, vorhanden, vorhanden.organisation, daten)
        sb = Steckbrief(organisation=request.organisation)
        return _speichern(request, sb, request.organisation)
    if regeln.neuer_entwurf_hindernis(request.organisation):
        # The dashboard says why (and offers no "Neuer Steckbrief").
        return redirect("steckbriefe:dashboard")
    sb = Steckbrief(organisation=request.organisation)
    f = entwuerfe.formulare(
        sb,
        request.organisation,
        initial={
            "ansprechperson_name": request.user.get_full_name(),
            "ansprechperson_email": request.user.email,
        },
    )
    return _formular_rendern(request, sb, f)


@organisation_erforderlich
def bearbeiten(request, pk):
    sb = _steckbrief(request, pk, regeln.ist_mitglied, mit_allem(Steckbrief.objects))
    if request.method == "POST":
        return _speichern(request, sb, sb.organisation)
    frist = frist_fuer(sb)
    if not regeln.darf_bearbeiten(request.user, sb, frist):
        return _nicht_bearbeitbar(request, sb, frist)
    autosave = Autosave.objects.filter(steckbrief=sb, user=request.user).first()
    if autosave is not None:
        daten = entwuerfe.eingaben_als_daten(autosave.daten)
        if autosave.revision != sb.revision:
            return _konflikt_rendern(request, sb.pk, daten, autosave=autosave, status=200)
        f = _eingaben_zeigen(sb, daten)
        return _formular_rendern(request, sb, f, frist=frist, autosave=autosave)
    f = entwuerfe.formulare(
        sb,
        sb.organisation,
        extra_partner=_extra(request, "partner"),
        extra_meilensteine=_extra(request, "meilensteine"),
    )
    return _formular_rendern(request, sb, f, frist=frist)


def _json(status: str, meldung: str, http_status: int = 200, **daten):
    return JsonResponse({"status": status, "meldung": meldung, **daten}, status=http_status)


def _uhrzeit(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i")


@require_POST
def autosave(request, pk=None):
    """Store the typed input without validation. JSON for the script (never a redirect):
    401 when the session expired, 403 without an Organisation or when no new draft may be
    created ("abgelehnt"), 409 on a conflict, 423 when editing is closed, 429 after too
    many requests in a minute (entwuerfe.drosseln)."""
    user = request.user
    if not user.is_authenticated:
        return _json(
            "abgemeldet",
            "Ihre Sitzung ist abgelaufen. Ihre Eingaben sind in diesem Browser gesichert. "
            "Bitte melden Sie sich erneut an; danach werden sie übertragen.",
            401,
            login_url=reverse("account_login"),
        )
    org_id = regeln.organisation_id(user)
    if org_id is None:
        return _json("fehler", "Sie gehören zu keiner Organisation.", 403)
    warten = entwuerfe.drosseln(user)
    if warten:
        antwort = _json(
            "zu_viele",
            "Zu viele Zwischenspeicherungen in kurzer Zeit. Ihre Eingaben sind in diesem "
            f"Browser gesichert; in {warten} Sekunden wird erneut gespeichert.",
            429,
            warten=warten,
        )
        antwort["Retry-After"] = str(warten)
        return antwort
    if pk is None:
        sb = _entwurf_zum_token(request)
        if sb is None:
            organisation = Organisation.objects.get(pk=org_id)
            try:
                sb = entwuerfe.neu_anlegen(organisation, user, entwuerfe.titel_aus(request.POST))
            except entwuerfe.KeinNeuerEntwurf as grund:
                return _json(
                    "abgelehnt",
                    f"{grund} Ihre Eingaben wurden nicht gespeichert; sie sind nur in diesem "
                    "Browser gesichert.",
                    403,
                )
            _token_merken(request, sb)
        daten = request.POST.copy()
        daten["revision"] = str(sb.revision)
        gespeichert = entwuerfe.zwischenspeichern(sb, user, daten)
        return _json(
            "angelegt",
            f"Entwurf angelegt, zwischengespeichert um {_uhrzeit(gespeichert.gespeichert)} Uhr.",
            pk=sb.pk,
            revision=sb.revision,
            bearbeiten_url=reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk}),
            autosave_url=reverse("steckbriefe:autosave", kwargs={"pk": sb.pk}),
        )
    sb = Steckbrief.objects.filter(pk=pk).first()
    if sb is None or not regeln.ist_mitglied(user, sb):
        return _json("fehler", "Steckbrief nicht gefunden.", 404)
    gespeichert = entwuerfe.zwischenspeichern(sb, user, request.POST)
    frist = frist_fuer(sb)
    if not regeln.darf_bearbeiten(user, sb, frist):
        return _json(
            "gesperrt",
            f"{warum_nicht_bearbeitbar(sb, frist)} Ihre Eingaben wurden nicht übernommen, "
            "aber für Sie aufbewahrt.",
            423,
        )
    if gespeichert.revision != sb.revision:
        return _json(
            "konflikt",
            "Jemand anderes hat diesen Steckbrief inzwischen gespeichert. Ihre Eingaben sind "
            "zwischengespeichert. Klicken Sie auf „Entwurf speichern“, um beide Stände zu "
            "vergleichen und zusammenzuführen.",
            409,
        )
    return _json(
        "gespeichert",
        f"Zwischengespeichert um {_uhrzeit(gespeichert.gespeichert)} Uhr.",
        revision=sb.revision,
    )


@require_POST
@organisation_erforderlich
def autosave_verwerfen(request, pk):
    sb = _steckbrief(request, pk, regeln.ist_mitglied)
    Autosave.objects.filter(steckbrief=sb, user=request.user).delete()
    request.session[GESPEICHERT_FLAG] = sb.pk
    messages.info(request, "Ihre nicht gespeicherten Eingaben wurden verworfen.")
    return redirect("steckbriefe:bearbeiten", pk=sb.pk)


# --- transitions without the form -------------------------------------------------------


def empfaenger(sb: Steckbrief) -> list[str]:
    """Who receives a finale Steckbrief: the Wirtschaftsförderungen of its
    Gebietskörperschaften (all five for the whole region) and the Geschäftsstelle."""
    if sb.gesamte_region:
        from handlungsfelder.models import Gebietskoerperschaft

        gebiete = [g.name for g in Gebietskoerperschaft.objects.all()]
    else:
        gebiete = [g.name for g in sb.gebietskoerperschaften.all()]
    return [f"die Wirtschaftsförderung {name}" for name in gebiete] + [
        "die Geschäftsstelle des Masterplans"
    ]


@organisation_erforderlich
def einreichen(request, pk):
    """Preview and confirmation of the final submission: what will be submitted (the
    stored Steckbrief, its attachments) and to whom; submitted only with the confirmation."""
    sb = _steckbrief(request, pk, regeln.darf_status_aendern, mit_allem(Steckbrief.objects))
    frist = frist_fuer(sb)
    if not frist.darf_final_einreichen:
        return _nicht_bearbeitbar(request, sb, frist) if not frist.hinweis else redirect(sb)
    fehlt = fehlende_angaben(sb, final=True)
    fehler = ""
    if request.method == "POST" and not fehlt:
        if request.POST.get("bestaetigt") != "ja":
            fehler = "Bitte bestätigen Sie, dass Sie den Steckbrief final einreichen möchten."
        else:
            try:
                services.final_einreichen(sb, request.user)
            except UngueltigerUebergang as exc:
                messages.error(request, f"„Final einreichen“ war nicht möglich: {exc}")
                return redirect(reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk}))
            request.session[GESPEICHERT_FLAG] = sb.pk
            messages.success(
                request,
                "Ihr Steckbrief ist final eingereicht. Eine Eingangsbestätigung ist per "
                "E-Mail unterwegs.",
            )
            return redirect(sb.get_absolute_url())
    return render(
        request,
        "steckbriefe/einreichen.html",
        {
            "sb": sb,
            "frist": frist,
            "heute": timezone.localdate(),
            "abschnitte": abschnitte(sb),
            "anlagen": list(sb.anlagen.all()),
            "fehlt": [(x, entwuerfe.anker_fuer_fehlend(x)) for x in fehlt],
            "empfaenger": empfaenger(sb),
            "autosave": Autosave.objects.filter(steckbrief=sb, user=request.user).exists(),
            "fehler": fehler,
        },
        status=400 if fehler else 200,
    )


@require_POST
@organisation_erforderlich
def finalisieren(request, pk):
    sb = _steckbrief(request, pk, regeln.darf_status_aendern)
    try:
        services.finalisierung_beginnen(sb, request.user)
    except UngueltigerUebergang as exc:
        messages.error(request, str(exc))
        return redirect(sb.get_absolute_url())
    messages.success(
        request,
        "Sie können Ihren Steckbrief jetzt zum finalen Steckbrief vervollständigen und dann "
        "final einreichen.",
    )
    return redirect("steckbriefe:bearbeiten", pk=sb.pk)


@organisation_erforderlich
def zurueckziehen(request, pk):
    sb = _steckbrief(request, pk, regeln.darf_status_aendern)
    fehler = ""
    grund = ""
    if request.method == "POST":
        # NUL cannot be stored in a PostgreSQL text column.
        grund = (request.POST.get("grund") or "").replace("\x00", "").strip()
        if len(grund) > 2000:
            fehler = "Bitte fassen Sie den Grund in höchstens 2000 Zeichen."
        else:
            try:
                services.zurueckziehen(sb, request.user, grund)
            except UngueltigerUebergang as exc:
                messages.error(request, str(exc))
                return redirect(sb.get_absolute_url())
            request.session[GESPEICHERT_FLAG] = sb.pk
            messages.success(request, f"Der Steckbrief „{sb}“ wurde zurückgezogen.")
            return redirect("steckbriefe:dashboard")
    return render(
        request,
        "steckbriefe/zurueckziehen.html",
        {"sb": sb, "grund": grund, "fehler": fehler, "moeglich": darf_zurueckziehen(sb)},
    )


# --- read-only pages (members, permitted reviewers, Geschäftsstelle) ---------------------


@login_required
def detail(request, pk):
    sb = _steckbrief(request, pk, regeln.darf_ansehen, mit_allem(Steckbrief.objects))
    mitglied = regeln.ist_mitglied(request.user, sb)
    frist = frist_fuer(sb)
    ctx = {
        "sb": sb,
        "mitglied": mitglied,
        "frist": frist,
        "abschnitte": abschnitte(sb),
        "anlagen": list(sb.anlagen.all()),
        "rueckfrage": _rueckfrage(sb),
        "versionen_anzahl": sb.versionen.count(),
        "ansprechperson_geloescht": ansprechperson_geloescht(sb),
    }
    if mitglied:
        autosave = Autosave.objects.filter(steckbrief=sb, user=request.user).first()
        aufbewahrt = []
        if autosave is not None:
            f = entwuerfe.formulare(
                sb, sb.organisation, entwuerfe.eingaben_als_daten(autosave.daten)
            )
            aufbewahrt = entwuerfe.abweichungen(f, sb)
        stand = prozessstand()
        ctx.update(
            schritt=naechster_schritt(sb, frist),
            naechstes=was_als_naechstes(sb, stand),
            darf_bearbeiten=regeln.darf_bearbeiten(request.user, sb, frist),
            darf_zurueckziehen=darf_zurueckziehen(sb),
            autosave=autosave,
            aufbewahrt=aufbewahrt,
            soeben_gespeichert=_soeben_gespeichert(request, sb),
            heute=stand.heute,
        )
    return render(request, "steckbriefe/detail.html", ctx)


@login_required
def druck(request, pk):
    sb = _steckbrief(request, pk, regeln.darf_ansehen, mit_allem(Steckbrief.objects))
    return render(
        request,
        "steckbriefe/druck.html",
        {
            "sb": sb,
            "abschnitte": abschnitte(sb),
            "anlagen": list(sb.anlagen.all()),
            "jetzt": timezone.now(),
        },
    )


@login_required
def versionen(request, pk):
    sb = _steckbrief(request, pk, regeln.darf_ansehen)
    alle = list(sb.versionen.select_related("erstellt_von").order_by("nummer"))
    nummern = {v.nummer for v in alle}
    try:
        alt, neu_ = int(request.GET.get("alt", "")), int(request.GET.get("neu", ""))
    except ValueError:
        alt = neu_ = None
    if alt in nummern and neu_ in nummern:
        return redirect("steckbriefe:vergleich", pk=sb.pk, alt=alt, neu=neu_)
    return render(
        request,
        "steckbriefe/versionen.html",
        {"sb": sb, "versionen": alle, "mitglied": regeln.ist_mitglied(request.user, sb)},
    )


def _mit_organisation(daten: dict) -> dict:
    """Snapshot fields plus the organisation lines, for the diff."""
    kopf = [
        ["Organisation", daten.get("organisation", "")],
        ["Organisationstyp", daten.get("organisationstyp", "")],
        ["Anschrift", daten.get("anschrift", "")],
    ]
    return {"felder": kopf + list(daten.get("felder", []))}


@login_required
def vergleich(request, pk, alt, neu):
    sb = _steckbrief(request, pk, regeln.darf_ansehen)
    if zahl_aus(alt, MAX_VERSION) is None or zahl_aus(neu, MAX_VERSION) is None:
        raise Http404("Version nicht gefunden.")
    versionen_ = {
        v.nummer: v
        for v in sb.versionen.select_related("erstellt_von").filter(nummer__in=[alt, neu])
    }
    if alt not in versionen_ or neu not in versionen_:
        raise Http404("Version nicht gefunden.")
    v_alt, v_neu = versionen_[alt], versionen_[neu]
    return render(
        request,
        "steckbriefe/vergleich.html",
        {
            "sb": sb,
            "alt": v_alt,
            "neu": v_neu,
            "aenderungen": unterschiede(
                _mit_organisation(v_alt.daten), _mit_organisation(v_neu.daten)
            ),
            "alle_nummern": list(sb.versionen.values_list("nummer", flat=True)),
        },
    )


@login_required
def anlage(request, pk, anlage_pk):
    anlage_ = get_object_or_404(
        Anlage.objects.select_related("steckbrief"), pk=anlage_pk, steckbrief_id=pk
    )
    if not regeln.darf_anlage_herunterladen(request.user, anlage_):
        raise Http404("Anlage nicht gefunden.")
    try:
        datei = anlage_.datei.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Die Datei ist nicht mehr vorhanden.") from exc
    response = FileResponse(
        datei, as_attachment=True, filename=anlage_.name, content_type=anlage_.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- what a Steckbrief asks for (public) -------------------------------------------------


def felder(request):
    """The field list as a page, with help texts, the scoring criteria and the checklist."""
    return render(
        request,
        "steckbriefe/felder.html",
        {"teile": checkliste.teile(), "kriterien": bewertungskriterien()},
    )


def checkliste_pdf(request):
    """The same list as a PDF to fill in offline."""
    antwort = HttpResponse(checkliste.checkliste_pdf(), content_type="application/pdf")
    antwort["Content-Disposition"] = 'attachment; filename="Steckbrief-Checkliste.pdf"'
    antwort["Cache-Control"] = "public, max-age=3600"
    return antwort
