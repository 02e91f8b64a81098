"""Who may see and do what in the Bewertung – explicit rule functions.

`NichtErlaubt` is steckbriefe.regeln's (one exception for "not allowed" in the portal).

- The Geschäftsstelle (and the superuser) sees every Steckbrief and every Bewertung and
  steers: assigns, reopens, decides, grants extensions, sends reminders.
- A Wirtschaftsförderung (role + Gebietskörperschaft on the user) acts for its
  Gebietskörperschaft: it sees the submitted Steckbriefe of its area (its
  Gebietskörperschaft or „gesamte Region“) and those assigned to it, and only its own
  Bewertungen; of the others only the finalised ones, never a draft, and only after
  finalising its own (setting BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS).
- A person assigned by name (Zuweisung.pruefer) sees and scores that Steckbrief.
- Everybody else sees nothing.

Scoring needs an own, non-befangen Zuweisung, a Steckbrief in a scorable status and the
Bewertung phase open (or the Zuweisung's extension, or the Geschäftsstelle). While a
Rückfrage is open a draft may be saved but not finalised: the answer may change the content.

A decision needs a fully reviewed Steckbrief (`bewertung_offen`), else an explicit,
justified exception; its notice is released separately (`bescheid_nicht_versendbar`).

Nobody reviews their own project (`eigenes_projekt`): a person who belongs to the submitting
Organisation, created or last edited the Steckbrief, or is named as its contact person (one
of their e-mail addresses, case-insensitive) never scores it, finalises it, asks back or
sees the others' scores as its reviewer – checked whenever they act, so a conflict that
arises after the assignment blocks as well. For a Zuweisung to a Wirtschaftsförderung only
that person is blocked; the colleagues score. bewertung.services records the conflict on
new Zuweisungen (`automatische_befangenheit`) for the Geschäftsstelle to see."""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from handlungsfelder.models import PhaseCode
from handlungsfelder.phasen import prozessstand
from konten.models import Mitgliedschaft, Rolle, User
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from steckbriefe.regeln import NichtErlaubt
from steckbriefe.zustaende import UEBERGAENGE

from .models import Bewertung, Zuweisung

# Statuses in which a Steckbrief can be scored; a pending Rückfrage does not stop drafts.
BEWERTBAR = frozenset({Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.RUECKFRAGE})
# Statuses from which Zuweisungen are made (the Steckbrief was finally submitted).
ZUWEISBAR = frozenset(
    {
        Status.FINAL_EINGEREICHT,
        Status.IN_BEWERTUNG,
        Status.RUECKFRAGE,
        Status.BEWERTET,
        Status.ENTSCHIEDEN,
    }
)
# Audit entries that reveal another reviewer's scores: of a draft (never shown to other
# reviewers) and of a finalised Bewertung (shown as the Bewertung itself is).
ENTWURF_AKTIONEN = frozenset({"Bewertung geändert"})
VERTRAULICHE_AKTIONEN = ENTWURF_AKTIONEN | {"Bewertung abgeschlossen"}


# --- own projects ------------------------------------------------------------------------

MITGLIED = "Mitglied der einreichenden Organisation"
ANGELEGT = "hat den Steckbrief angelegt"
BEARBEITET = "hat den Steckbrief zuletzt bearbeitet"
ANSPRECHPERSON = "als Ansprechperson des Steckbriefs genannt"


def mit_eigenem_projekt(qs: QuerySet[Steckbrief], user) -> QuerySet[Steckbrief]:
    """`qs` with what eigenes_projekt() needs from the database for `user`, read in the same
    query (bezug_fuer, bezug_organisation, bezug_adresse): a page that loads its Steckbrief
    this way asks the rule without another query."""
    if getattr(user, "pk", None) is None:
        return qs
    return qs.annotate(
        bezug_fuer=Value(user.pk, output_field=IntegerField()),
        bezug_organisation=Exists(
            Mitgliedschaft.objects.filter(
                user_id=user.pk, organisation_id=OuterRef("organisation_id")
            )
        ),
        bezug_adresse=Exists(
            EmailAddress.objects.filter(
                user_id=user.pk, email__iexact=OuterRef("ansprechperson_email")
            )
        ),
    )


