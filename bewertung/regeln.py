"""Who may see and do what in the Bewertung – explicit rule functions.

`NichtErlaubt` is steckbriefe.regeln's (one exception for "not allowed" in the portal).

- The Geschäftsstelle (and the superuser) sees every Steckbrief and every Bewertung and
  steers: assigns, reopens, decides, grants extensions, sends reminders.
- A Wirtschaftsförderung (role + Gebietskörperschaft on the user) acts for its
  Gebietskörperschaft: it sees the submitted Steckbriefe of its area (its
  Gebietskörperschaft or „gesamte Region“) and those assigned to it, and only its own
  Bewertungen; the Bewertungen of others only after finalising its own (setting
  BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS).
- A person assigned by name (Zuweisung.pruefer) sees and scores that Steckbrief.
- Everybody else sees nothing.

Scoring needs an own, non-befangen Zuweisung, a Steckbrief in a scorable status and the
Bewertung phase open (or the Zuweisung's extension, or the Geschäftsstelle)."""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from handlungsfelder.models import PhaseCode
from handlungsfelder.phasen import prozessstand
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from steckbriefe.regeln import NichtErlaubt

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
# Audit entries that reveal another reviewer's scores.
VERTRAULICHE_AKTIONEN = frozenset({"Bewertung geändert", "Bewertung abgeschlossen"})


def darf_steuern(user) -> bool:
    """Assign, reopen, decide, extend deadlines, see ranking and progress."""
    return ist_geschaeftsstelle(user)


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
    """The Bewertungen listed for the user: all for the Geschäftsstelle, else their own."""
    if ist_geschaeftsstelle(user):
        return Bewertung.objects.all()
    return Bewertung.objects.filter(zuweisung__in=zuweisungen_fuer(user))


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


def darf_andere_sehen(user, eigene: Bewertung | None) -> bool:
    """See the Bewertungen of the other reviewers of a Steckbrief."""
    if ist_geschaeftsstelle(user):
        return True
    if not settings.BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS:
        return True
    return eigene is not None and eigene.ist_abgeschlossen


def protokoll_fuer(user, sb: Steckbrief, eigene: Bewertung | None) -> QuerySet[AuditEintrag]:
    """Audit entries of `sb` the user may read: all for the Geschäftsstelle; reviewers do
    not see the score changes of others before finalising their own."""
    eintraege = AuditEintrag.objects.filter(steckbrief=sb).select_related("akteur")
    if darf_andere_sehen(user, eigene):
        return eintraege
    eigene_leute = Q(akteur_id=user.pk)
    if user.ist_wirtschaftsfoerderung:
        eigene_leute |= Q(akteur__gebietskoerperschaft_id=user.gebietskoerperschaft_id)
    return eintraege.filter(~Q(aktion__in=VERTRAULICHE_AKTIONEN) | eigene_leute)


# Every rule, for tests and documentation: name → function.
REGELN = {
    "steckbriefe_fuer": steckbriefe_fuer,
    "bewertungen_fuer": bewertungen_fuer,
    "zuweisungen_fuer": zuweisungen_fuer,
    "darf_sehen": darf_sehen,
    "darf_bewerten": darf_bewerten,
    "darf_andere_sehen": darf_andere_sehen,
    "darf_steuern": darf_steuern,
    "pruefe_bewerten": pruefe_bewerten,
    "pruefe_befangenheit": pruefe_befangenheit,
    "pruefe_rueckfrage": pruefe_rueckfrage,
    "protokoll_fuer": protokoll_fuer,
}
