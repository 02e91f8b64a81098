"""Status transitions of a Steckbrief: one function per transition.

Each function locks the row, checks the transition table and the rules (phase, completeness,
role), saves, writes the audit entry and schedules e-mails (after commit) in one
transaction. Views, admin actions and tasks call these functions and nothing else to
change a status."""

from django.db import transaction
from django.utils import timezone

from kern.mail import mail_senden
from konten.models import User

from .fristen import frist_fuer
from .models import AuditEintrag, Entscheidung, Status, Steckbrief, SteckbriefVersion, VersionArt
from .pruefung import fehlende_angaben
from .versionen import momentaufnahme
from .zustaende import UngueltigerUebergang, pruefe_uebergang


def protokollieren(
    sb: Steckbrief, akteur: User | None, aktion: str, alt="", neu="", text=""
) -> AuditEintrag:
    return AuditEintrag.objects.create(
        steckbrief=sb, akteur=akteur, aktion=aktion, alt=str(alt), neu=str(neu), text=text
    )


def _sperren(sb: Steckbrief) -> Steckbrief:
    return (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer
        # join to handlungsfeld; only the Steckbrief row needs the lock.
        Steckbrief.objects.select_for_update(of=("self",))
        .select_related("organisation", "handlungsfeld")
        .get(pk=sb.pk)
    )


def _wechseln(sb: Steckbrief, name: str, akteur: User | None, text: str = "") -> Steckbrief:
    u = pruefe_uebergang(sb.status, name)
    alt = sb.status
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
    protokollieren(sb, akteur, u.label, Status(alt).label, Status(u.nach).label, text)
    return sb


def _empfaenger(sb: Steckbrief) -> list[str]:
    emails = list(sb.organisation.mitgliedschaften.values_list("user__email", flat=True))
    return emails + [sb.ansprechperson_email]


def _versionieren(sb: Steckbrief, art: str, akteur: User | None) -> SteckbriefVersion:
    letzte = sb.versionen.order_by("-nummer").values_list("nummer", flat=True).first() or 0
    return SteckbriefVersion.objects.create(
        steckbrief=sb, nummer=letzte + 1, art=art, erstellt_von=akteur, daten=momentaufnahme(sb)
    )


def _vollstaendig(sb: Steckbrief, final: bool) -> None:
    fehlt = fehlende_angaben(sb, final=final)
    if fehlt:
        raise UngueltigerUebergang(
            "Es fehlen noch Angaben: " + ", ".join(f.label for f in fehlt) + "."
        )


def _zuweisen(sb: Steckbrief) -> None:
    """Assign the final Steckbrief to its reviewers (bewertung.services.zuweisen)."""
    from bewertung.services import zuweisen

    zuweisen(sb)


@transaction.atomic
def vorlaeufig_einreichen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = _sperren(sb)
    pruefe_uebergang(sb.status, "vorlaeufig_einreichen")
    if not frist_fuer(sb).darf_vorlaeufig_einreichen:
        raise UngueltigerUebergang(
            "Vorläufige Steckbriefe können nur in der Phase „vorläufiger Steckbrief“ eingereicht werden."
        )
    _vollstaendig(sb, final=False)
    sb.vorlaeufig_eingereicht_am = timezone.now()
    _wechseln(sb, "vorlaeufig_einreichen", akteur)
    version = _versionieren(sb, VersionArt.VORLAEUFIG, akteur)
    mail_senden(_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": False})
    return sb


@transaction.atomic
def finalisierung_beginnen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = _sperren(sb)
    pruefe_uebergang(sb.status, "finalisierung_beginnen")
    frist = frist_fuer(sb)
    if frist.frist and frist.hinweis:
        raise UngueltigerUebergang(frist.hinweis)
    return _wechseln(sb, "finalisierung_beginnen", akteur)


@transaction.atomic
def final_einreichen(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = _sperren(sb)
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
    _zuweisen(sb)
    mail_senden(_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": True})
    return sb


@transaction.atomic
def bewertung_beginnen(sb: Steckbrief, akteur: User | None) -> Steckbrief:
    sb = _sperren(sb)
    return _wechseln(sb, "bewertung_beginnen", akteur)


@transaction.atomic
def rueckfrage_stellen(sb: Steckbrief, akteur: User, frage: str) -> Steckbrief:
    frage = (frage or "").strip()
    if not frage:
        raise UngueltigerUebergang("Bitte formulieren Sie die Rückfrage an die Einreichenden.")
    sb = _sperren(sb)
    _wechseln(sb, "rueckfrage_stellen", akteur, text=frage)
    mail_senden(_empfaenger(sb), "rueckfrage", {"steckbrief": sb, "frage": frage})
    return sb


@transaction.atomic
def rueckfrage_beantworten(sb: Steckbrief, akteur: User) -> Steckbrief:
    sb = _sperren(sb)
    pruefe_uebergang(sb.status, "rueckfrage_beantworten")
    _vollstaendig(sb, final=True)
    _wechseln(sb, "rueckfrage_beantworten", akteur)
    version = _versionieren(sb, VersionArt.RUECKFRAGE, akteur)
    _zuweisen(sb)
    mail_senden(_empfaenger(sb), "eingang", {"steckbrief": sb, "version": version, "final": True})
    return sb


@transaction.atomic
def bewertung_abschliessen(sb: Steckbrief, akteur: User | None) -> Steckbrief:
    sb = _sperren(sb)
    return _wechseln(sb, "bewertung_abschliessen", akteur)


@transaction.atomic
def bewertung_wieder_oeffnen(sb: Steckbrief, akteur: User | None, grund: str = "") -> Steckbrief:
    sb = _sperren(sb)
    return _wechseln(sb, "bewertung_wieder_oeffnen", akteur, text=grund)


@transaction.atomic
def entscheiden(sb: Steckbrief, akteur: User, entscheidung: str, begruendung: str) -> Steckbrief:
    entscheidung = Entscheidung(entscheidung)
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise UngueltigerUebergang("Bitte begründen Sie die Entscheidung.")
    sb = _sperren(sb)
    pruefe_uebergang(sb.status, "entscheiden")
    alt = sb.get_entscheidung_display() or "–"
    sb.entscheidung = entscheidung
    sb.status = Status.ENTSCHIEDEN
    sb.save(update_fields=["status", "entscheidung", "geaendert"])
    protokollieren(sb, akteur, "Entscheidung festhalten", alt, entscheidung.label, begruendung)
    mail_senden(
        _empfaenger(sb),
        "entscheidung",
        {"steckbrief": sb, "entscheidung": entscheidung.label, "begruendung": begruendung},
    )
    return sb


@transaction.atomic
def zurueckziehen(sb: Steckbrief, akteur: User, grund: str = "") -> Steckbrief:
    sb = _sperren(sb)
    return _wechseln(sb, "zurueckziehen", akteur, text=grund)


@transaction.atomic
def frist_verlaengern(sb: Steckbrief, akteur: User, bis) -> Steckbrief:
    """Geschäftsstelle grants one Steckbrief an extension of the final deadline."""
    sb = _sperren(sb)
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
