"""Organisation, invitations and DSGVO self-service. Thin: rules live in konten.services."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import anmeldelink as anmeldelinks
from . import beitraege, services
from .adapter import SESSION_EINLADUNG, ziel_nach_anmeldung
from .datenauskunft import als_json
from .forms import (
    AnmeldelinkForm,
    EinladungForm,
    KontoLoeschenForm,
    NameForm,
    OrganisationForm,
)
from .models import Einladung, Mitgliedschaft
from .zugriff import organisation_erforderlich


def _organisation_seite(request, einladung_form=None):
    organisation = request.organisation
    bestand = beitraege.bestand(organisation)
    mitglieder = organisation.mitgliedschaften.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__email"
    )
    einladungen = services.offene_einladungen(organisation).select_related("eingeladen_von")
    einzig = len(mitglieder) == 1
    eigene = next(m for m in mitglieder if m.user_id == request.user.pk)
    return render(
        request,
        "konten/organisation.html",
        {
            "organisation": organisation,
            "bestand": bestand,
            "mitglieder": mitglieder,
            "einladungen": einladungen,
            "einladung_form": einladung_form or EinladungForm(),
            "austritt_hindernis": services.austritt_hindernis(request.user, organisation)
            if einzig and bestand.aktiv
            else None,
            "jetzt": timezone.now(),
            "verwalte": eigene.ist_admin and request.user.is_active,
            "abgeben_hindernis": services.verwaltung_abgeben_hindernis(
                request.user, organisation, mitglieder
            )
            if eigene.ist_admin
            else None,
        },
    )


@organisation_erforderlich
def organisation(request):
    return _organisation_seite(request)


def _weiter_oder(request, standard: str) -> str:
    ziel = request.POST.get("next") or request.GET.get("next")
    if ziel and url_has_allowed_host_and_scheme(
        ziel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ziel
    return standard


@login_required
def organisation_anlegen(request):
    if services.mitgliedschaft_von(request.user) is not None:
        return redirect("konten:organisation")
    hindernis = services.einreichen_hindernis(request.user)
    if hindernis:
        # Staff work in the admin (as the dashboard sends them there): the reason goes with
        # them. Without admin access the page says it, without the form.
        if request.user.is_staff:
            messages.warning(request, hindernis)
            return redirect("admin:index")
        return render(
            request, "konten/organisation_anlegen.html", {"hindernis": hindernis}, status=403
        )
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_anlegen(request.user, form.save(commit=False))
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("konten:organisation")
        messages.success(
            request,
            f"Die Organisation „{organisation.name}“ ist angelegt. Kolleginnen und Kollegen "
            "laden Sie unter „Meine Organisation“ ein.",
        )
        return redirect(_weiter_oder(request, resolve_url(settings.LOGIN_REDIRECT_URL)))
    return render(
        request,
        "konten/organisation_anlegen.html",
        {"form": form, "einladungen": services.gueltige_einladungen_fuer(request.user)},
    )


@organisation_erforderlich
def organisation_bearbeiten(request):
    form = OrganisationForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Die Angaben zur Organisation sind gespeichert.")
        return redirect("konten:organisation")
    return render(request, "konten/organisation_bearbeiten.html", {"form": form})


@require_POST
@organisation_erforderlich
def einladen(request):
    form = EinladungForm(request.POST)
    if form.is_valid():
        try:
            einladung = services.einladen(
                request.organisation, request.user, form.cleaned_data["email"]
            )
        except services.NichtMoeglich as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                f"Die Einladung an {einladung.email} ist versendet. Sie ist bis "
                f"{timezone.localtime(einladung.gueltig_bis):%d.%m.%Y} gültig.",
            )
            return redirect("konten:organisation")
    return _organisation_seite(request, einladung_form=form)


@require_POST
@organisation_erforderlich
def einladung_zurueckziehen(request, pk):
    einladung = get_object_or_404(
        Einladung, pk=pk, organisation=request.organisation, angenommen_am__isnull=True
    )
    services.einladung_zurueckziehen(einladung, durch=request.user)
    messages.success(request, f"Die Einladung an {einladung.email} ist zurückgezogen.")
    return redirect("konten:organisation")


@never_cache
def einladung(request, token):
    einladung = (
        Einladung.objects.select_related("organisation", "eingeladen_von")
        .filter(token=token)
        .first()
    )
    if einladung is None:
        return render(request, "konten/einladung_ungueltig.html", status=404)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        if not einladung.angenommen and not einladung.abgelaufen:
            # Whoever opens the mailed link controls that address: a sign-up with it needs
            # no further verification mail, and after login the user comes back here.
            get_adapter(request).stash_verified_email(request, einladung.email)
            request.session[SESSION_EINLADUNG] = einladung.token
        return render(request, "konten/einladung.html", {"einladung": einladung})

    if request.method == "POST":
        try:
            services.einladung_annehmen(einladung, request.user)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("konten:einladung", token=token)
        request.session.pop(SESSION_EINLADUNG, None)
        messages.success(
            request,
            f"Willkommen! Sie gehören jetzt zur Organisation „{einladung.organisation.name}“ "
            "und können alle ihre Steckbriefe bearbeiten.",
        )
        return redirect("konten:organisation")
    hindernis = services.annahme_hindernis(einladung, request.user)
    if hindernis:
        request.session.pop(SESSION_EINLADUNG, None)
    return render(
        request, "konten/einladung.html", {"einladung": einladung, "hindernis": hindernis}
    )


@organisation_erforderlich
def organisation_verlassen(request):
    hindernis = services.austritt_hindernis(request.user, request.organisation)
    if request.method == "POST":
        try:
            services.austreten(request.user)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("konten:organisation")
        messages.success(
            request, f"Sie haben die Organisation „{request.organisation.name}“ verlassen."
        )
        return redirect("konten:meine_daten")
    return render(
        request,
        "konten/organisation_verlassen.html",
        {"organisation": request.organisation, "hindernis": hindernis},
    )


def _mitglied(request, pk) -> Mitgliedschaft:
    """A membership of the user's own Organisation (another's is "not found")."""
    return get_object_or_404(
        Mitgliedschaft.objects.select_related("user"), pk=pk, organisation=request.organisation
    )


@organisation_erforderlich
def mitglied_entfernen(request, pk):
    mitgliedschaft = _mitglied(request, pk)
    if not services.verwaltet(request.user, request.organisation):
        messages.error(request, services.NUR_VERWALTUNG)
        return redirect("konten:organisation")
    if request.method == "POST":
        try:
            entfernt = services.mitglied_entfernen(request.user, mitgliedschaft)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"{entfernt.get_full_name() or entfernt.email} gehört nicht mehr zur "
                "Organisation und kann ihre Steckbriefe nicht mehr sehen oder bearbeiten.",
            )
            if fundstellen := beitraege.als_ansprechperson(request.organisation, entfernt.email):
                messages.warning(
                    request,
                    "Bitte tragen Sie eine neue Ansprechperson ein in: "
                    + ", ".join(f.text for f in fundstellen)
                    + ".",
                )
        return redirect("konten:organisation")
    return render(
        request,
        "konten/mitglied_entfernen.html",
        {
            "organisation": request.organisation,
            "mitgliedschaft": mitgliedschaft,
            "als_ansprechperson": beitraege.als_ansprechperson(
                request.organisation, mitgliedschaft.user.email
            ),
        },
    )


@require_POST
@organisation_erforderlich
def verwaltung_uebertragen(request, pk):
    mitgliedschaft = _mitglied(request, pk)
    try:
        neu = services.verwaltung_uebertragen(request.user, mitgliedschaft)
    except services.NichtMoeglich as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"{neu.get_full_name() or neu.email} verwaltet die Organisation jetzt mit. Wenn "
            "Sie die Verwaltung abgeben möchten, können Sie das jetzt tun.",
        )
    return redirect("konten:organisation")


@require_POST
@organisation_erforderlich
def verwaltung_abgeben(request):
    try:
        services.verwaltung_abgeben(request.user)
    except services.NichtMoeglich as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Sie verwalten die Organisation nicht mehr.")
    return redirect("konten:organisation")


@login_required
def meine_daten(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Ihr Name ist gespeichert.")
        return redirect("konten:meine_daten")
    return render(
        request,
        "konten/meine_daten.html",
        {
            "form": form,
            "mitgliedschaft": services.mitgliedschaft_von(request.user),
            "loeschung_hindernis": services.loeschung_hindernis(request.user),
        },
    )


@never_cache
@login_required
def datenexport(request):
    response = HttpResponse(als_json(request.user), content_type="application/json; charset=utf-8")
    dateiname = f"meine-daten-steckbrief-portal-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return response


@login_required
def konto_loeschen(request):
    hindernis = services.loeschung_hindernis(request.user)
    form = KontoLoeschenForm(request.POST or None, user=request.user)
    if request.method == "POST" and not hindernis and form.is_valid():
        try:
            services.konto_loeschen(request.user)
        except services.NichtMoeglich as exc:
            messages.error(request, str(exc))
            return redirect("konten:meine_daten")
        logout(request)
        messages.success(request, "Ihr Konto und Ihre personenbezogenen Daten sind gelöscht.")
        return redirect("start")
    return render(
        request,
        "konten/konto_loeschen.html",
        {"form": form, "hindernis": hindernis},
    )


# --- one-time login link while locked out (konten.anmeldelink) ------------------------------


@never_cache
def anmeldelink_anfordern(request):
    form = AnmeldelinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        anmeldelinks.anfordern(form.cleaned_data["email"])
        # The same answer whether an account exists or not.
        return render(
            request,
            "konten/anmeldelink_anfordern.html",
            {"gesendet": True, "minuten": settings.ANMELDELINK_MINUTEN},
        )
    return render(request, "konten/anmeldelink_anfordern.html", {"form": form})


@never_cache
def anmeldelink(request, token):
    user = anmeldelinks.user_zum_token(token)
    if user is None:
        return render(request, "konten/anmeldelink_ungueltig.html", status=404)
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.mit_anmeldelink_angemeldet(user)
        messages.success(
            request,
            "Sie sind angemeldet. Wenn Sie die fehlgeschlagenen Anmeldeversuche nicht selbst "
            "unternommen haben, ändern Sie bitte Ihr Passwort.",
        )
        return redirect(ziel_nach_anmeldung(request) or settings.LOGIN_REDIRECT_URL)
    return render(request, "konten/anmeldelink.html", {"email": user.email})
