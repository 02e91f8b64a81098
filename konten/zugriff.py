"""Access helpers: who is an active user and which role they act in (the role rules the
other apps' regeln build on), and the decorator of the submitter views."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Mitgliedschaft


def ist_aktiv(user) -> bool:
    """A logged-in, active account (anonymous users and locked accounts are not)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def ist_geschaeftsstelle(user) -> bool:
    """An active member of the Geschäftsstelle (or a superuser)."""
    return ist_aktiv(user) and user.ist_geschaeftsstelle


def ist_wirtschaftsfoerderung(user) -> bool:
    """An active Wirtschaftsförderung with its Gebietskörperschaft."""
    return ist_aktiv(user) and user.ist_wirtschaftsfoerderung


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
                "Projektsteckbriefe reicht eine Organisation ein: Bitte legen Sie zuerst Ihre "
                "Organisation an oder nehmen Sie eine Einladung an. Für den Ideenwettbewerb "
                "brauchen Sie keine Organisation.",
            )
            return redirect("konten:organisation_anlegen")
        request.organisation = mitgliedschaft.organisation
        # Cache it on the user too: regeln.organisation_id() reads user.mitgliedschaft.
        request.user.mitgliedschaft = mitgliedschaft
        return view(request, *args, **kwargs)

    return wrapper