def _bezug(user, sb: Steckbrief) -> tuple[bool, bool]:
    """(member of the submitting Organisation, one of the user's further addresses is the
    contact's): from the annotations of mit_eigenem_projekt if `sb` carries them for
    `user`, else one query."""
    if getattr(sb, "bezug_fuer", None) == user.pk:
        return sb.bezug_organisation, sb.bezug_adresse
    zeile = (
        mit_eigenem_projekt(Steckbrief.objects.filter(pk=sb.pk), user)
        .values_list("bezug_organisation", "bezug_adresse")
        .first()
    )
    return zeile or (False, False)


def eigenes_projekt(user, sb: Steckbrief) -> str | None:
    """Why `sb` is `user`'s own project (German, e.g. „Mitglied der einreichenden
    Organisation“), or None. Partners are free text and not compared."""
    if getattr(user, "pk", None) is None:
        return None
    mitglied, adresse = _bezug(user, sb)
    if mitglied:
        return MITGLIED
    if sb.erstellt_von_id == user.pk:
        return ANGELEGT
    if sb.zuletzt_bearbeitet_von_id == user.pk:
        return BEARBEITET
    kontakt = (sb.ansprechperson_email or "").strip().lower()
    if kontakt and (adresse or kontakt == (user.email or "").strip().lower()):
        return ANSPRECHPERSON
    return None


def eigene_projekt_gruende(paare) -> dict[tuple[int, int], str]:
    """eigenes_projekt for many (user, Steckbrief) pairs in two queries (memberships and
    further e-mail addresses of the users): {(user pk, Steckbrief pk): reason} for the
    pairs where it is the user's own project. The same checks in the same order."""
    paare = [(u, sb) for u, sb in paare if getattr(u, "pk", None) is not None]
    if not paare:
        return {}
    user_ids = {u.pk for u, _ in paare}
    mitglied = set(
        Mitgliedschaft.objects.filter(
            user_id__in=user_ids, organisation_id__in={sb.organisation_id for _, sb in paare}
        ).values_list("user_id", "organisation_id")
    )
    adressen: dict[int, set[str]] = {}
    for user_id, email in EmailAddress.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "email"
    ):
        adressen.setdefault(user_id, set()).add(email.strip().lower())
    gruende = {}
    for u, sb in paare:
        kontakt = (sb.ansprechperson_email or "").strip().lower()
        if (u.pk, sb.organisation_id) in mitglied:
            grund = MITGLIED
        elif sb.erstellt_von_id == u.pk:
            grund = ANGELEGT
        elif sb.zuletzt_bearbeitet_von_id == u.pk:
            grund = BEARBEITET
        elif kontakt and (
            kontakt in adressen.get(u.pk, ()) or kontakt == (u.email or "").strip().lower()
        ):
            grund = ANSPRECHPERSON
        else:
            continue
        gruende[(u.pk, sb.pk)] = grund
    return gruende


def eigene_projekte(user) -> QuerySet[Steckbrief]:
    """The Steckbriefe that are `user`'s own projects (as eigenes_projekt, set-based)."""
    if getattr(user, "pk", None) is None:
        return Steckbrief.objects.none()
    return mit_eigenem_projekt(Steckbrief.objects.all(), user).filter(
        Q(erstellt_von_id=user.pk)
        | Q(zuletzt_bearbeitet_von_id=user.pk)
        | Q(bezug_organisation=True)
        | (
            ~Q(ansprechperson_email="")
            & (Q(ansprechperson_email__iexact=user.email) | Q(bezug_adresse=True))
        )
    )


def eigenes_projekt_meldung(grund: str, zuweisung: Zuweisung | None = None) -> str:
    """The German notice for a reviewer whose own project the Steckbrief is (`grund` from
    eigenes_projekt)."""
    text = (
        f"Dieser Steckbrief ist Ihr eigenes Projekt ({grund}). Sie können ihn nicht "
        "bewerten und sehen die Bewertungen der anderen nicht."
    )
    if zuweisung is not None and zuweisung.gebietskoerperschaft_id is not None:
        text += (
            " Andere Personen Ihrer Wirtschaftsförderung, die nicht befangen sind, können "
            "ihn bewerten."
        )
    return text


def personen_der_wirtschaftsfoerderung(gebietskoerperschaft_id) -> QuerySet[User]:
    """The active users who act for the Wirtschaftsförderung of a Gebietskörperschaft."""
    return User.objects.filter(
        is_active=True,
        gebietskoerperschaft_id=gebietskoerperschaft_id,
        groups__name=Rolle.WIRTSCHAFTSFOERDERUNG.value,
    ).distinct()


