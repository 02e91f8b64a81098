"""Business rules for accounts and Organisationen: create, invite, join, leave, delete.

Views call these functions and nothing else to change memberships. A rule that forbids an
action raises `NichtMoeglich`; its text is the German message shown to the user. The
`*_hindernis` functions answer the same question without acting, so that pages can explain
up front why a button is not offered.

Separation of roles: staff accounts (Wirtschaftsförderung, Geschäftsstelle, superuser, admin
access) review and steer; they neither found an Organisation nor join one, unless the
Geschäftsstelle granted it on the account (`User.darf_einreichen`, set in the admin). Even
then they never score their own projects (bewertung.regeln.eigenes_projekt)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from kern.mail import mail_senden

from . import beitraege
from .models import (
    EINLADUNG_GUELTIG_TAGE,
    Einladung,
    Mitgliedschaft,
    Organisation,
    Rolle,
    User,
    _neues_token,
)

# Abuse limits for the invitation mail (the organisation name in it is user-controlled).
MAX_OFFENE_EINLADUNGEN = 25
ERNEUT_SENDEN_FRUEHESTENS = timedelta(minutes=5)


class NichtMoeglich(Exception):
    """A rule forbids the action; str(exc) is the German message for the user."""


def email_normalisieren(email: str) -> str:
    return (email or "").strip().lower()


def als_einreichende(user: User) -> None:
    """Give `user` the role Einreichende (idempotent). The group comes from a migration and
    has no model permissions; get_or_create only guards against a flushed test database."""
    group, _ = Group.objects.get_or_create(name=Rolle.EINREICHENDE.value)
    user.groups.add(group)
    if hasattr(user, "_gruppen_cache"):
        del user._gruppen_cache


def mitgliedschaft_von(user: User) -> Mitgliedschaft | None:
    if not user.is_authenticated:
        return None
    return Mitgliedschaft.objects.select_related("organisation").filter(user=user).first()


# --- separation of roles -------------------------------------------------------------------

ROLLENTRENNUNG = (
    "Konten der Wirtschaftsförderungen und der Geschäftsstelle sowie andere Konten mit Zugang "
    "zur Verwaltung können keine Organisation anlegen und keiner Organisation beitreten: Wer "
    "Steckbriefe bewertet oder das Verfahren steuert, reicht nicht selbst ein. Müssen Sie "
    "ausnahmsweise auch einreichen, wenden Sie sich an die Geschäftsstelle; sie kann es für "
    "Ihr Konto freigeben. Eigene Projekte können Sie auch dann nicht bewerten."
)


def einreichen_hindernis(user: User) -> str | None:
    """Why `user` may not become a submitter (found or join an Organisation), or None:
    staff accounts only with the Geschäftsstelle's explicit grant."""
    if user.hat_verfahrensrolle and not user.darf_einreichen:
        return ROLLENTRENNUNG
    return None


# --- Organisation --------------------------------------------------------------------------


def anlegen_hindernis(user: User) -> str | None:
    """Why `user` cannot found an Organisation now (German), or None."""
    bestehend = mitgliedschaft_von(user)
    if bestehend is not None:
        return (
            f"Sie gehören bereits zur Organisation „{bestehend.organisation.name}“. "
            "Ein Konto kann nur zu einer Organisation gehören."
        )
    return einreichen_hindernis(user)


@transaction.atomic
def organisation_anlegen(user: User, organisation: Organisation) -> Organisation:
    """Save the (unsaved) `organisation` and make `user` its first member."""
    # Serialise double submits; the rules read the account as stored (role, grant).
    gesperrt = User.objects.select_for_update().filter(pk=user.pk).first() or user
    grund = anlegen_hindernis(gesperrt)
    if grund:
        raise NichtMoeglich(grund)
    organisation.save()
    Mitgliedschaft.objects.create(user=user, organisation=organisation)
    als_einreichende(user)
    return organisation


def _aufraeumen(organisation: Organisation) -> bool:
    """After a member left: an Organisation without members keeps no open invitations,
    and one without members and Steckbriefe is deleted. Returns True if deleted."""
    if organisation.mitgliedschaften.exists():
        return False
    organisation.einladungen.filter(angenommen_am__isnull=True).delete()
    if beitraege.bestand(organisation).gesamt:
        return False
    organisation.delete()
    return True


