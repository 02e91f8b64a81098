"""Business rules of an idea, one function per transition: save a draft, submit, withdraw,
invite a co-entrant, accept an invitation, remove a co-entrant, and the jury's procedure
(shortlist, invite to the pitch, select or not, send the notice; table in ideen.stufen). Each locks the idea's row,
checks who acts and the call's phases (handlungsfelder.phasen), saves, writes the audit
entry (IdeeProtokoll) and sends its mails after commit (kern.mail). A rule that forbids an
action raises `NichtMoeglich`; its text is the German message for the user."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from handlungsfelder.models import Aufruf, Aufrufformat
from handlungsfelder.phasen import aufruf_offen, aufrufstand, entwuerfe_offen
from kern.mail import mail_senden
from konten.models import User
from konten.namen import name_ist_zulaessig
from steckbriefe.anlagen import PDF, PPTX, dateiname_bereinigen, pruefe_datei

from . import regeln, signals
from .inhalt import fehlende_angaben, momentaufnahme
from .models import (
    EINLADUNG_GUELTIG_TAGE,
    Idee,
    IdeeEinladung,
    IdeeProtokoll,
    IdeeVersion,
    IdeeZwischenstand,
    Mitwirkende,
    Status,
    TeamMitglied,
)
from .stufen import BESCHEID_STUFEN, UEBERGAENGE

MAX_TEAM = 12
MAX_OFFENE_EINLADUNGEN = 10
PITCHDECK_TYPEN = (PDF, PPTX)


class NichtMoeglich(Exception):
    """A rule forbids the action; str(exc) is the German message for the user."""


class Konflikt(NichtMoeglich):
    """The draft was saved by somebody else since the form was opened."""


def protokollieren(idee: Idee, akteur: User | None, aktion: str, alt="", neu="", text=""):
    return IdeeProtokoll.eintragen(idee, akteur, aktion, alt, neu, text)


def sperren(idee: Idee) -> Idee:
    """The idea's row, locked until the end of the transaction, freshly read."""
    return (
        Idee.objects.select_for_update(of=("self",))
        .select_related("aufruf", "eigentuemer")
        .get(pk=idee.pk)
    )


def empfaenger(idee: Idee) -> list[str]:
    """Who hears about an idea: its owner and its co-entrants."""
    return [idee.eigentuemer.email, *idee.mitwirkende.values_list("user__email", flat=True)]


def _frist_text(aufruf: Aufruf) -> str:
    stand = aufrufstand(aufruf)
    if stand.beginn_einreichung:
        return (
            f"Für „{aufruf.name}“ beginnt die Einreichung erst am "
            f"{stand.beginn_einreichung:%d.%m.%Y}."
        )
    ende = max((p.bis for p in stand.phasen if p.nimmt_einreichungen), default=None)
    if ende is not None:
        return (
            f"Die Einreichungsfrist für „{aufruf.name}“ endete am {ende:%d.%m.%Y}. Ideen "
            "können nicht mehr eingereicht oder bearbeitet werden."
        )
    return f"„{aufruf.name}“ nimmt keine Ideen an."


# --- drafts --------------------------------------------------------------------------------


def anlegen_hindernis(user: User, aufruf: Aufruf) -> str | None:
    """Why `user` cannot start an idea in `aufruf` now (German), or None."""
    if grund := regeln.einreichen_verwehrt(user):
        return grund
    if aufruf.format != Aufrufformat.IDEENWETTBEWERB:
        return f"„{aufruf.name}“ ist kein Ideenwettbewerb."
    if not entwuerfe_offen(aufruf):
        return _frist_text(aufruf)
    grenze = settings.IDEEN_MAX_ENTWUERFE
    if Idee.objects.filter(eigentuemer=user, status=Status.ENTWURF).count() >= grenze:
        return (
            f"Sie haben bereits {grenze} Entwürfe angelegt. Bitte reichen Sie zuerst einen ein "
            "oder ziehen Sie nicht mehr benötigte zurück."
        )
    return None


def pitchdeck_pruefen(upload) -> str:
    """The attachment checks of the Steckbriefe (size, content by magic bytes, zip bombs),
    and only PDF or PPTX. Returns the content type; raises ValidationError."""
    from django.core.exceptions import ValidationError

    typ = pruefe_datei(upload)
    if typ not in PITCHDECK_TYPEN:
        raise ValidationError(
            "Als Pitch-Deck sind PDF- und PPTX-Dateien erlaubt.", code="pitchdeck_typ"
        )
    return typ.content_type