def _personen(zuweisung: Zuweisung) -> list[User]:
    if zuweisung.pruefer_id is not None:
        return [zuweisung.pruefer]
    return list(personen_der_wirtschaftsfoerderung(zuweisung.gebietskoerperschaft_id))


def _befangene(zuweisung: Zuweisung, personen: list[User]) -> list[tuple[User, str]]:
    sb = zuweisung.steckbrief
    return [(p, grund) for p in personen if (grund := eigenes_projekt(p, sb))]


def befangene_personen(zuweisung: Zuweisung) -> list[tuple[User, str]]:
    """The persons of `zuweisung` whose own project its Steckbrief is, with the reason:
    the person named, or the conflicted active users of the Wirtschaftsförderung."""
    return _befangene(zuweisung, _personen(zuweisung))


# The start of befangen_grund when the system recorded the Befangenheit.
AUTOMATISCH = "automatisch:"


def automatisch_befangen(zuweisung: Zuweisung) -> bool:
    """Befangenheit recorded by the system (not declared by a person)."""
    return zuweisung.ist_befangen and zuweisung.befangen_grund.startswith(AUTOMATISCH)


@dataclass(frozen=True)
class Befund:
    """The conflicts of a Zuweisung: the conflicted persons with their reason, and the
    reason to record Befangenheit on the Zuweisung itself (None: others can score)."""

    personen: list[tuple[User, str]]
    grund: str | None


def automatische_befangenheit(zuweisung: Zuweisung) -> Befund:
    """Whether `zuweisung` is befangen by itself: the person named is conflicted, or every
    active user of the Wirtschaftsförderung is. If only some are, only they are blocked
    (at scoring time, pruefe_bewerten) and the others score."""
    personen = _personen(zuweisung)
    befangen = _befangene(zuweisung, personen)
    if not befangen or len(befangen) < len(personen):
        return Befund(befangen, None)
    if zuweisung.pruefer_id is not None:
        return Befund(befangen, befangen[0][1])
    return Befund(
        befangen,
        "alle aktiven Personen der Wirtschaftsförderung befangen: "
        + "; ".join(f"{p} ({grund})" for p, grund in befangen),
    )


# --- steering, scope ---------------------------------------------------------------------


def darf_steuern(user) -> bool:
    """Assign, reopen, decide, extend deadlines, see ranking and progress."""
    return ist_geschaeftsstelle(user)


def pruefe_steuern(user, sb: Steckbrief) -> None:
    """Raise NichtErlaubt unless `user` may steer `sb`: the Geschäftsstelle, and never a
    project of its own (a member of the Geschäftsstelle whom it granted to submit, or who is
    named in the Steckbrief, leaves decisions, deadlines and reviewers of it to a colleague)."""
    if not darf_steuern(user):
        raise NichtErlaubt("Nur die Geschäftsstelle kann das.")
    if grund := eigenes_projekt(user, sb):
        raise NichtErlaubt(
            f"„{sb}“ ist Ihr eigenes Vorhaben ({grund}); Entscheidungen, Fristen und "
            "Zuweisungen dazu trifft eine Kollegin oder ein Kollege der Geschäftsstelle."
        )


def zuweisungen_fuer(user) -> QuerySet[Zuweisung]:
    """The Zuweisungen through which `user` reviews: by name, or for the Gebietskörperschaft
    of their Wirtschaftsförderung."""
    if not ist_aktiv(user):
        return Zuweisung.objects.none()
    bedingung = Q(pruefer_id=user.pk)
    if user.ist_wirtschaftsfoerderung:
        bedingung |= Q(gebietskoerperschaft_id=user.gebietskoerperschaft_id)
    return Zuweisung.objects.filter(bedingung)


def steckbriefe_fuer(user) -> QuerySet[Steckbrief]:
    """Steckbriefe the user may see in the admin (and as a reviewer in the portal)."""
    if not ist_aktiv(user):
        return Steckbrief.objects.none()
    if user.ist_geschaeftsstelle:
        return Steckbrief.objects.all()
    bedingung = Exists(zuweisungen_fuer(user).filter(steckbrief=OuterRef("pk")))
    if user.ist_wirtschaftsfoerderung:
        im_gebiet = Exists(
            Steckbrief.gebietskoerperschaften.through.objects.filter(
                steckbrief=OuterRef("pk"), gebietskoerperschaft_id=user.gebietskoerperschaft_id
            )
        )
        bedingung |= (Q(gesamte_region=True) | im_gebiet) & ~Q(status=Status.ENTWURF)
    return Steckbrief.objects.filter(bedingung)