def _letztes_mitglied_hindernis(
    user: User, organisation: Organisation, objekt: str, verb: str
) -> str | None:
    if organisation.mitgliedschaften.exclude(user=user).exists():
        return None
    bestand = beitraege.bestand(organisation)
    anzahl = bestand.aktiv
    if not anzahl:
        return None
    if anzahl == 1:
        was = "noch einen Steckbrief, der nicht zurückgezogen ist. Damit er nicht"
        bleibt, zurueckziehen = "bleibt", "ziehen Sie den Steckbrief zurück, wenn er"
        soll = "soll"
    else:
        was = f"noch {anzahl} Steckbriefe, die nicht zurückgezogen sind. Damit sie nicht"
        bleibt, zurueckziehen = "bleiben", "ziehen Sie die Steckbriefe zurück, wenn sie"
        soll = "sollen"
    text = (
        f"Sie sind das letzte Mitglied der Organisation „{organisation.name}“, und sie hat "
        f"{was} ohne Ansprechperson {bleibt}, können Sie {objekt} erst {verb}, wenn eine "
        "weitere Person zur Organisation gehört: Laden Sie unter „Meine Organisation“ eine "
        "Kollegin oder einen Kollegen ein und warten Sie, bis die Einladung angenommen ist."
    )
    # Decided Steckbriefe cannot be withdrawn any more; only offer what is possible.
    if bestand.zurueckziehbar == anzahl:
        text += f" Alternativ {zurueckziehen} nicht weiterverfolgt werden {soll}."
    return text


def austritt_hindernis(user: User, organisation: Organisation) -> str | None:
    return _letztes_mitglied_hindernis(user, organisation, "die Organisation", "verlassen")


@transaction.atomic
def austreten(user: User) -> Organisation:
    """`user` leaves their Organisation. The last member may only leave if no Steckbrief
    but withdrawn ones remains; an Organisation left empty without Steckbriefe is deleted."""
    mitgliedschaft = mitgliedschaft_von(user)
    if mitgliedschaft is None:
        raise NichtMoeglich("Sie gehören zu keiner Organisation.")
    # Lock the organisation so that two last members cannot leave at the same time.
    organisation = Organisation.objects.select_for_update().get(pk=mitgliedschaft.organisation_id)
    grund = austritt_hindernis(user, organisation)
    if grund:
        raise NichtMoeglich(grund)
    mitgliedschaft.delete()
    _aufraeumen(organisation)
    return organisation


# --- Einladungen ---------------------------------------------------------------------------


def offene_einladungen(organisation: Organisation):
    return organisation.einladungen.filter(angenommen_am__isnull=True)


@transaction.atomic
def einladen(organisation: Organisation, von: User, email: str) -> Einladung:
    """Invite `email` into `organisation` and send the invitation mail (after commit). An
    open invitation to the same address is renewed (new link, new validity)."""
    email = email_normalisieren(email)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if organisation.mitgliedschaften.filter(user__email__iexact=email).exists():
        raise NichtMoeglich(f"{email} gehört bereits zu Ihrer Organisation.")
    jetzt = timezone.now()
    einladung = offene_einladungen(organisation).filter(email=email).first()
    if einladung is not None:
        if einladung.erstellt > jetzt - ERNEUT_SENDEN_FRUEHESTENS:
            raise NichtMoeglich(
                f"Die Einladung an {email} wurde gerade erst versendet. Bitte warten Sie "
                "einige Minuten, bevor Sie sie erneut senden."
            )
        einladung.token = _neues_token()
        einladung.erstellt = jetzt
    else:
        if offene_einladungen(organisation).count() >= MAX_OFFENE_EINLADUNGEN:
            raise NichtMoeglich(
                f"Ihre Organisation hat bereits {MAX_OFFENE_EINLADUNGEN} offene Einladungen. "
                "Bitte ziehen Sie nicht mehr benötigte Einladungen zurück."
            )
        einladung = Einladung(organisation=organisation, email=email, erstellt=jetzt)
    einladung.eingeladen_von = von
    einladung.gueltig_bis = jetzt + timedelta(days=EINLADUNG_GUELTIG_TAGE)
    try:
        with transaction.atomic():
            einladung.save()
    except IntegrityError as exc:  # a parallel request invited the same address
        raise NichtMoeglich(f"Für {email} wurde soeben eine Einladung angelegt.") from exc
    mail_senden(
        email,
        "einladung",
        {
            "einladung": einladung,
            "organisation": organisation,
            "von": von,
            "link": f"{settings.SITE_URL}{einladung.get_absolute_url()}",
        },
    )
    return einladung


@transaction.atomic
def einladung_zurueckziehen(einladung: Einladung) -> None:
    if einladung.angenommen:
        raise NichtMoeglich("Diese Einladung wurde bereits angenommen.")
    einladung.delete()