def _team_setzen(idee: Idee, team: list[tuple[str, str]]) -> None:
    if len(team) > MAX_TEAM:
        raise NichtMoeglich(f"Ein Team hat in diesem Formular höchstens {MAX_TEAM} Personen.")
    for name, _rolle in team:
        if not name or not name_ist_zulaessig(name):
            raise NichtMoeglich(f"„{name[:60]}“ ist kein Name.")
    idee.team.all().delete()
    TeamMitglied.objects.bulk_create(
        TeamMitglied(idee=idee, name=name, rolle=rolle, reihenfolge=i)
        for i, (name, rolle) in enumerate(team)
    )


def _pitchdeck_setzen(idee: Idee, upload, entfernen: bool) -> str | None:
    """Replace or remove the pitch deck; returns the storage name of the old file, to be
    deleted after commit."""
    alt = idee.pitchdeck.name or None
    if upload is not None:
        typ = pitchdeck_pruefen(upload)
        idee.pitchdeck.save("pitchdeck", upload, save=False)
        idee.pitchdeck_name = dateiname_bereinigen(upload.name or "")
        idee.pitchdeck_groesse = upload.size
        idee.pitchdeck_typ = typ
        return alt
    if entfernen and alt:
        idee.pitchdeck = ""
        idee.pitchdeck_name = ""
        idee.pitchdeck_groesse = None
        idee.pitchdeck_typ = ""
        return alt
    return None


