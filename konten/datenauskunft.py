"""DSGVO Art. 15: everything the portal stores about a user, as one JSON document.

Contains the account, the membership and Organisation, the Organisation's Steckbriefe with
all fields, partners, milestones, attachments (metadata) and submitted versions, the user's
unsaved form input, the invitations sent to or by the user, and the audit entries the user
made. Colleagues are not listed (their data is theirs):
where a record names a person, the export says "Sie" or "eine andere Person"."""

import json

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from steckbriefe.models import AuditEintrag, Autosave, Steckbrief

from .models import Einladung, User
from .services import mitgliedschaft_von

_STECKBRIEF_OHNE = {"id", "organisation"}


def _wert(obj: models.Model, feld: models.Field, user: User):
    if feld.is_relation and feld.related_model is User:
        # Who did something: the user, or somebody else (whose data is not the user's).
        person = getattr(obj, feld.attname)
        if person is None:
            return None
        return "Sie" if person == user.pk else "eine andere Person"
    if feld.choices:
        wert = getattr(obj, feld.attname)
        return getattr(obj, f"get_{feld.name}_display")() if wert not in (None, "") else wert
    if feld.is_relation:
        ziel = getattr(obj, feld.name)
        return str(ziel) if ziel is not None else None
    return getattr(obj, feld.attname)


def _steckbrief(sb: Steckbrief, user: User) -> dict:
    daten: dict = {"id": sb.pk}
    for feld in Steckbrief._meta.concrete_fields:
        if feld.name not in _STECKBRIEF_OHNE:
            daten[feld.name] = _wert(sb, feld, user)
    for feld in Steckbrief._meta.many_to_many:
        daten[feld.name] = [str(o) for o in getattr(sb, feld.name).all()]
    daten["partner"] = [
        {"name": p.name, "rolle": p.rolle, "zusage": p.get_zusage_display()}
        for p in sb.partner.all()
    ]
    daten["meilensteine"] = [
        {"bezeichnung": m.bezeichnung, "termin": m.termin} for m in sb.meilensteine.all()
    ]
    daten["anlagen"] = [
        {
            "dateiname": a.name,
            "groesse_bytes": a.groesse,
            "dateityp": a.content_type,
            "hochgeladen_am": a.hochgeladen_am,
            "von_ihnen_hochgeladen": a.hochgeladen_von_id == user.pk,
        }
        for a in sb.anlagen.all()
    ]
    daten["versionen"] = [
        {
            "nummer": v.nummer,
            "anlass": v.get_art_display(),
            "eingereicht_am": v.erstellt,
            "von_ihnen_eingereicht": v.erstellt_von_id == user.pk,
            "inhalt": v.daten,
        }
        for v in sb.versionen.all()
    ]
    return daten


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
    steckbriefe = []
    if organisation is not None:
        steckbriefe = (
            Steckbrief.objects.filter(organisation=organisation)
            .select_related("handlungsfeld")
            .prefetch_related(
                *(f.name for f in Steckbrief._meta.many_to_many),
                "partner",
                "meilensteine",
                "anlagen",
                "versionen",
            )
            .order_by("pk")
        )
    einladungen = (
        Einladung.objects.filter(Q(email__iexact=user.email) | Q(eingeladen_von=user))
        .select_related("organisation")
        .order_by("erstellt", "pk")
    )
    protokoll = AuditEintrag.objects.filter(akteur=user).select_related("steckbrief")
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
            "rollen": sorted(user.groups.values_list("name", flat=True)),
            "gebietskoerperschaft": str(user.gebietskoerperschaft)
            if user.gebietskoerperschaft_id
            else None,
            "email_adressen": [
                {"email": a.email, "bestaetigt": a.verified, "primaer": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "mitgliedschaft": {"organisation": organisation.name, "seit": mitgliedschaft.seit}
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
        "steckbriefe": [_steckbrief(sb, user) for sb in steckbriefe],
        "zwischenstaende_von_ihnen": [
            {
                "steckbrief_id": z.steckbrief_id,
                "gespeichert": z.gespeichert,
                "eingaben": z.daten,
            }
            for z in Autosave.objects.filter(user=user).order_by("pk")
        ],
        "einladungen_an_sie": [
            _einladung(e) for e in einladungen if e.email.lower() == user.email.lower()
        ],
        "einladungen_von_ihnen": [
            _einladung(e) for e in einladungen if e.eingeladen_von_id == user.pk
        ],
        "protokolleintraege_von_ihnen": [
            {
                "zeitpunkt": a.zeitpunkt,
                "steckbrief_id": a.steckbrief_id,
                "steckbrief": str(a.steckbrief),
                "aktion": a.aktion,
                "vorher": a.alt,
                "nachher": a.neu,
                "bemerkung": a.text,
            }
            for a in protokoll
        ],
    }


def als_json(user: User) -> str:
    return json.dumps(datenauskunft(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