def _gehoert_adresse(user: User, email: str) -> bool:
    if email_normalisieren(user.email) == email_normalisieren(email):
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def annahme_hindernis(einladung: Einladung, user: User) -> str | None:
    """Why `user` cannot accept `einladung` (German), or None."""
    if einladung.angenommen:
        return "Diese Einladung wurde bereits angenommen."
    if einladung.abgelaufen:
        return (
            f"Diese Einladung ist am {timezone.localtime(einladung.gueltig_bis):%d.%m.%Y} "
            "abgelaufen. Bitten Sie die Person, die Sie eingeladen hat, um eine neue Einladung."
        )
    if not _gehoert_adresse(user, einladung.email):
        return (
            f"Diese Einladung gilt für die E-Mail-Adresse {einladung.email}, Sie sind aber als "
            f"{user.email} angemeldet. Bitte melden Sie sich mit der eingeladenen Adresse an "
            "oder bitten Sie um eine Einladung an Ihre Adresse."
        )
    if grund := einreichen_hindernis(user):
        return grund
    mitgliedschaft = mitgliedschaft_von(user)
    if mitgliedschaft is not None:
        if mitgliedschaft.organisation_id == einladung.organisation_id:
            return f"Sie gehören bereits zur Organisation „{einladung.organisation.name}“."
        return (
            f"Sie gehören bereits zur Organisation „{mitgliedschaft.organisation.name}“, und "
            "ein Konto kann nur zu einer Organisation gehören. Wenn Sie wechseln möchten, "
            "verlassen Sie zuerst unter „Meine Organisation“ Ihre bisherige Organisation und "
            "öffnen dann diesen Link erneut."
        )
    return None


@transaction.atomic
def einladung_annehmen(einladung: Einladung, user: User) -> Mitgliedschaft:
    einladung = (
        Einladung.objects.select_for_update().select_related("organisation").get(pk=einladung.pk)
    )
    # The rules read the account as stored (role, grant), not the copy of the request.
    grund = annahme_hindernis(einladung, User.objects.get(pk=user.pk))
    if grund:
        raise NichtMoeglich(grund)
    try:
        with transaction.atomic():
            mitgliedschaft = Mitgliedschaft.objects.create(
                user=user, organisation=einladung.organisation
            )
    except IntegrityError as exc:  # joined or founded an organisation in parallel
        raise NichtMoeglich("Sie gehören bereits zu einer Organisation.") from exc
    einladung.angenommen_am = timezone.now()
    einladung.angenommen_von = user
    einladung.save(update_fields=["angenommen_am", "angenommen_von"])
    als_einreichende(user)
    return mitgliedschaft


def gueltige_einladungen_fuer(user: User):
    """Open, unexpired invitations addressed to the user's e-mail address."""
    return Einladung.objects.filter(
        email__iexact=user.email, angenommen_am__isnull=True, gueltig_bis__gt=timezone.now()
    ).select_related("organisation", "eingeladen_von")


# --- DSGVO Art. 17: delete the account -----------------------------------------------------


def loeschung_hindernis(user: User) -> str | None:
    if user.is_staff or user.is_superuser:
        return (
            "Konten der Wirtschaftsförderungen, der Geschäftsstelle und der Technik können "
            "nicht selbst gelöscht werden, weil Bewertungen und Entscheidungen an ihnen hängen. "
            "Bitte wenden Sie sich an die Geschäftsstelle."
        )
    mitgliedschaft = mitgliedschaft_von(user)
    if mitgliedschaft is None:
        return None
    return _letztes_mitglied_hindernis(user, mitgliedschaft.organisation, "Ihr Konto", "löschen")


@transaction.atomic
def konto_loeschen(user: User) -> None:
    """Delete `user` (DSGVO Art. 17). The organisation's Steckbriefe stay with it; audit
    entries and versions keep their content but lose the actor; the apps remove the
    person's name and addresses wherever they copied them (beitraege.vor_dem_loeschen: the
    contact person of a Steckbrief and its versions); an Organisation left without members
    and Steckbriefe is deleted as well."""
    user = User.objects.select_for_update().get(pk=user.pk)
    mitgliedschaft = mitgliedschaft_von(user)
    organisation = None
    if mitgliedschaft is not None:
        organisation = Organisation.objects.select_for_update().get(
            pk=mitgliedschaft.organisation_id
        )
    grund = loeschung_hindernis(user)
    if grund:
        raise NichtMoeglich(grund)
    email = user.email
    # Accepted invitations name the user's address; they are of no use without the account.
    Einladung.objects.filter(angenommen_von=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    beitraege.vor_dem_loeschen(user)
    try:
        user.delete()
    except ProtectedError as exc:
        raise NichtMoeglich(
            "Ihr Konto ist mit Daten verknüpft, die erhalten bleiben müssen, und kann deshalb "
            "nicht automatisch gelöscht werden. Bitte wenden Sie sich an die Geschäftsstelle."
        ) from exc
    if organisation is not None:
        _aufraeumen(organisation)
