"""Status transitions of a Steckbrief.

The submitters' transitions have one function each here (vorläufig/final einreichen,
finalisieren, Rückfrage beantworten, zurückziehen): lock the row, check the member rule, the
transition table, phase and completeness, save, version, audit, e-mail after commit, in one
transaction. A final submission sends the signal `final_eingereicht` (bewertung assigns the
reviewers on it).

The transitions of the Verfahren (Bewertung beginnen/abschließen/wieder öffnen, Rückfrage
stellen, entscheiden) belong to bewertung: its services check who may, send the e-mails and
call `status_setzen` here, the one setter that locks, checks the table, saves and audits.
`bescheid_vermerken` records that the notice of a decision went out (bewertung releases and
mails it; not a status change)."""

from django.db import transaction
from django.utils import timezone

from kern.mail import mail_senden
from konten.models import User

from .fristen import frist_fuer
from .models import AuditEintrag, Entscheidung, Status, Steckbrief, SteckbriefVersion, VersionArt
from .pruefung import fehlende_angaben
from .regeln import NichtErlaubt, darf_status_aendern
from .signals import final_eingereicht, vorlaeufig_eingereicht, zurueckgezogen
from .versionen import momentaufnahme
from .zustaende import UEBERGAENGE, Durch, UngueltigerUebergang, pruefe_uebergang


def protokollieren(
    sb: Steckbrief, akteur: User | None, aktion: str, alt="", neu="", text=""
) -> AuditEintrag:
    return AuditEintrag.eintragen(sb, akteur, aktion, alt, neu, text)


def sperren(sb: Steckbrief) -> Steckbrief:
    """The Steckbrief row, locked until the end of the transaction, freshly read."""
    return (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer
        # join to handlungsfeld; only the Steckbrief row needs the lock.
        Steckbrief.objects.select_for_update(of=("self",))
        .select_related("organisation", "handlungsfeld")
        .get(pk=sb.pk)
    )


def _wechseln(
    sb: Steckbrief, name: str, akteur: User | None, text: str = "", alt: str = "", neu: str = ""
) -> Steckbrief:
    """Move the locked `sb` along the transition `name` of the table, save and audit (the
    audit shows the status labels unless `alt`/`neu` name what changed instead)."""
    u = pruefe_uebergang(sb.status, name)
    vorher = sb.status
    sb.status = u.nach
    sb.save(
        update_fields=[
            "status",
            "entscheidung",
            "vorlaeufig_eingereicht_am",
            "final_eingereicht_am",
            "geaendert",
        ]
    )
    protokollieren(
        sb, akteur, u.label, alt or Status(vorher).label, neu or Status(u.nach).label, text
    )
    return sb


def mail_empfaenger(sb: Steckbrief) -> list[str]:
    """Who hears about a Steckbrief: the members of its Organisation and its contact."""
    emails = list(sb.organisation.mitgliedschaften.values_list("user__email", flat=True))
    return emails + [sb.ansprechperson_email]


def _versionieren(sb: Steckbrief, art: str, akteur: User | None) -> SteckbriefVersion:
    return SteckbriefVersion.anlegen(sb, akteur, momentaufnahme(sb), art=art)


def _vollstaendig(sb: Steckbrief, final: bool) -> None:
    fehlt = fehlende_angaben(sb, final=final)
    if fehlt:
        raise UngueltigerUebergang(
            "Es fehlen noch Angaben: " + ", ".join(f.label for f in fehlt) + "."
        )


def _darf(sb: Steckbrief, akteur: User, name: str) -> None:
    """Submitter transitions are the members' own: the rule is checked here, not only in
    the views."""
    if not darf_status_aendern(akteur, sb):
        raise NichtErlaubt(
            f"„{UEBERGAENGE[name].label}“ steht nur den Mitgliedern der einreichenden Organisation zu."
        )


@transaction.atomic
def vorlaeufig_einreichen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = sperren(sb)
    _darf(sb, akteur, "vorlaeufig_einreichen")
    pruefe_uebergang(sb.status, "vorlaeufig_einreichen")
    if not frist_fuer(sb).darf_vorlaeufig_einreichen:
        raise UngueltigerUebergang(
            "Vorläufige Steckbriefe können nur in der Phase „vorläufiger Steckbrief“ eingereicht werden."
        )
    _vollstaendig(sb, final=False)
    sb.vorlaeufig_eingereicht_am = timezone.now()
    _wechseln(sb, "vorlaeufig_einreichen", akteur)
    version = _versionieren(sb, VersionArt.VORLAEUFIG, akteur)
    vorlaeufig_eingereicht.send(Steckbrief, steckbrief=sb, version=version, akteur=akteur)
    mail_senden(
        mail_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": False}
    )
    return sb


@transaction.atomic
def finalisierung_beginnen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = sperren(sb)
    _darf(sb, akteur, "finalisierung_beginnen")
    pruefe_uebergang(sb.status, "finalisierung_beginnen")
    frist = frist_fuer(sb)
    if frist.frist and frist.hinweis:
        raise UngueltigerUebergang(frist.hinweis)
    return _wechseln(sb, "finalisierung_beginnen", akteur)


