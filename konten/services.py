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
    Ereignisart,
    Kontoereignis,
    Mitgliedschaft,
    Organisation,
    Rolle,
    User,
    _neues_token,
)
from .namen import name_ist_zulaessig

# Abuse limits for the invitation mail (the organisation name in it is user-controlled);
# invitations per account and day: settings.EINLADUNGEN_JE_TAG.
MAX_OFFENE_EINLADUNGEN = 25
ERNEUT_SENDEN_FRUEHESTENS = timedelta(minutes=5)


def einladungen_heute(von: User) -> int:
    """Invitations `von` sent in the last 24 hours (counted in the audit, so that
    withdrawing an invitation does not make room for another)."""
    return Kontoereignis.objects.filter(
        durch=von,
        art=Ereignisart.EINLADUNG_VERSENDET,
        zeitpunkt__gt=timezone.now() - timedelta(days=1),
    ).count()


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


def ereignis(
    art: Ereignisart,
    *,
    durch: User | None = None,
    betroffen: User | None = None,
    organisation: Organisation | None = None,
) -> Kontoereignis:
    """Write the audit entry of an account or membership change."""
    return Kontoereignis.objects.create(
        art=art, durch=durch, betroffen=betroffen, organisation=organisation
    )


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
    # The founder administers the Organisation.
    Mitgliedschaft.objects.create(user=user, organisation=organisation, ist_admin=True)
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
    ereignis(Ereignisart.AUSGETRETEN, durch=user, betroffen=user, organisation=organisation)
    if not _aufraeumen(organisation):
        verwaltung_sichern(organisation)
    return organisation


# --- administering an Organisation: remove members, name administrators --------------------

NUR_VERWALTUNG = (
    "Nur wer die Organisation verwaltet, kann Mitglieder entfernen und andere mit der "
    "Verwaltung betrauen. Wenden Sie sich an eine dieser Personen (siehe „Meine Organisation“)."
)


def verwaltet(user: User, organisation: Organisation) -> bool:
    """`user` is an active administrator of `organisation` (as stored)."""
    return (
        user.is_authenticated
        and user.is_active
        and Mitgliedschaft.objects.filter(
            user=user, organisation=organisation, ist_admin=True
        ).exists()
    )


def verwaltung_sichern(organisation: Organisation, durch: User | None = None) -> User | None:
    """An Organisation with active members always has an active administrator: if none is
    left, its longest-standing active member takes over (audited). Returns that person."""
    aktiv = organisation.mitgliedschaften.filter(user__is_active=True)
    if aktiv.filter(ist_admin=True).exists():
        return None
    nachfolge = aktiv.select_related("user").order_by("seit", "pk").first()
    if nachfolge is None:
        return None
    nachfolge.ist_admin = True
    nachfolge.save(update_fields=["ist_admin"])
    ereignis(
        Ereignisart.ADMIN_NACHGERUECKT,
        durch=durch,
        betroffen=nachfolge.user,
        organisation=organisation,
    )
    return nachfolge.user


def _gesperrt(mitgliedschaft: Mitgliedschaft) -> tuple[Organisation, Mitgliedschaft]:
    """Lock the Organisation, then re-read the membership (it may be gone meanwhile)."""
    organisation = Organisation.objects.select_for_update().get(pk=mitgliedschaft.organisation_id)
    aktuell = Mitgliedschaft.objects.select_related("user").filter(pk=mitgliedschaft.pk).first()
    if aktuell is None:
        raise NichtMoeglich("Diese Person gehört nicht mehr zur Organisation.")
    return organisation, aktuell


def _einladungen_von_zurueckziehen(user: User, organisation: Organisation) -> int:
    """Open invitations a removed member sent: nobody joins through them any more."""
    anzahl, _ = offene_einladungen(organisation).filter(eingeladen_von=user).delete()
    return anzahl


@transaction.atomic
def mitglied_entfernen(durch: User, mitgliedschaft: Mitgliedschaft) -> User:
    """An administrator removes another member. The person loses access to all the
    Organisation's Steckbriefe at once; open invitations they sent are withdrawn."""
    organisation, mitgliedschaft = _gesperrt(mitgliedschaft)
    if not verwaltet(durch, organisation):
        raise NichtMoeglich(NUR_VERWALTUNG)
    if mitgliedschaft.user_id == durch.pk:
        raise NichtMoeglich(
            "Sich selbst entfernt man nicht: Verlassen Sie die Organisation unter "
            "„Organisation verlassen“."
        )
    entfernt = mitgliedschaft.user
    mitgliedschaft.delete()
    _einladungen_von_zurueckziehen(entfernt, organisation)
    ereignis(
        Ereignisart.MITGLIED_ENTFERNT, durch=durch, betroffen=entfernt, organisation=organisation
    )
    return entfernt


