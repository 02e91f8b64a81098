"""Portal pages of the Ideenwettbewerb: "Meine Ideen", the form, the detail page, the
submit confirmation, the PDF, the pitch deck, inviting and removing co-entrants and
accepting an invitation. Rules live in regeln/services; the views bind forms, call the
services and translate NichtMoeglich into German messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from handlungsfelder.models import Aufruf, Aufrufformat
from handlungsfelder.phasen import aufrufstand, mit_phasen
from konten.zugriff import ist_aktiv
from steckbriefe.entwuerfe import drosseln

from . import entwuerfe, regeln, services
from .forms import EinladungForm, IdeeForm, TeamFormSet, team_aus
from .inhalt import fehlende_angaben, zeilen
from .models import Idee, IdeeEinladung, IdeeZwischenstand, Mitwirkende, Status
from .pdf import idee_pdf

SEITENGROESSE = 20


def _verwehrt(request):
    """Staff accounts work in the admin (with the reason as a message), or None."""
    grund = regeln.einreichen_verwehrt(request.user)
    if grund:
        messages.info(request, grund)
        return redirect("admin:index")
    return None


def _idee(request, pk: int) -> Idee:
    """The idea if the user takes part in it, else 404 (never reveal others')."""
    idee = get_object_or_404(
        Idee.objects.select_related("aufruf", "eigentuemer", "gebietskoerperschaft"), pk=pk
    )
    if not regeln.ist_beteiligt(request.user, idee):
        raise Http404("Idee nicht gefunden.")
    return idee


@login_required
def liste(request):
    if antwort := _verwehrt(request):
        return antwort
    user = request.user
    qs = (
        regeln.ideen_von(user)
        .select_related("aufruf")
        .annotate(
            team_anzahl=Count("team", distinct=True),
            mitwirkende_anzahl=Count("mitwirkende", distinct=True),
        )
        .order_by("-geaendert", "-pk")
    )
    seite = Paginator(qs, SEITENGROESSE).get_page(request.GET.get("seite"))
    aufrufe = [
        aufrufstand(a)
        for a in mit_phasen(
            Aufruf.objects.filter(veroeffentlicht=True, format=Aufrufformat.IDEENWETTBEWERB)
        )
    ]
    einladungen = IdeeEinladung.objects.filter(
        email__iexact=user.email, angenommen_am__isnull=True, gueltig_bis__gt=timezone.now()
    ).select_related("idee")
    return render(
        request,
        "ideen/liste.html",
        {
            "seite": seite,
            "offene_aufrufe": [a for a in aufrufe if a.entwuerfe_offen],
            "einladungen": einladungen,
        },
    )


def _formular(request, idee: Idee | None, aufruf: Aufruf):
    """GET: the form; POST: validate, then create or save through the service."""
    team_initial = [{"name": m.name, "rolle": m.rolle} for m in idee.team.all()] if idee else []
    zwischenstand = None
    if request.method == "POST":
        form = IdeeForm(request.POST, request.FILES, instance=idee)
        team = TeamFormSet(request.POST, prefix="team")
        if form.is_valid() and team.is_valid():
            felder = form.cleaned_data
            try:
                if idee is None:
                    idee = services.idee_anlegen(
                        aufruf, request.user, felder, team_aus(team), felder.get("pitchdeck_datei")
                    )
                else:
                    idee = services.entwurf_speichern(
                        idee,
                        request.user,
                        felder,
                        team_aus(team),
                        revision=felder.get("revision") or 0,
                        pitchdeck=felder.get("pitchdeck_datei"),
                        pitchdeck_entfernen=felder.get("pitchdeck_entfernen", False),
                    )
            except services.NichtMoeglich as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Ihr Entwurf ist gespeichert.")
                if "einreichen" in request.POST:
                    return redirect("ideen:einreichen", pk=idee.pk)
                return redirect(idee)
        status = 400
    else:
        form = IdeeForm(instance=idee)
        team = TeamFormSet(prefix="team", initial=team_initial)
        status = 200
        if idee is not None:
            zwischenstand = IdeeZwischenstand.objects.filter(idee=idee, user=request.user).first()
            if zwischenstand is not None:
                veraltet = zwischenstand.revision != idee.revision
                if not veraltet or request.GET.get("zwischenstand") == "laden":
                    # Restored on the current revision: the person chose their input.
                    daten = entwuerfe.als_daten(zwischenstand)
                    daten["revision"] = str(idee.revision)
                    form = IdeeForm(daten, instance=idee)
                    team = TeamFormSet(daten, prefix="team")
                    form.is_valid()
                    team.is_valid()
                zwischenstand.veraltet = veraltet and request.GET.get("zwischenstand") != "laden"
    fehler = [
        (
            form[name].id_for_label if name in form.fields else "",
            f"{form[name].label}: {e}" if name in form.fields else e,
        )
        for name, liste in form.errors.items()
        for e in liste
    ]
    for i, f in enumerate(team.forms):
        for name, liste in f.errors.items():
            for e in liste:
                anker = f[name].id_for_label if name in f.fields else f["name"].id_for_label
                fehler.append((anker, f"Team, Zeile {i + 1}: {e}"))
    for e in team.non_form_errors():
        fehler.append(("team", f"Team: {e}"))
    return render(
        request,
        "ideen/formular.html",
        {
            "form": form,
            "team": team,
            "idee": idee,
            "aufruf": aufruf,
            "fehler": fehler,
            "zwischenstand": zwischenstand,
        },
        status=status,
    )


@login_required
def neu(request, slug):
    if antwort := _verwehrt(request):
        return antwort
    aufruf = get_object_or_404(
        mit_phasen(
            Aufruf.objects.filter(veroeffentlicht=True, format=Aufrufformat.IDEENWETTBEWERB)
        ),
        slug=slug,
    )
    if grund := services.anlegen_hindernis(request.user, aufruf):
        messages.error(request, grund)
        return redirect(aufruf)
    return _formular(request, None, aufruf)


@login_required
def bearbeiten(request, pk):
    idee = _idee(request, pk)
    if idee.status != Status.ENTWURF or not aufrufstand(idee.aufruf).entwuerfe_offen:
        messages.error(request, "Diese Idee kann nicht mehr bearbeitet werden.")
        return redirect(idee)
    return _formular(request, idee, idee.aufruf)


@login_required
def detail(request, pk):
    idee = get_object_or_404(
        Idee.objects.select_related(
            "aufruf", "eigentuemer", "gebietskoerperschaft"
        ).prefetch_related(
            "team",
            Prefetch("mitwirkende", queryset=Mitwirkende.objects.select_related("user")),
            "versionen",
        ),
        pk=pk,
    )
    user = request.user
    if not ist_aktiv(user) or not (
        idee.eigentuemer_id == user.pk or any(m.user_id == user.pk for m in idee.mitwirkende.all())
    ):
        raise Http404("Idee nicht gefunden.")
    stand = aufrufstand(idee.aufruf)
    eigentuemer = idee.eigentuemer_id == user.pk
    return render(
        request,
        "ideen/detail.html",
        {
            "idee": idee,
            "zeilen": zeilen(idee),
            "stand": stand,
            "ist_eigentuemer": eigentuemer,
            "darf_bearbeiten": idee.status == Status.ENTWURF and stand.entwuerfe_offen,
            "darf_einreichen": idee.status == Status.ENTWURF and stand.einreichen_offen,
            "offene_einladungen": idee.einladungen.filter(
                angenommen_am__isnull=True, gueltig_bis__gt=timezone.now()
            )
            if eigentuemer
            else [],
            "einladung_form": EinladungForm() if eigentuemer else None,
            "entschieden": regeln.entschieden_mitgeteilt(idee),
        },
    )


@login_required
def einreichen(request, pk):
    idee = _idee(request, pk)
    if request.method == "POST":
        try:
            services.einreichen(idee, request.user)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("ideen:einreichen", pk=idee.pk)
        messages.success(
            request,
            f"Ihre Idee „{idee}“ ist eingereicht. Sie erhalten eine Eingangsbestätigung per E-Mail.",
        )
        return redirect(idee)
    stand = aufrufstand(idee.aufruf)
    return render(
        request,
        "ideen/einreichen.html",
        {
            "idee": idee,
            "zeilen": zeilen(idee),
            "fehlt": fehlende_angaben(idee),
            "stand": stand,
            "frist_text": None if stand.einreichen_offen else services._frist_text(idee.aufruf),
        },
    )


@login_required
@require_POST
def zurueckziehen(request, pk):
    idee = _idee(request, pk)
    try:
        services.zurueckziehen(idee, request.user, request.POST.get("grund", ""))
    except services.NichtMoeglich as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Die Idee ist zurückgezogen.")
    return redirect(idee)


@login_required
def pdf(request, pk):
    idee = _idee(request, pk)
    idee = (
        Idee.objects.select_related("aufruf", "eigentuemer", "gebietskoerperschaft")
        .prefetch_related("team")
        .get(pk=idee.pk)
    )
    antwort = HttpResponse(idee_pdf(idee), content_type="application/pdf")
    antwort["Content-Disposition"] = f'attachment; filename="idee-{idee.pk}.pdf"'
    return antwort


@login_required
def pitchdeck(request, pk):
    idee = _idee(request, pk)
    if not idee.pitchdeck:
        raise Http404("Kein Pitch-Deck.")
    return FileResponse(
        idee.pitchdeck.open("rb"),
        as_attachment=True,
        filename=idee.pitchdeck_name or "pitchdeck",
        content_type=idee.pitchdeck_typ or "application/octet-stream",
    )


@login_required
@require_POST
def einladen(request, pk):
    idee = _idee(request, pk)
    form = EinladungForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte geben Sie eine gültige E-Mail-Adresse an.")
        return redirect(idee)
    try:
        einladung = services.einladen(idee, request.user, form.cleaned_data["email"])
    except services.NichtMoeglich as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Die Einladung an {einladung.email} ist versendet.")
    return redirect(idee)


@login_required
@require_POST
def mitwirkende_entfernen(request, pk, mitwirkende_pk):
    idee = _idee(request, pk)
    mitwirkende = get_object_or_404(
        Mitwirkende.objects.select_related("user"), pk=mitwirkende_pk, idee=idee
    )
    try:
        services.mitwirkende_entfernen(idee, request.user, mitwirkende.user)
    except services.NichtMoeglich as exc:
        messages.error(request, str(exc))
        return redirect(idee)
    if mitwirkende.user_id == request.user.pk:
        messages.success(request, "Sie wirken nicht mehr an dieser Idee mit.")
        return redirect("ideen:liste")
    messages.success(request, f"{mitwirkende.user.email} wirkt nicht mehr an der Idee mit.")
    return redirect(idee)


@login_required
def einladung(request, token):
    gefunden = get_object_or_404(
        IdeeEinladung.objects.select_related("idee", "eingeladen_von"), token=token
    )
    if request.method == "POST":
        try:
            services.einladung_annehmen(gefunden, request.user)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("ideen:einladung", token=token)
        messages.success(request, f"Sie wirken jetzt an der Idee „{gefunden.idee}“ mit.")
        return redirect(gefunden.idee)
    return render(
        request,
        "ideen/einladung.html",
        {
            "einladung": gefunden,
            "hindernis": services.annahme_hindernis(gefunden, request.user),
        },
    )


def _json(status: str, meldung: str, http_status: int = 200, **daten):
    return JsonResponse({"status": status, "meldung": meldung, **daten}, status=http_status)


@require_POST
def zwischenspeichern(request, pk):
    """Keep the typed input without validation (JSON for the script, never a redirect):
    401 when the session expired, 404 for an idea the user is not part of, 429 after too
    many requests in a minute, 423 when the idea can no longer be edited (the input is kept
    all the same), 409 when somebody saved meanwhile."""
    user = request.user
    if not ist_aktiv(user):
        return _json(
            "abgemeldet",
            "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an; Ihre Eingaben sind "
            "in diesem Fenster noch vorhanden.",
            401,
            login_url=reverse("account_login"),
        )
    idee = Idee.objects.select_related("aufruf").filter(pk=pk).first()
    if idee is None or not regeln.ist_beteiligt(user, idee):
        return _json("fehler", "Idee nicht gefunden.", 404)
    if warten := drosseln(user):
        antwort = _json(
            "zu_viele",
            f"Zu viele Zwischenspeicherungen in kurzer Zeit; in {warten} Sekunden wird erneut "
            "gespeichert.",
            429,
            warten=warten,
        )
        antwort["Retry-After"] = str(warten)
        return antwort
    gespeichert = entwuerfe.zwischenspeichern(idee, user, request.POST)
    uhrzeit = timezone.localtime(gespeichert.gespeichert).strftime("%H:%M")
    if idee.status != Status.ENTWURF or not aufrufstand(idee.aufruf).entwuerfe_offen:
        return _json(
            "gesperrt",
            "Die Idee kann nicht mehr bearbeitet werden. Ihre Eingaben wurden nicht übernommen, "
            "aber für Sie aufbewahrt.",
            423,
        )
    if gespeichert.revision != idee.revision:
        return _json(
            "konflikt",
            "Jemand anderes hat die Idee inzwischen gespeichert. Ihre Eingaben sind "
            "zwischengespeichert; laden Sie die Seite neu, um sie zu übernehmen.",
            409,
        )
    return _json("gespeichert", f"Zwischengespeichert um {uhrzeit} Uhr.", revision=idee.revision)


@login_required
@require_POST
def zwischenstand_verwerfen(request, pk):
    idee = _idee(request, pk)
    entwuerfe.verwerfen(idee, request.user)
    messages.info(request, "Ihre nicht gespeicherten Eingaben wurden verworfen.")
    return redirect("ideen:bearbeiten", pk=idee.pk)
