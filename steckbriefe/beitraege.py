"""What steckbriefe contributes to the accounts (registered with konten.beitraege in
SteckbriefeConfig.ready): an Organisation's Steckbriefe as its holdings, the user's sections
of the DSGVO Art. 15 export, and the demo Steckbriefe."""

from django.db import models

from konten.beitraege import Bestand
from konten.models import User

from .models import AuditEintrag, Autosave, Status, Steckbrief

_STECKBRIEF_OHNE = {"id", "organisation"}


def bestand(organisation) -> Bestand:
    """All Steckbriefe of the Organisation; active: not withdrawn; of those, the members can
    still withdraw all but decided ones."""
    zaehlung = Steckbrief.objects.filter(organisation=organisation).aggregate(
        gesamt=models.Count("pk"),
        aktiv=models.Count("pk", filter=~models.Q(status=Status.ZURUECKGEZOGEN)),
        zurueckziehbar=models.Count(
            "pk", filter=~models.Q(status__in=[Status.ZURUECKGEZOGEN, Status.ENTSCHIEDEN])
        ),
    )
    return Bestand(**zaehlung)


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


def auskunft(user: User, organisation) -> dict:
    """The Organisation's Steckbriefe with all fields, partners, milestones, attachments
    (metadata) and submitted versions; the user's unsaved form input; the audit entries the
    user made. Colleagues are named "eine andere Person"."""
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
    protokoll = AuditEintrag.objects.filter(akteur=user).select_related("steckbrief")
    return {
        "steckbriefe": [_steckbrief(sb, user) for sb in steckbriefe],
        "zwischenstaende_von_ihnen": [
            {
                "steckbrief_id": z.steckbrief_id,
                "gespeichert": z.gespeichert,
                "eingaben": z.daten,
            }
            for z in Autosave.objects.filter(user=user).order_by("pk")
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


def demo() -> tuple[str, int]:
    from .demo import demo_steckbriefe_anlegen

    return "Demo-Steckbriefe neu angelegt", demo_steckbriefe_anlegen()