def pruefsicht(user) -> QuerySet[Steckbrief] | None:
    """The reviewers' view for the portal's Steckbrief pages (registered with
    steckbriefe.regeln.pruefsicht_registrieren in BewertungConfig.ready): staff and
    Wirtschaftsförderungen see what steckbriefe_fuer grants them; others are no reviewers."""
    if not (getattr(user, "is_staff", False) or getattr(user, "ist_wirtschaftsfoerderung", False)):
        return None
    return steckbriefe_fuer(user)


def darf_sehen(user, sb: Steckbrief) -> bool:
    return steckbriefe_fuer(user).filter(pk=sb.pk).exists()


def bewertungen_fuer(user) -> QuerySet[Bewertung]:
    """The Bewertungen listed for the user: all for the Geschäftsstelle, else their own –
    not those of their own projects (scored by their colleagues)."""
    if ist_geschaeftsstelle(user):
        return Bewertung.objects.all()
    return Bewertung.objects.filter(zuweisung__in=zuweisungen_fuer(user)).exclude(
        zuweisung__steckbrief__in=eigene_projekte(user).values("pk")
    )


def zuweisung_fuer(user, sb: Steckbrief) -> Zuweisung | None:
    """The user's own Zuweisung for `sb` (a Zuweisung by name before one for the area)."""
    kandidaten = list(
        zuweisungen_fuer(user)
        .filter(steckbrief=sb)
        .select_related("gebietskoerperschaft", "pruefer")
    )
    kandidaten.sort(key=lambda z: z.pruefer_id is None)
    return kandidaten[0] if kandidaten else None


def ist_eigene(user, zuweisung: Zuweisung) -> bool:
    if not ist_aktiv(user):
        return False
    if zuweisung.pruefer_id is not None:
        return zuweisung.pruefer_id == user.pk
    return (
        user.ist_wirtschaftsfoerderung
        and zuweisung.gebietskoerperschaft_id == user.gebietskoerperschaft_id
    )


# Inside phase_einmal_lesen(): the phases already read, by day.
_gelesene_phasen: ContextVar[dict | None] = ContextVar("gelesene_phasen", default=None)


@contextmanager
def phase_einmal_lesen():
    """Within the block the Bewertung phase is read once: for one page that asks several
    rules (scoring page: may score? may ask back?)."""
    token = _gelesene_phasen.set({})
    try:
        yield
    finally:
        _gelesene_phasen.reset(token)


def bewertungsphase(heute: datetime.date | None = None):
    gelesen = _gelesene_phasen.get()
    if gelesen is None:
        return prozessstand(heute).phase(PhaseCode.BEWERTUNG)
    heute = heute or timezone.localdate()
    if heute not in gelesen:
        gelesen[heute] = prozessstand(heute).phase(PhaseCode.BEWERTUNG)
    return gelesen[heute]


def bewertungsphase_offen(heute: datetime.date | None = None) -> bool:
    phase = bewertungsphase(heute)
    return phase is not None and phase.ist_offen(heute)


def pruefe_bewerten(user, zuweisung: Zuweisung, heute: datetime.date | None = None) -> None:
    """Raise NichtErlaubt unless `user` may score through `zuweisung` now."""
    heute = heute or timezone.localdate()
    if not ist_eigene(user, zuweisung) or not user.has_perm("bewertung.change_bewertung"):
        raise NichtErlaubt("Dieser Steckbrief ist Ihnen nicht zur Bewertung zugewiesen.")
    if zuweisung.ist_befangen:
        raise NichtErlaubt(
            "Für diesen Steckbrief wurde Befangenheit erklärt; er kann von Ihnen nicht "
            "bewertet werden."
        )
    sb = zuweisung.steckbrief
    if grund := eigenes_projekt(user, sb):
        raise NichtErlaubt(eigenes_projekt_meldung(grund, zuweisung))
    if sb.status not in BEWERTBAR:
        raise NichtErlaubt(
            f"Im Status „{sb.get_status_display()}“ kann der Steckbrief nicht bewertet werden."
        )
    if user.ist_geschaeftsstelle:
        return
    if zuweisung.bewertbar_bis and heute <= zuweisung.bewertbar_bis:
        return
    phase = bewertungsphase(heute)
    if phase is None or not phase.ist_offen(heute):
        zeitraum = f" ({phase.beginn:%d.%m.%Y}–{phase.ende:%d.%m.%Y})" if phase else ""
        raise NichtErlaubt(
            f"Bewertungen sind nur in der Bewertungsphase{zeitraum} möglich. Für eine "
            "Nachfrist wenden Sie sich an die Geschäftsstelle."
        )


