"""What steckbriefe contributes to the accounts (registered with konten.beitraege in
SteckbriefeConfig.ready): an Organisation's Steckbriefe as its holdings, the user's sections
of the DSGVO Art. 15 export, where an address is named as contact person, the removal of the person as contact of Steckbriefe when their
account is deleted (Art. 17), and the demo Steckbriefe."""

from allauth.account.models import EmailAddress
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from konten.beitraege import Bestand, Fundstelle
from konten.models import User

from . import regeln
from .models import AuditEintrag, Autosave, Status, Steckbrief, SteckbriefVersion
from .services import protokollieren
from .versionen import KONTAKTFELDER, kontakt_entfernen

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


def ansprechperson(organisation, email: str) -> list[Fundstelle]:
    """The Organisation's Steckbriefe (not withdrawn) that name `email` as contact person."""
    treffer = (
        Steckbrief.objects.filter(organisation=organisation, ansprechperson_email__iexact=email)
        .exclude(status=Status.ZURUECKGEZOGEN)
        .order_by("pk")
        .only("pk", "titel")
    )
    return [
        Fundstelle(
            f"Steckbrief Nr. {sb.pk} „{sb.titel or 'ohne Titel'}“",
            reverse("steckbriefe:bearbeiten", kwargs={"pk": sb.pk}),
        )
        for sb in treffer
    ]


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


# --- DSGVO Art. 17: the person as contact of Steckbriefe ----------------------------------

# The audit entry written when a Steckbrief lost its contact person (detail page: the
# Organisation is asked to name a new one while the contact fields are empty).
ANSPRECHPERSON_GELOESCHT = "Ansprechperson hat ihr Konto gelöscht"
ANSPRECHPERSON_GELOESCHT_TEXT = (
    "Name, Funktion, E-Mail-Adresse und Telefonnummer der Ansprechperson wurden entfernt, "
    "auch in den eingereichten Versionen, weil sie ihr Konto gelöscht hat."
)


def _normal(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _person(user: User):
    """(is_person(name, email), the user's addresses) for matching copies of the user's
    data: the same e-mail address (any of the account's), or the same full name."""
    name = _normal(user.get_full_name())
    adressen = {_normal(user.email)}
    adressen |= {
        _normal(a) for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    adressen.discard("")

    def ist_person(kontakt_name, kontakt_email) -> bool:
        return bool(name and _normal(kontakt_name) == name) or _normal(kontakt_email) in adressen

    return ist_person, adressen


def _betroffene(user: User, adressen: set[str]) -> set[int]:
    """The Steckbriefe that may name the user as contact person, now or in a version: those
    of the user's Organisation, those the user created, edited or submitted, and any whose
    contact address (now or in a version) is one of the user's."""
    bereich = models.Q(erstellt_von=user) | models.Q(zuletzt_bearbeitet_von=user)
    if (org := regeln.organisation_id(user)) is not None:
        bereich |= models.Q(organisation_id=org)
    in_version = models.Q(erstellt_von=user)
    for adresse in adressen:
        bereich |= models.Q(ansprechperson_email__iexact=adresse)
        in_version |= models.Q(als_text__icontains=adresse)
    pks = set(Steckbrief.objects.filter(bereich).values_list("pk", flat=True))
    versionen = SteckbriefVersion.objects.annotate(
        als_text=Cast("daten", output_field=models.TextField())
    )
    pks |= set(versionen.filter(in_version).values_list("steckbrief_id", flat=True))
    return pks


def loeschen(user: User) -> None:
    """Remove the user as contact person (DSGVO Art. 17; konten.services.konto_loeschen calls
    it before the user's row is deleted). Where a Steckbrief names the user (same name or
    address): its contact fields are emptied (a new revision, so that an open form is not
    saved over it) and an audit entry without the person asks the Organisation for a new
    contact; in its versions the name becomes "gelöschtes Konto" and function, address and
    telephone are removed; colleagues' kept input loses these values, too."""
    ist_person, adressen = _person(user)
    pks = _betroffene(user, adressen)
    if not pks:
        return
    jetzt = timezone.now()
    leer = dict.fromkeys(KONTAKTFELDER, "")
    steckbriefe = Steckbrief.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    for sb in steckbriefe:
        if ist_person(sb.ansprechperson_name, sb.ansprechperson_email):
            Steckbrief.objects.filter(pk=sb.pk).update(
                **leer, revision=models.F("revision") + 1, geaendert=jetzt
            )
            protokollieren(sb, None, ANSPRECHPERSON_GELOESCHT, text=ANSPRECHPERSON_GELOESCHT_TEXT)
    for version in SteckbriefVersion.objects.filter(steckbrief_id__in=pks):
        if kontakt_entfernen(version.daten, ist_person):
            version.save(update_fields=["daten"])
    for autosave in Autosave.objects.filter(steckbrief_id__in=pks).exclude(user=user):
        daten = autosave.daten
        name, email = (
            (daten.get(k) or [""])[-1] for k in ("ansprechperson_name", "ansprechperson_email")
        )
        if ist_person(name, email):
            for feld in KONTAKTFELDER:
                if feld in daten:
                    daten[feld] = [""]
            Autosave.objects.filter(pk=autosave.pk).update(daten=daten)


def ansprechperson_geloescht(sb: Steckbrief) -> bool:
    """The Steckbrief has no contact person because the last one deleted their account."""
    if sb.ansprechperson_name or sb.ansprechperson_email:
        return False
    return sb.audit.filter(aktion=ANSPRECHPERSON_GELOESCHT).exists()


def demo() -> tuple[str, int]:
    from .demo import demo_steckbriefe_anlegen

    return "Demo-Steckbriefe neu angelegt", demo_steckbriefe_anlegen()
