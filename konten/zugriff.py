"""Access helpers for submitter views."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Mitgliedschaft


def organisation_erforderlich(view):
    """Logged-in user with an Organisation; sets request.organisation. Without one, the
    user is sent to create or join an Organisation first."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        mitgliedschaft = (
            Mitgliedschaft.objects.select_related("organisation").filter(user=request.user).first()
        )
        if mitgliedschaft is None:
            messages.info(
                request,
                "Bitte legen Sie zuerst Ihre Organisation an oder nehmen Sie eine Einladung an.",
            )
            return redirect("konten:organisation_anlegen")
        request.organisation = mitgliedschaft.organisation
        # Cache it on the user too: regeln.organisation_id() reads user.mitgliedschaft.
        request.user.mitgliedschaft = mitgliedschaft
        return view(request, *args, **kwargs)

    return wrapper