RUECKFRAGE_OFFEN = (
    "Solange die Rückfrage an die Einreichenden offen ist, kann die Bewertung nicht "
    "abgeschlossen werden: Die Antwort kann den Steckbrief noch ändern. Ihren Entwurf können "
    "Sie weiter speichern."
)


def pruefe_abschliessen(sb: Steckbrief) -> None:
    """Raise NichtErlaubt while a Rückfrage of `sb` is open (its answer reopens the
    finalised Bewertungen anyway)."""
    if sb.status == Status.RUECKFRAGE:
        raise NichtErlaubt(RUECKFRAGE_OFFEN)


def darf_bewerten(user, zuweisung: Zuweisung | None, heute: datetime.date | None = None) -> bool:
    if zuweisung is None:
        return False
    try:
        pruefe_bewerten(user, zuweisung, heute)
    except NichtErlaubt:
        return False
    return True


def pruefe_befangenheit(user, zuweisung: Zuweisung) -> None:
    if not ist_eigene(user, zuweisung):
        raise NichtErlaubt("Dieser Steckbrief ist Ihnen nicht zur Bewertung zugewiesen.")
    if zuweisung.ist_befangen:
        raise NichtErlaubt("Die Befangenheit ist bereits erklärt.")
    if zuweisung.pruefer_id is None and (grund := eigenes_projekt(user, zuweisung.steckbrief)):
        # Declared for the Wirtschaftsförderung it would block the colleagues as well.
        raise NichtErlaubt(eigenes_projekt_meldung(grund, zuweisung))
    bewertung = getattr(zuweisung, "bewertung", None)
    if bewertung is not None and bewertung.ist_abgeschlossen:
        raise NichtErlaubt(
            "Ihre Bewertung ist bereits abgeschlossen. Bitte wenden Sie sich an die "
            "Geschäftsstelle, die sie wieder öffnen kann."
        )


def pruefe_rueckfrage(user, sb: Steckbrief, zuweisung: Zuweisung | None) -> None:
    """Reviewers ask while their own Bewertung is open; the Geschäftsstelle always."""
    if ist_geschaeftsstelle(user):
        return
    if zuweisung is None:
        raise NichtErlaubt("Dieser Steckbrief ist Ihnen nicht zur Bewertung zugewiesen.")
    pruefe_bewerten(user, zuweisung)
    bewertung = getattr(zuweisung, "bewertung", None)
    if bewertung is not None and bewertung.ist_abgeschlossen:
        raise NichtErlaubt("Ihre Bewertung ist abgeschlossen; Rückfragen sind nicht mehr möglich.")


def darf_andere_sehen(user, eigene: Bewertung | None, sb: Steckbrief | None = None) -> bool:
    """See the Bewertungen of the other reviewers of a Steckbrief (`sb`: never of one's
    own project)."""
    if ist_geschaeftsstelle(user):
        return True
    if sb is not None and eigenes_projekt(user, sb):
        return False
    if not settings.BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS:
        return True
    return eigene is not None and eigene.ist_abgeschlossen


def andere_bewertungen(
    user, bewertungen, eigene: Bewertung | None, sb: Steckbrief | None = None
) -> list[Bewertung]:
    """Of `bewertungen` (of one Steckbrief), the others' that `user` may see: all for the
    Geschäftsstelle; for reviewers (darf_andere_sehen) only the finalised ones – a draft
    of another reviewer, its partial score and its comment are never shown."""
    if not darf_andere_sehen(user, eigene, sb):
        return []
    andere = [b for b in bewertungen if eigene is None or b.pk != eigene.pk]
    if ist_geschaeftsstelle(user):
        return andere
    return [b for b in andere if b.ist_abgeschlossen]