def _datei_loeschen_nach_commit(name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _pruefen(idee: Idee) -> None:
    """The model's rules, and the lengths of the text fields (Django checks a TextField's
    max_length only in forms): a service call never stores more than the form allows."""
    from django.core.exceptions import ValidationError

    for f in FELDER:
        feld = Idee._meta.get_field(f)
        wert = getattr(idee, feld.attname)
        if feld.max_length and isinstance(wert, str) and len(wert) > feld.max_length:
            raise NichtMoeglich(
                f"„{feld.verbose_name}“ darf höchstens {feld.max_length} Zeichen lang sein."
            )
    try:
        idee.full_clean(exclude=["pitchdeck", "eigentuemer", "aufruf"])
    except ValidationError as exc:
        raise NichtMoeglich(" ".join(exc.messages)) from exc


FELDER = [
    "titel",
    "kernsatz",
    "problem",
    "loesung",
    "reifegrad",
    "gebietskoerperschaft",
    "regionsbezug",
    "unterstuetzung",
]


def _werte(felder: dict) -> dict:
    """The form's values of FELDER; a missing text is empty, a missing choice None."""
    werte = {}
    for f in FELDER:
        wert = felder.get(f)
        if wert is None and f not in ("reifegrad", "gebietskoerperschaft"):
            wert = ""
        werte[f] = wert
    return werte


@transaction.atomic
def idee_anlegen(
    aufruf: Aufruf, akteur: User, felder: dict, team: list[tuple[str, str]], pitchdeck=None
) -> Idee:
    Aufruf.objects.select_for_update().filter(pk=aufruf.pk).first()
    if grund := anlegen_hindernis(akteur, aufruf):
        raise NichtMoeglich(grund)
    idee = Idee(aufruf=aufruf, eigentuemer=akteur, **_werte(felder))
    _pitchdeck_setzen(idee, pitchdeck, False)
    _pruefen(idee)
    idee.save()
    _team_setzen(idee, team)
    protokollieren(idee, akteur, "Idee angelegt")
    return idee


@transaction.atomic
def entwurf_speichern(
    idee: Idee,
    akteur: User,
    felder: dict,
    team: list[tuple[str, str]],
    *,
    revision: int,
    pitchdeck=None,
    pitchdeck_entfernen: bool = False,
) -> Idee:
    """Save the draft; refused when `revision` (what the form was based on) is no longer
    the idea's (somebody saved meanwhile: Konflikt)."""
    idee = sperren(idee)
    if not regeln.ist_beteiligt(akteur, idee):
        raise NichtMoeglich("Nur wer an der Idee beteiligt ist, kann sie bearbeiten.")
    if idee.status != Status.ENTWURF:
        raise NichtMoeglich(
            f"Die Idee ist {idee.get_status_display().lower()} und kann nicht mehr bearbeitet werden."
        )
    if not entwuerfe_offen(idee.aufruf):
        raise NichtMoeglich(_frist_text(idee.aufruf))
    if revision != idee.revision:
        raise Konflikt(
            "Die Idee wurde inzwischen von einer anderen Person gespeichert. Bitte laden Sie "
            "die Seite neu und übernehmen Sie Ihre Änderungen erneut."
        )
    for f, wert in _werte(felder).items():
        setattr(idee, f, wert)
    alt = _pitchdeck_setzen(idee, pitchdeck, pitchdeck_entfernen)
    _pruefen(idee)
    idee.revision += 1
    idee.save()
    _team_setzen(idee, team)
    # The person's kept input is saved now (entwuerfe.zwischenspeichern).
    IdeeZwischenstand.objects.filter(idee=idee, user=akteur).delete()
    _datei_loeschen_nach_commit(alt)
    return idee


# --- status --------------------------------------------------------------------------------


@transaction.atomic
def einreichen(idee: Idee, akteur: User) -> Idee:
    """Entwurf → Eingereicht: by a person of the idea, while the call takes submissions
    (checked here, on the server), with every required field; a version, the audit entry
    and a receipt mail to everybody of the idea."""
    idee = sperren(idee)
    if not regeln.ist_beteiligt(akteur, idee):
        raise NichtMoeglich("Nur wer an der Idee beteiligt ist, kann sie einreichen.")
    if idee.status != Status.ENTWURF:
        raise NichtMoeglich(f"Die Idee ist bereits {idee.get_status_display().lower()}.")
    if not aufruf_offen(idee.aufruf, timezone.now()):
        raise NichtMoeglich(_frist_text(idee.aufruf))
    if fehlt := fehlende_angaben(idee):
        raise NichtMoeglich("Es fehlen noch Angaben: " + ", ".join(fehlt) + ".")
    idee.status = Status.EINGEREICHT
    idee.eingereicht_am = timezone.now()
    idee.save(update_fields=["status", "eingereicht_am", "geaendert"])
    version = IdeeVersion.anlegen(idee, akteur, momentaufnahme(idee))
    protokollieren(idee, akteur, "Eingereicht", Status.ENTWURF.label, Status.EINGEREICHT.label)
    mail_senden(empfaenger(idee), "idee_eingang", {"idee": idee, "version": version})
    signals.eingereicht.send(sender=Idee, idee=idee, version=version, akteur=akteur)
    return idee


@transaction.atomic
def zurueckziehen(idee: Idee, akteur: User, grund: str = "") -> Idee:
    """Entwurf or Eingereicht → Zurückgezogen: only the owner; final."""
    idee = sperren(idee)
    if not regeln.ist_eigentuemer(akteur, idee):
        raise NichtMoeglich("Nur die Person, die die Idee angelegt hat, kann sie zurückziehen.")
    if idee.status == Status.ZURUECKGEZOGEN:
        raise NichtMoeglich("Die Idee ist bereits zurückgezogen.")
    if grund_entschieden := regeln.entschieden_mitgeteilt(idee):
        raise NichtMoeglich(grund_entschieden)
    vorher = idee.status
    idee.status = Status.ZURUECKGEZOGEN
    idee.save(update_fields=["status", "geaendert"])
    protokollieren(
        idee,
        akteur,
        "Zurückgezogen",
        Status(vorher).label,
        Status.ZURUECKGEZOGEN.label,
        grund[:2000],
    )
    mail_senden(empfaenger(idee), "idee_zurueckgezogen", {"idee": idee})
    signals.zurueckgezogen.send(sender=Idee, idee=idee, akteur=akteur)
    return idee


# --- co-entrants ---------------------------------------------------------------------------


def einladungen_heute(von: User) -> int:
    """Invitations `von` sent in the last 24 hours (invitations are never deleted by their
    sender, so the count cannot be reset)."""
    return IdeeEinladung.objects.filter(
        eingeladen_von=von, erstellt__gt=timezone.now() - timedelta(days=1)
    ).count()


def _normal(email: str) -> str:
    return (email or "").strip().lower()


@transaction.atomic
def einladen(idee: Idee, von: User, email: str) -> IdeeEinladung:
    """Invite `email` to work on the idea (owner only), capped per day and per idea."""
    idee = sperren(idee)
    email = _normal(email)
    if not regeln.ist_eigentuemer(von, idee):
        raise NichtMoeglich("Nur die Person, die die Idee angelegt hat, kann einladen.")
    if idee.status == Status.ZURUECKGEZOGEN:
        raise NichtMoeglich("Zu einer zurückgezogenen Idee kann niemand eingeladen werden.")
    if grund := regeln.entschieden_mitgeteilt(idee):
        raise NichtMoeglich(grund)
    grenze = settings.IDEEN_EINLADUNGEN_JE_TAG
    if einladungen_heute(von) >= grenze:
        raise NichtMoeglich(
            f"Sie haben in den letzten 24 Stunden bereits {grenze} Einladungen versendet; "
            "mehr sind zum Schutz vor Missbrauch nicht möglich. Bitte versuchen Sie es morgen "
            "erneut."
        )
    if email == _normal(von.email):
        raise NichtMoeglich("Sie können sich nicht selbst einladen.")
    if idee.mitwirkende.filter(user__email__iexact=email).exists():
        raise NichtMoeglich(f"{email} wirkt bereits an dieser Idee mit.")
    offen = idee.einladungen.filter(angenommen_am__isnull=True, gueltig_bis__gt=timezone.now())
    if offen.filter(email=email).exists():
        raise NichtMoeglich(f"An {email} ist bereits eine gültige Einladung unterwegs.")
    if offen.count() >= MAX_OFFENE_EINLADUNGEN:
        raise NichtMoeglich(
            f"Zu dieser Idee sind bereits {MAX_OFFENE_EINLADUNGEN} Einladungen offen."
        )
    einladung = IdeeEinladung.objects.create(idee=idee, email=email, eingeladen_von=von)
    protokollieren(idee, von, "Eingeladen", neu=email)
    # The inviter's name goes only into a fixed sentence, and only if it is a name; the
    # idea's title is the submitters' text and is shown as such (escaped).
    name = von.get_full_name()
    mail_senden(
        email,
        "idee_einladung",
        {
            "idee": idee,
            "von_name": name if name_ist_zulaessig(name) else "",
            "von_email": von.email,
            "gueltig_tage": EINLADUNG_GUELTIG_TAGE,
            "link": f"{settings.SITE_URL}{einladung.get_absolute_url()}",
        },
    )
    return einladung


def _gehoert_adresse(user: User, email: str) -> bool:
    if _normal(user.email) == _normal(email):
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def annahme_hindernis(einladung: IdeeEinladung, user: User) -> str | None:
    if einladung.angenommen_am is not None:
        return "Diese Einladung wurde bereits angenommen."
    if einladung.abgelaufen:
        return (
            f"Diese Einladung ist am {timezone.localtime(einladung.gueltig_bis):%d.%m.%Y} "
            "abgelaufen. Bitten Sie um eine neue Einladung."
        )
    if not _gehoert_adresse(user, einladung.email):
        return (
            f"Diese Einladung gilt für die E-Mail-Adresse {einladung.email}, Sie sind aber als "
            f"{user.email} angemeldet."
        )
    if grund := regeln.einreichen_verwehrt(user):
        return grund
    if einladung.idee.status == Status.ZURUECKGEZOGEN:
        return "Die Idee wurde zurückgezogen."
    if (
        einladung.idee.eigentuemer_id == user.pk
        or einladung.idee.mitwirkende.filter(user=user).exists()
    ):
        return "Sie sind bereits an dieser Idee beteiligt."
    return None


@transaction.atomic
def einladung_annehmen(einladung: IdeeEinladung, user: User) -> Mitwirkende:
    einladung = (
        IdeeEinladung.objects.select_for_update().select_related("idee").get(pk=einladung.pk)
    )
    sperren(einladung.idee)
    if grund := annahme_hindernis(einladung, User.objects.get(pk=user.pk)):
        raise NichtMoeglich(grund)
    mitwirkende = Mitwirkende.objects.create(idee=einladung.idee, user=user)
    einladung.angenommen_am = timezone.now()
    einladung.save(update_fields=["angenommen_am"])
    protokollieren(einladung.idee, user, "Mitwirkende/r beigetreten")
    return mitwirkende


@transaction.atomic
def mitwirkende_entfernen(idee: Idee, durch: User, user: User) -> None:
    """The owner removes a co-entrant, or a co-entrant leaves. Nobody removes the owner."""
    idee = sperren(idee)
    if user.pk == idee.eigentuemer_id:
        raise NichtMoeglich("Die Person, die die Idee angelegt hat, kann nicht entfernt werden.")
    if durch.pk != user.pk and not regeln.ist_eigentuemer(durch, idee):
        raise NichtMoeglich(
            "Nur die Person, die die Idee angelegt hat, kann Mitwirkende entfernen."
        )
    geloescht, _ = idee.mitwirkende.filter(user=user).delete()
    if not geloescht:
        raise NichtMoeglich("Diese Person wirkt nicht an der Idee mit.")
    aktion = "Mitwirkende/r ausgetreten" if durch.pk == user.pk else "Mitwirkende/r entfernt"
    protokollieren(idee, durch, aktion)


# --- the jury's procedure (ideen.stufen) ---------------------------------------------------


def _stufe_wechseln(idee: Idee, akteur: User, name: str, text: str = "") -> Idee:
    uebergang = UEBERGAENGE[name]
    idee = sperren(idee)
    if not regeln.darf_stufe_setzen(akteur):
        raise NichtMoeglich("Nur die Geschäftsstelle kann über Ideen entscheiden.")
    if idee.status != Status.EINGEREICHT:
        raise NichtMoeglich(f"„{idee}“ ist {idee.get_status_display().lower()}.")
    if idee.stufe not in uebergang.von:
        raise NichtMoeglich(
            f"„{idee}“ ist in der Stufe „{idee.get_stufe_display()}“; "
            f"„{uebergang.bezeichnung}“ ist von dort aus nicht möglich."
        )
    if grund := regeln.bewertung_fehlt(idee):
        raise NichtMoeglich(grund)
    vorher = idee.get_stufe_display()
    idee.stufe = uebergang.nach
    idee.save(update_fields=["stufe", "geaendert"])
    protokollieren(
        idee, akteur, uebergang.bezeichnung, vorher, idee.get_stufe_display(), text[:2000]
    )
    return idee


@transaction.atomic
def in_vorauswahl(idee: Idee, akteur: User, text: str = "") -> Idee:
    """eingereicht → Vorauswahl (shortlist)."""
    return _stufe_wechseln(idee, akteur, "vorauswahl", text)


@transaction.atomic
def zum_pitch_einladen(idee: Idee, akteur: User, text: str = "") -> Idee:
    """Vorauswahl → zum Pitch eingeladen (finalist)."""
    return _stufe_wechseln(idee, akteur, "pitch", text)


@transaction.atomic
def auswaehlen(idee: Idee, akteur: User, text: str = "") -> Idee:
    """zum Pitch eingeladen → ausgewählt."""
    return _stufe_wechseln(idee, akteur, "auswaehlen", text)


@transaction.atomic
def nicht_auswaehlen(idee: Idee, akteur: User, text: str = "") -> Idee:
    """eingereicht, Vorauswahl or zum Pitch eingeladen → nicht ausgewählt."""
    return _stufe_wechseln(idee, akteur, "nicht_auswaehlen", text)


STUFE_SETZEN = {
    "vorauswahl": in_vorauswahl,
    "pitch": zum_pitch_einladen,
    "auswaehlen": auswaehlen,
    "nicht_auswaehlen": nicht_auswaehlen,
}


def bescheid_hindernis(idee: Idee) -> str | None:
    """Why no notice can be sent for the idea now (German), or None."""
    if idee.status != Status.EINGEREICHT:
        return f"„{idee}“ ist {idee.get_status_display().lower()}; es geht kein Bescheid hinaus."
    if idee.stufe not in BESCHEID_STUFEN:
        return f"Über „{idee}“ ist noch nichts entschieden (Stufe „{idee.get_stufe_display()}“)."
    if idee.bescheid_stufe == idee.stufe:
        return (
            f"Der Bescheid „{idee.get_stufe_display()}“ zu „{idee}“ wurde bereits am "
            f"{timezone.localtime(idee.bescheid_am):%d.%m.%Y} versendet."
        )
    return None


@transaction.atomic
def bescheid_versenden(idee: Idee, akteur: User, texte: dict[str, str]) -> Idee:
    """Tell the people of the idea (owner and co-entrants) its stage, once per stage and only
    for an invitation to the pitch or a decision; `texte` are the call's notice texts by
    stage (kept by the jury's side). Audited; the portal shows the stage from now on."""
    idee = sperren(idee)
    if not regeln.darf_stufe_setzen(akteur):
        raise NichtMoeglich("Nur die Geschäftsstelle versendet Bescheide.")
    if grund := bescheid_hindernis(idee):
        raise NichtMoeglich(grund)
    if grund := regeln.bewertung_fehlt(idee):
        raise NichtMoeglich(grund)
    idee.bescheid_stufe = idee.stufe
    idee.bescheid_am = timezone.now()
    idee.save(update_fields=["bescheid_stufe", "bescheid_am", "geaendert"])
    protokollieren(idee, akteur, "Bescheid versendet", neu=idee.get_stufe_display())
    mail_senden(
        empfaenger(idee),
        "idee_bescheid",
        {
            "idee": idee,
            "stufe": idee.get_stufe_display(),
            "bescheidtext": texte.get(idee.stufe, ""),
        },
    )
    return idee
