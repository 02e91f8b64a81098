"""DSGVO Art. 15: everything the portal stores about a user, as one JSON document.

Contains the account, the membership and Organisation and the invitations sent to or by the
user; the apps that store more about the user add their sections (konten.beitraege:
steckbriefe adds the Organisation's Steckbriefe, the user's unsaved input and audit
entries). Colleagues are not listed (their data is theirs):
where a record names a person, the export says "Sie" or "eine andere Person"."""

import json

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from . import beitraege
from .models import Einladung, Kontoereignis, User
from .services import mitgliedschaft_von


def _einladung(e: Einladung) -> dict:
    return {
        "organisation": e.organisation.name,
        "email": e.email,
        "eingeladen_am": e.erstellt,
        "gueltig_bis": e.gueltig_bis,
        "angenommen_am": e.angenommen_am,
    }


def datenauskunft(user: User) -> dict:
    mitgliedschaft = mitgliedschaft_von(user)
    organisation = mitgliedschaft.organisation if mitgliedschaft else None
    einladungen = (
        Einladung.objects.filter(Q(email__iexact=user.email) | Q(eingeladen_von=user))
        .select_related("organisation")
        .order_by("erstellt", "pk")
    )
    return {
        "erstellt_am": timezone.now(),
        "hinweis": (
            "Auskunft nach Art. 15 DSGVO: alle Daten, die das Steckbrief-Portal des Masterplans "
            "Region Chemnitz/Südwestsachsen zu Ihrem Konto speichert."
        ),
        "konto": {
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "registriert_am": user.date_joined,
            "letzte_anmeldung": user.last_login,
            "aktiv": user.is_active,
            "darf_trotz_rolle_einreichen": user.darf_einreichen,
            "rollen": sorted(user.groups.values_list("name", flat=True)),
            "gebietskoerperschaft": str(user.gebietskoerperschaft)
            if user.gebietskoerperschaft_id
            else None,
            "email_adressen": [
                {"email": a.email, "bestaetigt": a.verified, "primaer": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "mitgliedschaft": {
            "organisation": organisation.name,
            "seit": mitgliedschaft.seit,
            "verwaltet_die_organisation": mitgliedschaft.ist_admin,
        }
        if mitgliedschaft
        else None,
        "organisation": {
            "name": organisation.name,
            "typ": organisation.get_typ_display(),
            "strasse": organisation.strasse,
            "plz": organisation.plz,
            "ort": organisation.ort,
            "angelegt": organisation.angelegt,
        }
        if organisation
        else None,
        "einladungen_an_sie": [
            _einladung(e) for e in einladungen if e.email.lower() == user.email.lower()
        ],
        "einladungen_von_ihnen": [
            _einladung(e) for e in einladungen if e.eingeladen_von_id == user.pk
        ],
        "kontoereignisse": [
            {
                "zeitpunkt": e.zeitpunkt,
                "ereignis": e.get_art_display(),
                "durch": _wer(e.durch_id, user),
                "betroffen": _wer(e.betroffen_id, user),
                "organisation": e.organisation.name if e.organisation_id else None,
            }
            for e in Kontoereignis.objects.filter(Q(durch=user) | Q(betroffen=user))
            .select_related("organisation")
            .order_by("zeitpunkt", "pk")
        ],
        **beitraege.auskunftsteile(user, organisation),
    }


def _wer(user_id: int | None, user: User) -> str | None:
    if user_id is None:
        return None
    return "Sie" if user_id == user.pk else "eine andere Person"


def als_json(user: User) -> str:
    return json.dumps(datenauskunft(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