def protokoll_fuer(user, sb: Steckbrief, eigene: Bewertung | None) -> QuerySet[AuditEintrag]:
    """Audit entries of `sb` the user may read: all for the Geschäftsstelle; reviewers never
    see the draft changes of others, the finalisations of others only once they may see
    the others' Bewertungen (darf_andere_sehen), and in their own project not even their
    colleagues'."""
    eintraege = AuditEintrag.objects.filter(steckbrief=sb).select_related("akteur")
    if ist_geschaeftsstelle(user):
        return eintraege
    eigene_leute = Q(akteur_id=user.pk)
    if user.ist_wirtschaftsfoerderung and not eigenes_projekt(user, sb):
        eigene_leute |= Q(akteur__gebietskoerperschaft_id=user.gebietskoerperschaft_id)
    verborgen = ENTWURF_AKTIONEN if darf_andere_sehen(user, eigene, sb) else VERTRAULICHE_AKTIONEN
    return eintraege.filter(~Q(aktion__in=verborgen) | eigene_leute)


# --- exchange among the reviewers ------------------------------------------------------------


def austausch_hindernis(user, sb: Steckbrief, zuweisung: Zuweisung | None) -> str | None:
    """Why `user` may not read and write the exchange about `sb` (German), or None: the
    Geschäftsstelle may; a reviewer only through an own, non-befangen Zuweisung
    (`zuweisung`: regeln.zuweisung_fuer) and never in an own project. Submitters and
    reviewers of Steckbriefe not assigned to them never see it."""
    if ist_geschaeftsstelle(user):
        return None
    if zuweisung is None or not ist_eigene(user, zuweisung):
        return "Der Austausch steht nur den Prüfenden dieses Steckbriefs offen."
    if zuweisung.ist_befangen:
        return "Für diesen Steckbrief wurde Befangenheit erklärt; der Austausch ist Ihnen verschlossen."
    if grund := eigenes_projekt(user, sb):
        return eigenes_projekt_meldung(grund, zuweisung)
    return None


# --- decision and notice -------------------------------------------------------------------


def bewertung_offen(gesamt: int, abgeschlossen: int) -> str | None:
    """Why a Steckbrief with `gesamt` non-befangen Zuweisungen, `abgeschlossen` of them with a
    finalised Bewertung, is not fully reviewed (German), or None. No Zuweisung (or only
    befangene) means no review at all."""
    if not gesamt:
        return "keine Bewertung: keine (nicht befangene) Zuweisung"
    if abgeschlossen < gesamt:
        return f"{abgeschlossen} von {gesamt} Bewertungen abgeschlossen"
    return None


def bescheid_nicht_versendbar(sb: Steckbrief) -> str | None:
    """Why the decision notice of `sb` cannot be released now (German), or None: only a
    decided Steckbrief whose current decision has not been mailed yet. A withdrawn one is
    never mailed a decision."""
    if sb.status == Status.ZURUECKGEZOGEN:
        return "zurückgezogen: Es wird kein Bescheid versendet."
    if sb.status != Status.ENTSCHIEDEN:
        return f"noch nicht entschieden (Status „{sb.get_status_display()}“)."
    if sb.entscheidung_mitgeteilt_am is not None:
        am = timezone.localtime(sb.entscheidung_mitgeteilt_am)
        return f"Bescheid bereits am {am:%d.%m.%Y um %H:%M} Uhr versendet."
    return None


def entscheidbar(sb: Steckbrief) -> bool:
    """The transition table allows a decision (or its correction) in the status of `sb`."""
    return sb.status in UEBERGAENGE["entscheiden"].von


# Every rule, for tests and documentation: name → function.
REGELN = {
    "steckbriefe_fuer": steckbriefe_fuer,
    "bewertungen_fuer": bewertungen_fuer,
    "zuweisungen_fuer": zuweisungen_fuer,
    "darf_sehen": darf_sehen,
    "darf_bewerten": darf_bewerten,
    "darf_andere_sehen": darf_andere_sehen,
    "darf_steuern": darf_steuern,
    "pruefe_steuern": pruefe_steuern,
    "pruefe_bewerten": pruefe_bewerten,
    "pruefe_befangenheit": pruefe_befangenheit,
    "pruefe_rueckfrage": pruefe_rueckfrage,
    "protokoll_fuer": protokoll_fuer,
    "andere_bewertungen": andere_bewertungen,
    "pruefe_abschliessen": pruefe_abschliessen,
    "bewertung_offen": bewertung_offen,
    "austausch_hindernis": austausch_hindernis,
    "bescheid_nicht_versendbar": bescheid_nicht_versendbar,
    "entscheidbar": entscheidbar,
    "eigenes_projekt": eigenes_projekt,
    "eigene_projekte": eigene_projekte,
    "eigene_projekt_gruende": eigene_projekt_gruende,
    "befangene_personen": befangene_personen,
    "automatische_befangenheit": automatische_befangenheit,
}
