"""The Kooperationsbörse (submitters) and the Bündelung (Geschäftsstelle): thin views over
kooperation.regeln and kooperation.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from handlungsfelder.models import Gebietskoerperschaft
from ideen.models import Idee
from ideen.models import Status as IdeeStatus
from steckbriefe.models import Steckbrief
from steckbriefe.regeln import NichtErlaubt

from . import regeln, services
from .anzeige import GEZEIGT_AB, aehnliche_abschnitt, aehnliche_idee_abschnitt, gruende
from .berechnung import EINBEZOGEN
from .forms import KontaktForm, ProfilForm, SchwelleForm, UrteilForm
from .models import Aehnlichkeit, Kontaktanfrage, Kooperationsprofil, Zusammenhang

TREFFER = 20  # search results shown


def _eigener(request, pk: int) -> Steckbrief:
    sb = get_object_or_404(
        Steckbrief.objects.select_related("organisation", "kooperationsprofil"), pk=pk
    )
    if not regeln.darf_profil_bearbeiten(request.user, sb):
        raise Http404("Steckbrief nicht gefunden.")
    return sb


@login_required
def boerse(request, pk):
    sb = _eigener(request, pk)
    profil = getattr(sb, "kooperationsprofil", None) or Kooperationsprofil(steckbrief=sb)
    if request.method == "POST":
        form = ProfilForm(request.POST, instance=profil)
        if form.is_valid():
            services.profil_speichern(
                sb, request.user, form.cleaned_data["kontakt_erlaubt"], form.cleaned_data["angebot"]
            )
            messages.success(request, "Ihre Angaben zur Kooperationsbörse sind gespeichert.")
            return redirect("kooperation:boerse", pk=sb.pk)
    else:
        form = ProfilForm(instance=profil)

    partner = regeln.sichtbare_partner(request.user, sb)
    aehnliche = []
    treffer = []
    suche = request.GET.get("q", "").strip()[:100]
    if regeln.ist_in_der_boerse(sb):
        gebietsnamen = dict(Gebietskoerperschaft.objects.values_list("ags", "name"))
        zeilen = (
            Aehnlichkeit.objects.filter(steckbrief=sb, anderer__in=partner, wert__gte=GEZEIGT_AB)
            .select_related("anderer__organisation", "anderer__kooperationsprofil")
            .order_by("-wert", "anderer_id")[:10]
        )
        aehnliche = [(z.anderer, gruende(z, gebietsnamen), round(z.wert * 100)) for z in zeilen]
        if suche:
            treffer = list(
                partner.filter(
                    Q(titel__icontains=suche)
                    | Q(kurzbeschreibung__icontains=suche)
                    | Q(kooperationsprofil__angebot__icontains=suche)
                    | Q(organisation__name__icontains=suche)
                )
                .select_related("organisation", "kooperationsprofil")
                .order_by("titel", "pk")[:TREFFER]
            )
    angefragt = set(Kontaktanfrage.objects.filter(von=sb).values_list("an_id", flat=True))
    return render(
        request,
        "kooperation/boerse.html",
        {
            "sb": sb,
            "form": form,
            "in_boerse": regeln.ist_in_der_boerse(sb),
            "aehnliche": aehnliche,
            "suche": suche,
            "treffer": treffer,
            "angefragt": angefragt,
        },
    )


@login_required
def kontakt(request, pk, anderer):
    sb = _eigener(request, pk)
    an = get_object_or_404(
        regeln.sichtbare_partner(request.user, sb).select_related("organisation"), pk=anderer
    )
    form = KontaktForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kontakt_anfragen(sb, an, request.user, form.cleaned_data["nachricht"])
        except NichtErlaubt as fehler:
            messages.error(request, str(fehler))
        else:
            messages.success(
                request,
                f"Ihre Nachricht an „{an.titel}“ ist unterwegs. Die Antwort kommt an Ihre "
                "E-Mail-Adresse.",
            )
        return redirect("kooperation:boerse", pk=sb.pk)
    return render(request, "kooperation/kontakt.html", {"sb": sb, "an": an, "form": form})


def _geschaeftsstelle(request) -> None:
    if not regeln.darf_buendeln(request.user):
        raise PermissionDenied("Nur für die Geschäftsstelle.")


def _gruppen(paare: list[Aehnlichkeit]) -> list[list[Aehnlichkeit]]:
    """The pairs grouped by connected Steckbriefe (clusters), the best cluster first."""
    eltern: dict[int, int] = {}

    def wurzel(x: int) -> int:
        while eltern.setdefault(x, x) != x:
            eltern[x] = eltern[eltern[x]]
            x = eltern[x]
        return x

    for p in paare:
        eltern[wurzel(p.steckbrief_id)] = wurzel(p.anderer_id)
    gruppen: dict[int, list[Aehnlichkeit]] = {}
    for p in paare:
        gruppen.setdefault(wurzel(p.steckbrief_id), []).append(p)
    return sorted(gruppen.values(), key=lambda g: -max(p.wert for p in g))


@login_required
def buendelung(request):
    _geschaeftsstelle(request)
    auswahl = SchwelleForm(request.GET or None)
    schwelle = 30
    if auswahl.is_valid() and auswahl.cleaned_data["schwelle"]:
        schwelle = auswahl.cleaned_data["schwelle"]
    zeilen = (
        Aehnlichkeit.objects.filter(
            wert__gte=schwelle / 100,
            steckbrief__status__in=EINBEZOGEN,
            anderer__status__in=EINBEZOGEN,
        )
        .select_related("steckbrief__organisation", "anderer__organisation")
        .order_by("-wert", "steckbrief_id", "anderer_id")[:400]
    )
    paare: dict[tuple[int, int], Aehnlichkeit] = {}
    for z in zeilen:
        paare.setdefault(tuple(sorted((z.steckbrief_id, z.anderer_id))), z)
    urteile = {
        (u.erster_id, u.zweiter_id): u
        for u in Zusammenhang.objects.filter(erster_id__in={a for a, _ in paare}).select_related(
            "von"
        )
    }
    gebietsnamen = dict(Gebietskoerperschaft.objects.values_list("ags", "name"))
    gruppen = [
        [
            {
                "zeile": p,
                "prozent": round(p.wert * 100),
                "gruende": gruende(p, gebietsnamen),
                "urteil": urteile.get(tuple(sorted((p.steckbrief_id, p.anderer_id)))),
                "erster": min(p.steckbrief_id, p.anderer_id),
                "zweiter": max(p.steckbrief_id, p.anderer_id),
            }
            for p in gruppe
        ]
        for gruppe in _gruppen(list(paare.values()))[:50]
    ]
    return render(
        request,
        "kooperation/buendelung.html",
        {"gruppen": gruppen, "schwelle": schwelle, "auswahl": auswahl, "form": UrteilForm()},
    )


@login_required
@require_POST
def urteilen(request, erster, zweiter):
    _geschaeftsstelle(request)
    a = get_object_or_404(Steckbrief, pk=erster)
    b = get_object_or_404(Steckbrief, pk=zweiter)
    form = UrteilForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie „bündeln“ oder „kein Zusammenhang“.")
        return redirect("kooperation:buendelung")
    try:
        z = services.urteilen(
            a,
            b,
            request.user,
            form.cleaned_data["urteil"],
            form.cleaned_data["begruendung"],
            form.cleaned_data["benachrichtigen"],
        )
    except NichtErlaubt as fehler:
        messages.error(request, str(fehler))
    else:
        text = f"„{a.titel}“ und „{b.titel}“: {z.get_urteil_display()}."
        if z.benachrichtigt_am:
            text += " Beide Einreichenden werden per E-Mail benachrichtigt."
        messages.success(request, text)
    return redirect("kooperation:buendelung")


@login_required
def aehnliche(request, pk):
    """The „Ähnliche Vorhaben“ panel of a Steckbrief for whoever may see it (the reviewers'
    scoring page loads it with ?teil=1 as a fragment; without scripts it is a page)."""
    sb = get_object_or_404(Steckbrief, pk=pk)
    html = aehnliche_abschnitt(sb, request.user)
    if not html:
        raise Http404
    if request.GET.get("teil"):
        antwort = HttpResponse(html)
    else:
        antwort = render(request, "kooperation/aehnliche.html", {"steckbrief": sb, "panel": html})
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@login_required
def aehnliche_idee(request, pk):
    """An idea's similar Steckbriefe and ideas: the Geschäftsstelle's (403 for everybody
    else, like the Bündelung); a draft is nobody's business but its people's (404)."""
    if not regeln.darf_aehnliche_ideen_sehen(request.user):
        raise PermissionDenied("Nur für die Geschäftsstelle.")
    idee = get_object_or_404(
        Idee.objects.select_related("aufruf").exclude(status=IdeeStatus.ENTWURF), pk=pk
    )
    html = aehnliche_idee_abschnitt(idee, request.user)
    if request.GET.get("teil"):
        antwort = HttpResponse(html)
    else:
        antwort = render(
            request,
            "kooperation/aehnliche_idee.html",
            {"idee": idee, "panel": html, **_uebernahme(idee)},
        )
    antwort["Cache-Control"] = "private, no-store"
    return antwort


def _uebernahme(idee: Idee) -> dict:
    """The links of the cross-over (ideen.uebernahme) for the idea's page."""
    if idee.steckbrief_id:
        return {"steckbrief_url": reverse("steckbriefe:detail", args=[idee.steckbrief_id])}
    if idee.status == IdeeStatus.EINGEREICHT:
        return {"uebernahme_url": reverse("ideen:als_steckbrief", args=[idee.pk])}
    return {}
