"""The jury's scoring page of an idea (admin:bewertung_juryidee_bewerten): the idea
read-only above, the member's own score below (radio groups per criterion with the scale,
a Begründung each, draft, finalise with the completeness check of the Steckbriefe), the
declaration of Befangenheit; for the Geschäftsstelle every member's state and „wieder
öffnen“ with a reason. Thin: rules in bewertung.jury, writes in bewertung.jury_services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ideen.inhalt import zeilen
from kern.eingaben import id_aus
from konten.zugriff import ist_geschaeftsstelle

from .. import jury, jury_services
from ..forms import BefangenheitForm, BewertungForm, WiederOeffnenForm
from ..models import Bewertung, JuryBewertung, Skalenstufe
from ..services import BewertungsFehler, Konflikt
from ..templatetags.bewertung_tags import punkte as punkte_text

FEHLER = (jury.JuryFehler, BewertungsFehler)


def _idee(request, object_id):
    pk = id_aus(object_id)
    idee = (
        jury.ideen_fuer(request.user)
        .select_related("aufruf", "eigentuemer", "gebietskoerperschaft")
        .prefetch_related("team")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if idee is None:
        raise Http404("Diese Idee gibt es nicht (mehr).")
    return idee


def _form(bewertung: JuryBewertung, daten=None) -> BewertungForm:
    kriterien = bewertung.katalog.kriterien.filter(aktiv=True)
    stufen = Skalenstufe.objects.filter(katalog=bewertung.katalog)
    if daten is not None:
        return BewertungForm(daten, kriterien=kriterien, stufen=stufen)
    return BewertungForm(
        initial=BewertungForm.initial_fuer(bewertung), kriterien=kriterien, stufen=stufen
    )


def seite(request, model_admin, object_id):
    idee = _idee(request, object_id)
    steuern = ist_geschaeftsstelle(request.user)
    mitglied = jury.mitglied_fuer(request.user, idee.aufruf_id)
    hindernis = jury.bewerten_hindernis(request.user, idee) if mitglied else None
    if mitglied is not None and hindernis:
        # Befangen (or the idea left the procedure): no form, no scores of the others.
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Keine Bewertung möglich",
            "meldung": hindernis,
            "liste_url": reverse("admin:bewertung_juryidee_changelist"),
        }
        return TemplateResponse(request, "admin/bewertung/jury_gesperrt.html", context, status=403)
    hier = reverse("admin:bewertung_juryidee_bewerten", args=[idee.pk])
    form = konflikt = None
    befangenheit_form = BefangenheitForm()
    bewertung = None
    if mitglied is not None:
        try:
            bewertung = jury_services.bewertung_holen(idee, mitglied)
        except FEHLER as exc:
            messages.error(request, str(exc))

    if request.method == "POST":
        aktion = request.POST.get("aktion", "")
        if aktion in {"speichern", "abschliessen", "befangen"} and mitglied is None:
            raise PermissionDenied("Sie gehören nicht zur Jury dieses Aufrufs.")
        if aktion == "wieder_oeffnen" and not steuern:
            raise PermissionDenied("Nur die Geschäftsstelle darf das.")
        if aktion in {"speichern", "abschliessen"} and bewertung is not None:
            form = _form(bewertung, request.POST)
            if form.is_valid():
                try:
                    gespeichert = jury_services.bewertung_speichern(
                        idee,
                        request.user,
                        form.eingaben(),
                        form.cleaned_data.get("empfehlung") or "",
                        form.cleaned_data.get("kommentar") or "",
                        form.cleaned_data["version"],
                    )
                    if aktion == "abschliessen":
                        jury_services.bewertung_abschliessen(
                            idee, request.user, gespeichert.version
                        )
                        messages.success(request, "Ihre Bewertung ist abgeschlossen.")
                    else:
                        messages.success(request, "Ihr Entwurf ist gespeichert.")
                    return HttpResponseRedirect(hier)
                except Konflikt as exc:
                    konflikt = exc.bewertung
                    messages.error(request, str(exc))
                except jury_services.Unvollstaendig as exc:
                    for f in exc.fehlt:
                        if f.feld in form.fields:
                            form.add_error(f.feld, "Fehlt zum Abschließen.")
                    messages.error(
                        request,
                        "Ihr Entwurf ist gespeichert, aber noch nicht abgeschlossen: " + str(exc),
                    )
                    bewertung = jury_services.bewertung_holen(idee, mitglied)
                except FEHLER as exc:
                    messages.error(request, str(exc))
            else:
                messages.error(request, "Bitte prüfen Sie Ihre Eingaben.")
        elif aktion == "befangen":
            befangenheit_form = BefangenheitForm(request.POST)
            if befangenheit_form.is_valid():
                try:
                    jury_services.befangenheit_erklaeren(
                        idee, request.user, befangenheit_form.cleaned_data["grund"]
                    )
                except FEHLER as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, f"Ihre Befangenheit für „{idee}“ ist vermerkt.")
                    return HttpResponseRedirect(reverse("admin:bewertung_juryidee_changelist"))
        elif aktion == "wieder_oeffnen":
            wieder = WiederOeffnenForm(request.POST)
            ziel = (
                JuryBewertung.objects.filter(idee=idee, pk=wieder.data.get("bewertung")).first()
                if wieder.is_valid()
                else None
            )
            if ziel is None:
                messages.error(
                    request,
                    "Bitte geben Sie an, warum die Bewertung wieder geöffnet wird."
                    if not wieder.is_valid()
                    else "Diese Bewertung gibt es nicht.",
                )
            else:
                try:
                    jury_services.bewertung_wieder_oeffnen(
                        ziel, request.user, wieder.cleaned_data["grund"]
                    )
                except FEHLER as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(
                        request, f"Die Bewertung von {ziel.mitglied.user} ist wieder geöffnet."
                    )
                    return HttpResponseRedirect(hier)
        else:
            messages.error(request, "Unbekannte Aktion.")

    if bewertung is not None and form is None:
        form = _form(bewertung)
    alle = []
    if steuern:
        alle = list(
            JuryBewertung.objects.filter(idee=idee)
            .select_related("mitglied__user", "abgeschlossen_von")
            .order_by("mitglied__user__email")
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Jury-Bewertung: {idee}",
        "idee": idee,
        "inhalt": zeilen(idee),
        "mitglied": mitglied,
        "bewertung": bewertung,
        "abgeschlossen": bool(bewertung and bewertung.ist_abgeschlossen),
        "eigene_punkte": punkte_text(bewertung.punkte) if bewertung and bewertung.pk else "–",
        "form": form,
        "konflikt": konflikt,
        "befangenheit_form": befangenheit_form,
        "steuern": steuern,
        "alle": alle,
        "abgeschlossen_status": Bewertung.Status.ABGESCHLOSSEN,
        "liste_url": reverse("admin:bewertung_juryidee_changelist"),
    }
    return TemplateResponse(request, "admin/bewertung/jury_bewerten.html", context)


def pitchdeck(request, model_admin, object_id):
    """The idea's pitch deck, for whoever may open its scoring page (a befangen jury member
    not: 403 like the page)."""
    idee = _idee(request, object_id)
    if jury.mitglied_fuer(request.user, idee.aufruf_id) is not None and (
        grund := jury.bewerten_hindernis(request.user, idee)
    ):
        raise PermissionDenied(grund)
    if not idee.pitchdeck:
        raise Http404("Kein Pitch-Deck.")
    return FileResponse(
        idee.pitchdeck.open("rb"),
        as_attachment=True,
        filename=idee.pitchdeck_name or "pitchdeck",
        content_type=idee.pitchdeck_typ or "application/octet-stream",
    )