@transaction.atomic
def verwaltung_uebertragen(durch: User, mitgliedschaft: Mitgliedschaft) -> User:
    """An administrator names another member an administrator (both administer then; the
    first may give it up afterwards)."""
    organisation, mitgliedschaft = _gesperrt(mitgliedschaft)
    if not verwaltet(durch, organisation):
        raise NichtMoeglich(NUR_VERWALTUNG)
    if mitgliedschaft.ist_admin:
        raise NichtMoeglich(f"{mitgliedschaft.user} verwaltet die Organisation bereits.")
    if not mitgliedschaft.user.is_active:
        raise NichtMoeglich("Ein deaktiviertes Konto kann die Organisation nicht verwalten.")
    mitgliedschaft.ist_admin = True
    mitgliedschaft.save(update_fields=["ist_admin"])
    ereignis(
        Ereignisart.ADMIN_ERNANNT,
        durch=durch,
        betroffen=mitgliedschaft.user,
        organisation=organisation,
    )
    return mitgliedschaft.user


def verwaltung_abgeben_hindernis(
    user: User, organisation: Organisation, mitglieder=None
) -> str | None:
    """Why `user` cannot give up administering `organisation` (German), or None.
    `mitglieder`: the memberships with their users, if the caller has them loaded."""
    if mitglieder is None:
        mitglieder = organisation.mitgliedschaften.select_related("user")
    andere = [m for m in mitglieder if m.ist_admin and m.user.is_active and m.user_id != user.pk]
    if not andere:
        return (
            "Sie sind die einzige Person, die die Organisation verwaltet. Betrauen Sie zuerst "
            "ein anderes Mitglied mit der Verwaltung; danach können Sie sie abgeben."
        )
    return None


@transaction.atomic
def verwaltung_abgeben(user: User) -> Organisation:
    """An administrator gives up the role, if another active administrator remains."""
    mitgliedschaft = mitgliedschaft_von(user)
    if mitgliedschaft is None or not mitgliedschaft.ist_admin:
        raise NichtMoeglich("Sie verwalten keine Organisation.")
    organisation, mitgliedschaft = _gesperrt(mitgliedschaft)
    if grund := verwaltung_abgeben_hindernis(user, organisation):
        raise NichtMoeglich(grund)
    mitgliedschaft.ist_admin = False
    mitgliedschaft.save(update_fields=["ist_admin"])
    ereignis(Ereignisart.ADMIN_ABGEGEBEN, durch=user, betroffen=user, organisation=organisation)
    return organisation


# --- the Geschäftsstelle takes access away (admin) ------------------------------------------


def _geschaeftsstelle_pruefen(durch: User) -> None:
    if not (durch.is_active and durch.ist_geschaeftsstelle):
        raise NichtMoeglich("Das darf nur die Geschäftsstelle.")


@transaction.atomic
def mitgliedschaft_beenden(durch: User, mitgliedschaft: Mitgliedschaft) -> User:
    """The Geschäftsstelle ends a membership (e.g. a departed or compromised member whose
    Organisation does not act). The Organisation keeps its Steckbriefe."""
    _geschaeftsstelle_pruefen(durch)
    organisation, mitgliedschaft = _gesperrt(mitgliedschaft)
    betroffen = mitgliedschaft.user
    mitgliedschaft.delete()
    _einladungen_von_zurueckziehen(betroffen, organisation)
    ereignis(
        Ereignisart.MITGLIEDSCHAFT_BEENDET,
        durch=durch,
        betroffen=betroffen,
        organisation=organisation,
    )
    if not _aufraeumen(organisation):
        verwaltung_sichern(organisation, durch=durch)
    return betroffen


def deaktivieren_hindernis(durch: User, user: User) -> str | None:
    if user.pk == durch.pk:
        return "Das eigene Konto deaktiviert eine andere Person der Geschäftsstelle."
    if user.is_superuser and not durch.is_superuser:
        return "Konten mit allen Rechten deaktiviert nur die technische Administration."
    return None