@transaction.atomic
def final_einreichen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = sperren(sb)
    _darf(sb, akteur, "final_einreichen")
    pruefe_uebergang(sb.status, "final_einreichen")
    frist = frist_fuer(sb)
    if not frist.darf_final_einreichen:
        raise UngueltigerUebergang(
            frist.hinweis
            or "Finale Steckbriefe können nur in der Phase „finaler Steckbrief“ eingereicht werden."
        )
    _vollstaendig(sb, final=True)
    sb.final_eingereicht_am = timezone.now()
    _wechseln(sb, "final_einreichen", akteur)
    version = _versionieren(sb, VersionArt.FINAL, akteur)
    final_eingereicht.send(Steckbrief, steckbrief=sb, version=version, akteur=akteur)
    mail_senden(
        mail_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": True}
    )
    return sb


@transaction.atomic
def rueckfrage_beantworten(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = sperren(sb)
    _darf(sb, akteur, "rueckfrage_beantworten")
    pruefe_uebergang(sb.status, "rueckfrage_beantworten")
    _vollstaendig(sb, final=True)
    _wechseln(sb, "rueckfrage_beantworten", akteur)
    version = _versionieren(sb, VersionArt.RUECKFRAGE, akteur)
    final_eingereicht.send(Steckbrief, steckbrief=sb, version=version, akteur=akteur)
    mail_senden(
        mail_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": True}
    )
    return sb


@transaction.atomic
def zurueckziehen(sb: Steckbrief, akteur: User, grund: str = "") -> Steckbrief:
    sb = sperren(sb)
    _darf(sb, akteur, "zurueckziehen")
    sb = _wechseln(sb, "zurueckziehen", akteur, text=grund)
    zurueckgezogen.send(Steckbrief, steckbrief=sb, akteur=akteur)
    return sb


@transaction.atomic
def status_setzen(
    sb: Steckbrief,
    name: str,
    akteur: User | None,
    *,
    text: str = "",
    entscheidung: str | None = None,
) -> Steckbrief:
    """The one way the Verfahren (bewertung: reviewers, the Geschäftsstelle, the system)
    moves a Steckbrief: lock, check the transition table, save, audit. Who may do it and
    which e-mail goes out is decided by the caller, bewertung.services, one function per
    transition there. Submitter transitions are refused here (they have their own
    functions above, which check the member rule)."""
    u = UEBERGAENGE[name]
    if u.durch != Durch.VERFAHREN:
        raise ValueError(f"{name} ist ein Übergang der Einreichenden")
    sb = sperren(sb)
    alt = neu = ""
    if name == "entscheiden":
        entscheidung = Entscheidung(entscheidung)
        alt, neu = sb.get_entscheidung_display() or "–", entscheidung.label
        sb.entscheidung = entscheidung
    return _wechseln(sb, name, akteur, text=text, alt=alt, neu=neu)


@transaction.atomic
def bescheid_vermerken(sb: Steckbrief, akteur: User | None, text: str = "") -> Steckbrief | None:
    """Record that the notice of the current decision of `sb` goes to the submitters now
    (bewertung.services mails it: the release, or a correction after it). Not a status
    change: the decision stands, the notice communicates it. Returns None – and the caller
    mails nothing – when `sb` is not decided or the notice was recorded since the caller
    read it (a double click): the conditional UPDATE is the guard, also on SQLite."""
    sb = sperren(sb)
    bisher = sb.entscheidung_mitgeteilt_am
    jetzt = timezone.now()
    if sb.status != Status.ENTSCHIEDEN or not Steckbrief.objects.filter(
        pk=sb.pk, status=Status.ENTSCHIEDEN, entscheidung_mitgeteilt_am=bisher
    ).update(entscheidung_mitgeteilt_am=jetzt, geaendert=jetzt):
        return None
    sb.entscheidung_mitgeteilt_am = jetzt
    protokollieren(
        sb,
        akteur,
        "Bescheid versendet",
        f"versendet am {timezone.localtime(bisher):%d.%m.%Y %H:%M}" if bisher else "–",
        f"{sb.get_entscheidung_display()}, versendet am {timezone.localtime(jetzt):%d.%m.%Y %H:%M}",
        text,
    )
    return sb


@transaction.atomic
def verlaengerung_setzen(sb: Steckbrief, akteur: User, bis) -> Steckbrief:
    """Set the individual extension of the final deadline of one Steckbrief (the
    Geschäftsstelle's decision: bewertung.services.frist_verlaengern)."""
    sb = sperren(sb)
    alt = sb.verlaengert_bis
    sb.verlaengert_bis = bis
    sb.save(update_fields=["verlaengert_bis", "geaendert"])
    protokollieren(
        sb,
        akteur,
        "Frist verlängert",
        f"{alt:%d.%m.%Y}" if alt else "–",
        f"{bis:%d.%m.%Y}" if bis else "–",
    )
    return sb
