"""Where a person without Organisation lands after login or after confirming their address
(the hook konten.adapter.ziel_ohne_organisation_registrieren): "Meine Ideen" when they take
part in the Ideenwettbewerb (they own an idea or work on one), or the invitation to an idea
that waits for one of their addresses. Someone who came through a call page or an invitation
link returns there anyway (allauth keeps the `next` of the login and sign-up forms through
the confirmation). Everybody else without Organisation is asked to create or join one."""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import IdeeEinladung
from .regeln import ideen_von


def ziel_ohne_organisation(request) -> str | None:
    user = request.user
    if ideen_von(user).exists():
        return reverse("ideen:liste")
    adressen = Q(email__iexact=user.email) | Q(
        email__in=EmailAddress.objects.filter(user=user, verified=True).values("email")
    )
    offen = IdeeEinladung.objects.filter(
        adressen, angenommen_am__isnull=True, gueltig_bis__gt=timezone.now()
    )
    einladung = offen.order_by("-erstellt", "-pk").first()
    if einladung is not None:
        return einladung.get_absolute_url()  # accept it there
    return None
