"""The Geschäftsstelle's cross-over of an idea into a draft Steckbrief (ideen.uebernahme):
GET shows what would be carried over and for which Organisation, POST does it. Anonymous
users go to the login; everybody but the Geschäftsstelle gets 403 (like the Bündelung); a
draft idea is its people's only (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from konten.models import Organisation
from konten.zugriff import ist_geschaeftsstelle
from steckbriefe.models import Steckbrief

from . import uebernahme
from .models import Idee, Status
from .services import NichtMoeglich


def _ziel_beschriftungen() -> list[tuple[str, str]]:
    """(idea field label, Steckbrief field label) for the page."""
    return [
        (Idee._meta.get_field(q).verbose_name, Steckbrief._meta.get_field(z).verbose_name)
        for q, z in [*uebernahme.FELDER.items(), ("gebietskoerperschaft", "gebietskoerperschaften")]
    ]


@login_required
def als_steckbrief(request, pk):
    if not ist_geschaeftsstelle(request.user):
        raise PermissionDenied("Nur für die Geschäftsstelle.")
    idee = get_object_or_404(
        Idee.objects.select_related("aufruf", "eigentuemer", "gebietskoerperschaft").exclude(
            status=Status.ENTWURF
        ),
        pk=pk,
    )
    moegliche = uebernahme.moegliche_organisationen(idee)
    if request.method == "POST":
        organisation = None
        wahl = request.POST.get("organisation", "")
        if wahl:
            if not wahl.isdigit():
                messages.error(request, "Bitte wählen Sie eine Organisation aus der Liste.")
                return redirect("ideen:als_steckbrief", pk=idee.pk)
            organisation = Organisation.objects.filter(pk=int(wahl)).first()
            if organisation is None:
                messages.error(request, "Bitte wählen Sie eine Organisation aus der Liste.")
                return redirect("ideen:als_steckbrief", pk=idee.pk)
        try:
            sb = uebernahme.als_steckbrief_uebernehmen(idee, request.user, organisation)
        except NichtMoeglich as fehler:
            messages.error(request, str(fehler))
            return redirect("ideen:als_steckbrief", pk=idee.pk)
        messages.success(
            request,
            f"Die Idee „{idee.titel}“ ist jetzt der Steckbrief-Entwurf Nr. {sb.pk} "
            f"({sb.organisation.name}). Die Personen der Idee werden per E-Mail benachrichtigt.",
        )
        return redirect(sb.get_absolute_url())
    grund = uebernahme.uebernahme_hindernis(idee, request.user)
    if grund is None and len(moegliche) <= 1:
        # With several Organisations the choice comes first; the POST answers for it.
        grund = uebernahme.organisation_hindernis(idee, moegliche[0] if moegliche else None)
    return render(
        request,
        "ideen/als_steckbrief.html",
        {
            "idee": idee,
            "grund": grund,
            "moegliche": moegliche,
            "felder": _ziel_beschriftungen(),
        },
    )