@transaction.atomic
def konto_deaktivieren(durch: User, user: User) -> bool:
    """The Geschäftsstelle deactivates an account: it cannot log in any more and its open
    sessions end with the next request (Django's backends refuse inactive users). Returns
    False if it was inactive already."""
    _geschaeftsstelle_pruefen(durch)
    user = User.objects.select_for_update().get(pk=user.pk)
    if grund := deaktivieren_hindernis(durch, user):
        raise NichtMoeglich(grund)
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    mitgliedschaft = Mitgliedschaft.objects.filter(user=user).first()
    organisation = mitgliedschaft.organisation if mitgliedschaft else None
    if mitgliedschaft is not None and mitgliedschaft.ist_admin:
        mitgliedschaft.ist_admin = False
        mitgliedschaft.save(update_fields=["ist_admin"])
    ereignis(Ereignisart.KONTO_DEAKTIVIERT, durch=durch, betroffen=user, organisation=organisation)
    if organisation is not None:
        verwaltung_sichern(organisation, durch=durch)
    return True


@transaction.atomic
def konto_reaktivieren(durch: User, user: User) -> bool:
    _geschaeftsstelle_pruefen(durch)
    user = User.objects.select_for_update().get(pk=user.pk)
    if grund := deaktivieren_hindernis(durch, user):
        raise NichtMoeglich(grund.replace("deaktiviert", "aktiviert"))
    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    mitgliedschaft = Mitgliedschaft.objects.filter(user=user).select_related("organisation")
    mitgliedschaft = mitgliedschaft.first()
    organisation = mitgliedschaft.organisation if mitgliedschaft else None
    ereignis(Ereignisart.KONTO_REAKTIVIERT, durch=durch, betroffen=user, organisation=organisation)
    if organisation is not None:
        verwaltung_sichern(organisation, durch=durch)
    return True


# --- Einladungen ---------------------------------------------------------------------------


def offene_einladungen(organisation: Organisation):
    return organisation.einladungen.filter(angenommen_am__isnull=True)


@transaction.atomic
def einladen(organisation: Organisation, von: User, email: str) -> Einladung:
    """Invite `email` into `organisation` and send the invitation mail (after commit). An
    open invitation to the same address is renewed (new link, new validity)."""
    email = email_normalisieren(email)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    grenze = settings.EINLADUNGEN_JE_TAG
    if einladungen_heute(von) >= grenze:
        raise NichtMoeglich(
            f"Sie haben in den letzten 24 Stunden bereits {grenze} Einladungen versendet; "
            "mehr sind zum Schutz vor Missbrauch nicht möglich. Bitte versuchen Sie es morgen "
            "erneut oder wenden Sie sich an die Geschäftsstelle."
        )
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
    ereignis(Ereignisart.EINLADUNG_VERSENDET, durch=von, organisation=organisation)
    # The inviter's name goes only into a fixed sentence of the body, and only if it is a
    # name (older accounts may carry other text); the address identifies them anyway.
    name = von.get_full_name()
    mail_senden(
        email,
        "einladung",
        {
            "einladung": einladung,
            "organisation": organisation,
            "von_name": name if name_ist_zulaessig(name) else "",
            "von_email": von.email,
            "link": f"{settings.SITE_URL}{einladung.get_absolute_url()}",
        },
    )
    return einladung


@transaction.atomic
def einladung_zurueckziehen(einladung: Einladung, durch: User | None = None) -> None:
    if einladung.angenommen:
        raise NichtMoeglich("Diese Einladung wurde bereits angenommen.")
    organisation = einladung.organisation
    einladung.delete()
    ereignis(Ereignisart.EINLADUNG_ZURUECKGEZOGEN, durch=durch, organisation=organisation)


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


# --- one-time login link (konten.anmeldelink) ------------------------------------------------


def mit_anmeldelink_angemeldet(user: User) -> None:
    """After a login through the mailed link: the failed attempts against the account are
    cleared (from every address), and the login is audited."""
    AccessAttempt.objects.filter(username__iexact=user.email).delete()
    ereignis(Ereignisart.ANMELDELINK_VERWENDET, durch=user, betroffen=user)


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
    if organisation is not None and not _aufraeumen(organisation):
        verwaltung_sichern(organisation)
