"""The progress page (admin:bewertung_bewertungsfortschritt_changelist): per
Wirtschaftsförderung and person, reminders, the declared Befangenheiten."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from handlungsfelder.models import Gebietskoerperschaft
from konten.models import User

from .. import services
from ..fortschritt import je_person, je_wirtschaftsfoerderung, kalibrierung
from ..models import Erinnerung, Kriterienkatalog, Zuweisung
from . import FEHLER

# The reminders listed on the page (newest first); the last one per row is among them.
ERINNERUNGEN_GEZEIGT = 100


def seite(request, model_admin):
    """Per Wirtschaftsförderung (and per person assigned by name): assigned, finalised,
    open; reminder e-mails and when the last one was sent by whom; the reminders sent;
    the declared Befangenheiten."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    hier = reverse("admin:bewertung_bewertungsfortschritt_changelist")
    if request.method == "POST":
        gk_id, person_id = request.POST.get("gebietskoerperschaft"), request.POST.get("person")
        try:
            if gk_id:
                gk = get_object_or_404(Gebietskoerperschaft, pk=gk_id)
                anzahl = services.erinnern(request.user, gebietskoerperschaft=gk)
                name = f"Wirtschaftsförderung {gk.name}"
            else:
                person = get_object_or_404(User, pk=person_id or 0)
                anzahl = services.erinnern(request.user, pruefer=person)
                name = str(person)
        except FEHLER as exc:
            messages.error(request, str(exc))
        else:
            offen = "1 offene Bewertung" if anzahl == 1 else f"{anzahl} offene Bewertungen"
            messages.success(request, f"Erinnerung an {name} verschickt ({offen}).")
        return HttpResponseRedirect(hier)

    erinnerungen = list(
        Erinnerung.objects.select_related("gebietskoerperschaft", "pruefer", "gesendet_von")[
            :ERINNERUNGEN_GEZEIGT
        ]
    )
    wirtschaftsfoerderungen, personen = je_wirtschaftsfoerderung(), je_person()
    katalog = Kriterienkatalog.objects.filter(aktiv=True).first()
    kalibrierung_zeilen, kalibrierung_mittel = kalibrierung(katalog)
    letzte = {}
    for e in reversed(erinnerungen):
        letzte[(e.gebietskoerperschaft_id, e.pruefer_id)] = e
    for gk in wirtschaftsfoerderungen:
        gk.letzte_erinnerung = letzte.get((gk.pk, None))
    for p in personen:
        p.letzte_erinnerung = letzte.get((None, p.pk))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Fortschritt der Bewertung",
        "subtitle": None,
        "wirtschaftsfoerderungen": wirtschaftsfoerderungen,
        "personen": personen,
        "erinnerungen": erinnerungen,
        "katalog": katalog,
        "kalibrierung": kalibrierung_zeilen,
        "kalibrierung_mittel": kalibrierung_mittel,
        "befangenheiten": list(
            Zuweisung.objects.filter(befangen_am__isnull=False)
            .select_related("steckbrief", "gebietskoerperschaft", "pruefer", "befangen_von")
            .order_by("-befangen_am")
        ),
    }
    return TemplateResponse(request, "admin/bewertung/fortschritt.html", context)
