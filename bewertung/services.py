"""What happens in the Bewertung: one function per action.

Each function checks the rules (bewertung.regeln), changes the rows in one transaction,
writes the audit entry (steckbriefe.services.protokollieren) and moves the Steckbrief
status only through steckbriefe.services.status_setzen. Admin views and actions call these functions."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from handlungsfelder.models import STANDARD_AUFRUF, Gebietskoerperschaft
from kern.formate import eur, punkte
from kern.mail import mail_senden
from konten.models import Rolle, User
from steckbriefe import services as sb_services
from steckbriefe.models import Entscheidung, Status, Steckbrief, SteckbriefVersion, VersionArt
from steckbriefe.versionen import unterschiede
from steckbriefe.zustaende import UEBERGAENGE, UngueltigerUebergang, pruefe_uebergang

from . import regeln
from .aggregation import (
    ergebnisse_aktualisieren,
    ist_nicht_priorisierbar,
    katalog_neu_berechnen,
    punkte_aktualisieren,
    veranstaltung_max_foerderung,
)
from .models import (
    BEGRUENDUNG_PFLICHT,
    SKALA_MAX,
    SKALA_MIN,
    Bewertung,
    Einzelbewertung,
    Erinnerung,
    JuryBewertung,
    Kommentar,
    Kriterienkatalog,
    Kriterium,
    Skalenstufe,
    Zuweisung,
)
from .regeln import NichtErlaubt


class BewertungsFehler(Exception):
    """Invalid input or state; the message is German and meant for the user."""


class Konflikt(Exception):
    """Someone else saved the Bewertung since the form was loaded."""

    def __init__(self, bewertung: Bewertung):
        self.bewertung = bewertung
        wer = bewertung.geaendert_von or "jemand anderes"
        zeit = timezone.localtime(bewertung.geaendert)
        super().__init__(
            f"Diese Bewertung wurde inzwischen von {wer} geändert ({zeit:%d.%m.%Y, %H:%M} Uhr). "
            "Ihre Eingaben wurden nicht gespeichert, sind aber unten erhalten. Bitte prüfen Sie "
            "die aktuell gespeicherten Werte und speichern Sie erneut."
        )


# --- Kriterienkatalog ----------------------------------------------------------------------


def gewichte_fehler(summe: int) -> str | None:
    if summe != 100:
        return f"Die Gewichte der aktiven Kriterien müssen zusammen 100 ergeben (derzeit {summe})."
    return None


def eingefroren_meldung(katalog: Kriterienkatalog) -> str:
    return (
        f"Der Kriterienkatalog „{katalog}“ ist eingefroren, weil bereits Bewertungen dazu "
        "vorliegen; er kann nicht mehr geändert werden. Für eine neue Runde legen Sie mit der "
        "Aktion „Katalog kopieren“ einen neuen Katalog an."
    )


def pruefe_nicht_eingefroren(katalog: Kriterienkatalog) -> None:
    if katalog.pk and katalog.ist_eingefroren:
        raise BewertungsFehler(eingefroren_meldung(katalog))


@transaction.atomic
def katalog_kopieren(katalog: Kriterienkatalog) -> Kriterienkatalog:
    """A new, inactive catalogue with the same criteria and scale (for a new round)."""
    kopie = Kriterienkatalog.alle.create(
        aufruf_id=katalog.aufruf_id,
        name=f"{katalog.name} (Kopie)",
        runde=katalog.runde,
        aktiv=False,
    )
    Kriterium.objects.bulk_create(
        Kriterium(
            katalog=kopie,
            code=k.code,
            name=k.name,
            leitfrage=k.leitfrage,
            gewicht=k.gewicht,
            reihenfolge=k.reihenfolge,
            aktiv=k.aktiv,
            ko_schwelle=k.ko_schwelle,
        )
        for k in katalog.kriterien.all()
    )
    Skalenstufe.objects.bulk_create(
        Skalenstufe(katalog=kopie, wert=s.wert, bezeichnung=s.bezeichnung)
        for s in katalog.stufen.all()
    )
    return kopie


# A Steckbrief in these statuses has left the round: its Bewertungen no longer move.
RUNDE_ABGESCHLOSSEN = frozenset({Status.ENTSCHIEDEN, Status.ZURUECKGEZOGEN})


def laufende_bewertungen(katalog: Kriterienkatalog):
    """The Bewertungen of the running round against `katalog`: of Steckbriefe that are
    neither decided nor withdrawn (drafts and finalised ones)."""
    return Bewertung.objects.filter(katalog=katalog).exclude(
        zuweisung__steckbrief__status__in=RUNDE_ABGESCHLOSSEN
    )


def katalog_wechsel_blockiert(katalog: Kriterienkatalog) -> str | None:
    """Why `katalog` cannot become the active catalogue now (German), or None: while the
    Bewertungen of the running round use another catalogue, a switch would take them out
    of the ranking (it shows one catalogue) and score the remaining Steckbriefe against
    other criteria. The round ends when each of its Steckbriefe is decided or withdrawn."""
    aktiv = aktiver_katalog_des_aufrufs(katalog.aufruf_id, ausser=katalog)
    if aktiv is None:
        return None
    if aktiv.aufruf_id != STANDARD_AUFRUF:
        from .jury import jury_katalog_wechsel_blockiert

        return jury_katalog_wechsel_blockiert(katalog, aktiv)
    stand = laufende_bewertungen(aktiv).aggregate(
        bewertungen=Count("pk"),
        entwuerfe=Count("pk", filter=Q(status=Bewertung.Status.ENTWURF)),
        steckbriefe=Count("zuweisung__steckbrief", distinct=True),
    )
    if not stand["bewertungen"]:
        return None
    n, e, s = stand["bewertungen"], stand["entwuerfe"], stand["steckbriefe"]
    return (
        f"„{katalog}“ kann nicht aktiviert werden: Die laufende Runde bewertet mit „{aktiv}“ – "
        f"{n} {'Bewertung' if n == 1 else 'Bewertungen'} (davon {e} "
        f"{'Entwurf' if e == 1 else 'Entwürfe'}) zu {s} "
        f"{'Steckbrief, der' if s == 1 else 'Steckbriefen, die'} noch nicht entschieden "
        f"{'ist' if s == 1 else 'sind'}. Ein Wechsel nähme sie aus der Rangliste und "
        "ließe die übrigen Steckbriefe nach anderen Kriterien bewerten. Aktivieren Sie den "
        "neuen Katalog, wenn alle Steckbriefe der Runde entschieden oder zurückgezogen sind."
    )


@transaction.atomic
def katalog_aktivieren(katalog: Kriterienkatalog) -> Kriterienkatalog:
    """Make `katalog` the one used for new Bewertungen (weights must add up to 100; not
    while the running round scores against another one: katalog_wechsel_blockiert)."""
    summe = sum(katalog.kriterien.filter(aktiv=True).values_list("gewicht", flat=True))
    fehler = gewichte_fehler(summe)
    if fehler:
        raise BewertungsFehler(f"„{katalog}“ kann nicht aktiviert werden: {fehler}")
    if set(katalog.stufen.values_list("wert", flat=True)) != set(range(SKALA_MIN, SKALA_MAX + 1)):
        raise BewertungsFehler(
            f"„{katalog}“ kann nicht aktiviert werden: Die Skala braucht genau die Stufen "
            f"{SKALA_MIN} bis {SKALA_MAX}."
        )
    # One switch at a time: the active catalogue's row is locked while the round is counted.
    andere = Kriterienkatalog.alle.filter(aufruf_id=katalog.aufruf_id, aktiv=True)
    list(andere.select_for_update())
    if grund := katalog_wechsel_blockiert(katalog):
        raise BewertungsFehler(grund)
    andere.exclude(pk=katalog.pk).update(aktiv=False)
    if not katalog.aktiv:
        katalog.aktiv = True
        katalog.save(update_fields=["aktiv"])
    return katalog


def aktiver_katalog_des_aufrufs(aufruf_id: str, ausser=None) -> Kriterienkatalog | None:
    """The active catalogue of the call with slug `aufruf_id` (other than `ausser`)."""
    kataloge = Kriterienkatalog.alle.filter(aufruf_id=aufruf_id, aktiv=True)
    if ausser is not None:
        kataloge = kataloge.exclude(pk=ausser.pk)
    return kataloge.first()


def kriterien_geaendert(katalog: Kriterienkatalog) -> None:
    """After the criteria of `katalog` were edited (weights, K.O. thresholds, active): the
    weighted scores of its Bewertungen and its stored results follow. (Normally a catalogue
    with scores is frozen, so there is nothing to recompute.)"""
    katalog_neu_berechnen(katalog)


def aktiver_katalog() -> Kriterienkatalog:
    katalog = Kriterienkatalog.objects.filter(aktiv=True).first()
    if katalog is None:
        raise BewertungsFehler(
            "Es ist kein Kriterienkatalog aktiv. Die Geschäftsstelle legt ihn unter "
            "„Kriterienkataloge“ fest."
        )
    return katalog


# --- Zuweisungen ---------------------------------------------------------------------------


def _gebiete(sb: Steckbrief):
    if sb.gesamte_region:
        return Gebietskoerperschaft.objects.all()
    return sb.gebietskoerperschaften.all()


def _anlegen(sb, akteur, herkunft, gebiete=(), personen=()) -> list[Zuweisung]:
    vorhanden_gk = set(
        sb.zuweisungen.filter(gebietskoerperschaft__isnull=False).values_list(
            "gebietskoerperschaft_id", flat=True
        )
    )
    vorhanden_person = set(
        sb.zuweisungen.filter(pruefer__isnull=False).values_list("pruefer_id", flat=True)
    )
    neu = [
        Zuweisung(steckbrief=sb, gebietskoerperschaft=gk, herkunft=herkunft, erstellt_von=akteur)
        for gk in gebiete
        if gk.pk not in vorhanden_gk
    ] + [
        Zuweisung(steckbrief=sb, pruefer=p, herkunft=herkunft, erstellt_von=akteur)
        for p in personen
        if p.pk not in vorhanden_person
    ]
    for z in neu:
        z.save()
    if neu:
        sb_services.protokollieren(
            sb,
            akteur,
            "Zuweisung",
            "",
            ", ".join(z.pruefer_name for z in neu),
            Zuweisung.Herkunft(herkunft).label,
        )
    for z in neu:
        _befangenheit_feststellen(z)
    return neu


def _befangenheit_feststellen(zuweisung: Zuweisung) -> None:
    """Nobody reviews their own project: a new Zuweisung to a conflicted person, or to a
    Wirtschaftsförderung whose active users are all conflicted, is befangen from the start
    (recorded by the system, befangen_von empty). Conflicted persons of a
    Wirtschaftsförderung whose colleagues can score are blocked at scoring time
    (regeln.pruefe_bewerten); the audit names them for the Geschäftsstelle."""
    befund = regeln.automatische_befangenheit(zuweisung)
    if befund.grund:
        zuweisung.befangen_am = timezone.now()
        zuweisung.befangen_von = None
        zuweisung.befangen_grund = f"{regeln.AUTOMATISCH} {befund.grund}"
        zuweisung.save(update_fields=["befangen_am", "befangen_von", "befangen_grund"])
        sb_services.protokollieren(
            zuweisung.steckbrief,
            None,
            "Befangenheit festgestellt",
            "",
            zuweisung.pruefer_name,
            zuweisung.befangen_grund,
        )
    elif befund.personen:
        sb_services.protokollieren(
            zuweisung.steckbrief,
            None,
            "Befangene Person gesperrt",
            "",
            "; ".join(str(p) for p, _ in befund.personen),
            f"{regeln.AUTOMATISCH} "
            + "; ".join(f"{p} ({grund})" for p, grund in befund.personen)
            + f". Die übrigen Personen der {zuweisung.pruefer_name} können bewerten.",
        )


@transaction.atomic
def zuweisen(sb: Steckbrief, akteur: User | None = None, mitteilen: bool = True) -> list[Zuweisung]:
    """Assign `sb` to the Wirtschaftsförderung(en) of its Gebietskörperschaft(en) (all
    five for „gesamte Region“). Called when a Steckbrief reaches final_eingereicht and
    after a Rückfrage is answered; idempotent; never changes the status it is called in,
    except to close the Bewertung if every Zuweisung is already done. A new Zuweisung
    whose reviewers are all conflicted (own project) is befangen from the start.
    `mitteilen`: mail the reviewers of the new Zuweisungen (zuweisung_mitteilen) – a
    caller that mails them itself (several Steckbriefe at once, the answered Rückfrage)
    passes False."""
    sb = Steckbrief.objects.select_for_update(of=("self",)).get(pk=sb.pk)
    if sb.status not in regeln.ZUWEISBAR:
        return []
    neu = _anlegen(sb, akteur, Zuweisung.Herkunft.AUTOMATISCH, gebiete=list(_gebiete(sb)))
    status_nachziehen(sb, akteur)
    if mitteilen:
        zuweisung_mitteilen(neu)
    return neu


def _empfaenger(zuweisung: Zuweisung) -> list[User]:
    """Who is told about `zuweisung`: its active people (the person named, or the users of
    the Wirtschaftsförderung) – not if it is befangen, never someone whose own project the
    Steckbrief is."""
    if zuweisung.ist_befangen:
        return []
    return [
        p
        for p in _pruefende_personen(zuweisung)
        if p.email and not regeln.eigenes_projekt(p, zuweisung.steckbrief)
    ]


def zuweisung_mitteilen(zuweisungen) -> int:
    """Mail every reviewer of the new `zuweisungen` one message listing their newly
    assigned Steckbriefe with links to the scoring pages and the end of the Bewertung
    phase (sent after commit). Returns the number of mails."""
    je_person: dict[str, tuple[User, list]] = {}
    for z in zuweisungen:
        for person in _empfaenger(z):
            eintrag = je_person.setdefault(person.email, (person, []))
            if all(sb.pk != z.steckbrief_id for sb, _ in eintrag[1]):
                eintrag[1].append((z.steckbrief, z.pruefer_name))
    if not je_person:
        return 0
    phase = regeln.bewertungsphase()
    for email, (person, zeilen) in sorted(je_person.items()):
        mail_senden(
            email,
            "zuweisung",
            {
                "person": person,
                "steckbriefe": [
                    (
                        sb.titel or str(sb),
                        fuer,
                        reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]),
                    )
                    for sb, fuer in zeilen
                ],
                "phase": phase,
            },
        )
    return len(je_person)


def _beginnen_wenn_phase(sb: Steckbrief, akteur: User | None) -> None:
    sb.refresh_from_db(fields=["status"])
    if sb.status == Status.FINAL_EINGEREICHT and regeln.bewertungsphase_offen():
        sb_services.status_setzen(sb, "bewertung_beginnen", akteur)


def zuweisungen_erzeugen(steckbriefe, akteur: User) -> tuple[int, int]:
    """Admin action: the automatic Zuweisungen for Steckbriefe submitted before the hook
    existed (or whose area changed). Returns (Steckbriefe with new Zuweisungen, skipped)."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Zuweisungen erzeugen.")
    mit_neuen = uebersprungen = 0
    alle_neuen = []
    for sb in steckbriefe:
        if sb.status not in regeln.ZUWEISBAR:
            uebersprungen += 1
            continue
        with transaction.atomic():
            if neu := zuweisen(sb, akteur, mitteilen=False):
                mit_neuen += 1
                alle_neuen.extend(neu)
            _beginnen_wenn_phase(sb, akteur)
    zuweisung_mitteilen(alle_neuen)
    return mit_neuen, uebersprungen


def pruefende_hinzufuegen(steckbriefe, akteur: User, gebiete=(), personen=()) -> tuple[int, int]:
    """The Geschäftsstelle adds reviewers (Wirtschaftsförderungen and/or persons) to
    several Steckbriefe, e.g. a second county for cross-review. Returns (new Zuweisungen,
    skipped Steckbriefe)."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Prüfende hinzufügen.")
    gebiete, personen = list(gebiete), list(personen)
    if not gebiete and not personen:
        raise BewertungsFehler("Bitte wählen Sie mindestens eine Wirtschaftsförderung oder Person.")
    steckbriefe = list(steckbriefe)
    for sb in steckbriefe:
        regeln.pruefe_steuern(akteur, sb)
    uebersprungen = 0
    alle_neuen = []
    for sb in steckbriefe:
        if sb.status not in regeln.ZUWEISBAR or sb.status == Status.ENTSCHIEDEN:
            uebersprungen += 1
            continue
        with transaction.atomic():
            sb = Steckbrief.objects.select_for_update(of=("self",)).get(pk=sb.pk)
            alle_neuen.extend(
                _anlegen(sb, akteur, Zuweisung.Herkunft.MANUELL, gebiete=gebiete, personen=personen)
            )
            status_nachziehen(sb, akteur)
            _beginnen_wenn_phase(sb, akteur)
    # One mail per reviewer for the whole selection.
    zuweisung_mitteilen(alle_neuen)
    return len(alle_neuen), uebersprungen


@transaction.atomic
def zuweisung_entfernen(zuweisung: Zuweisung, akteur: User) -> None:
    """The Geschäftsstelle removes a Zuweisung that has no scores yet."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Zuweisungen entfernen.")
    regeln.pruefe_steuern(akteur, zuweisung.steckbrief)
    if Einzelbewertung.objects.filter(bewertung__zuweisung=zuweisung, wert__isnull=False).exists():
        raise BewertungsFehler(
            f"Die Zuweisung an {zuweisung.pruefer_name} hat bereits Bewertungen und bleibt "
            "erhalten. Bei Befangenheit erklärt die prüfende Stelle diese selbst."
        )
    sb = zuweisung.steckbrief
    name = zuweisung.pruefer_name
    # No score, so it counts nowhere: the stored results stay as they are.
    zuweisung.delete()
    sb_services.protokollieren(sb, akteur, "Zuweisung entfernt", name, "")
    status_nachziehen(sb, akteur)


@transaction.atomic
def befangenheit_erklaeren(zuweisung: Zuweisung, akteur: User, grund: str) -> Zuweisung:
    """The reviewer declares a conflict of interest: from now on it cannot score the
    Steckbrief, and its Bewertung leaves all averages."""
    grund = (grund or "").strip()
    if not grund:
        raise BewertungsFehler("Bitte geben Sie den Grund der Befangenheit an.")
    zuweisung = Zuweisung.objects.select_for_update(of=("self",)).get(pk=zuweisung.pk)
    regeln.pruefe_befangenheit(akteur, zuweisung)
    zuweisung.befangen_am = timezone.now()
    zuweisung.befangen_von = akteur
    zuweisung.befangen_grund = grund
    zuweisung.save(update_fields=["befangen_am", "befangen_von", "befangen_grund"])
    sb_services.protokollieren(
        zuweisung.steckbrief, akteur, "Befangenheit erklärt", "", zuweisung.pruefer_name, grund
    )
    status_nachziehen(zuweisung.steckbrief, akteur)
    # Its Bewertung leaves the numbers (last: the lock order is Steckbrief, then catalogue).
    ergebnisse_aktualisieren(Bewertung.objects.filter(zuweisung=zuweisung))
    return zuweisung


def status_nachziehen(sb: Steckbrief, akteur: User | None) -> Steckbrief:
    """Close the Bewertung of `sb` when every non-befangen Zuweisung has a finalised
    Bewertung; reopen it when a new Zuweisung is still open."""
    sb.refresh_from_db(fields=["status"])
    zuweisungen = sb.zuweisungen.filter(befangen_am__isnull=True)
    gesamt = zuweisungen.count()
    offen = zuweisungen.exclude(bewertung__status=Bewertung.Status.ABGESCHLOSSEN).count()
    if sb.status == Status.IN_BEWERTUNG and gesamt and not offen:
        return sb_services.status_setzen(sb, "bewertung_abschliessen", akteur)
    if sb.status == Status.BEWERTET and offen:
        return sb_services.status_setzen(
            sb,
            "bewertung_wieder_oeffnen",
            akteur,
            text="Weitere Bewertung erforderlich (neue Zuweisung).",
        )
    return sb


# --- Bewertung -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Eingabe:
    """One criterion as entered: score (None = not scored yet) and justification."""

    wert: int | None
    begruendung: str = ""


def bewertung_holen(zuweisung: Zuweisung, katalog: Kriterienkatalog | None = None) -> Bewertung:
    """The Bewertung of the Zuweisung; an unsaved new one if none yet, against the active
    catalogue (`katalog`, if the caller has already read it)."""
    try:
        return zuweisung.bewertung
    except Bewertung.DoesNotExist:
        return Bewertung(zuweisung=zuweisung, katalog=katalog or aktiver_katalog(), version=0)


def _wert_text(wert) -> str:
    return "–" if wert is None else str(wert)


def _pruefe_eingaben(katalog: Kriterienkatalog, eingaben: dict[int, Eingabe]) -> dict:
    kriterien = {k.pk: k for k in katalog.kriterien.filter(aktiv=True)}
    for kriterium_id, e in eingaben.items():
        if kriterium_id not in kriterien:
            raise BewertungsFehler("Das Kriterium gehört nicht zum Katalog dieser Bewertung.")
        if e.wert is not None and not (SKALA_MIN <= e.wert <= SKALA_MAX):
            raise BewertungsFehler(
                f"{kriterien[kriterium_id].code}: Bitte wählen Sie eine Punktzahl von "
                f"{SKALA_MIN} bis {SKALA_MAX}."
            )
    return kriterien


def entwurf_zum_speichern(
    vorhanden: QuerySet,
    anlegen: Callable[[], Bewertung | JuryBewertung],
    version: int,
    empfehlung: str,
    eingaben: dict[int, Eingabe],
) -> tuple[Bewertung | JuryBewertung, dict]:
    """The draft a save writes to, locked, and the catalogue's active criteria: the one row
    of `vorhanden` (a Bewertung or JuryBewertung queryset), or the new one `anlegen()`
    creates when the form was a new one (version 0). Raises Konflikt when someone else
    saved (or created it) meanwhile, NichtErlaubt for a finalised one and BewertungsFehler
    for a removed one, an unknown recommendation or invalid scores (German messages)."""
    bewertung = vorhanden.select_for_update(of=("self",)).first()
    if bewertung is None:
        if version != 0:
            raise BewertungsFehler("Die Bewertung wurde entfernt. Bitte laden Sie die Seite neu.")
        try:
            with transaction.atomic():
                bewertung = anlegen()
        except IntegrityError:
            raise Konflikt(vorhanden.get()) from None
    elif bewertung.version != version:
        raise Konflikt(bewertung)
    if bewertung.ist_abgeschlossen:
        raise NichtErlaubt(
            "Diese Bewertung ist abgeschlossen und kann nicht mehr geändert werden. Die "
            "Geschäftsstelle kann sie wieder öffnen."
        )
    if empfehlung and empfehlung not in Bewertung.Empfehlung.values:
        raise BewertungsFehler("Bitte wählen Sie eine gültige Gesamtempfehlung.")
    return bewertung, _pruefe_eingaben(bewertung.katalog, eingaben)


@dataclass(frozen=True)
class Aenderung:
    """One criterion whose score or justification a save changed (for the audit entry)."""

    code: str
    vorher: int | None
    nachher: int | None


def einzelwerte_schreiben(
    bewertung: Bewertung | JuryBewertung, eingaben: dict[int, Eingabe], kriterien: dict
) -> list[Aenderung]:
    """Write the per-criterion scores of a saved Bewertung or JuryBewertung: a row for each
    new criterion with a score or justification (criteria left empty get none), changed
    rows updated, unchanged ones untouched – one INSERT and one UPDATE at most. `eingaben`
    are checked already (`_pruefe_eingaben`, which returned `kriterien`); justifications are
    stripped. Returns the changes in input order; the caller audits them in its words."""
    einzeln = bewertung.einzeln  # Einzelbewertung or JuryEinzelbewertung rows
    bisher = {e.kriterium_id: e for e in einzeln.all()}
    neue_zeilen, geaenderte, aenderungen = [], [], []
    for kriterium_id, e in eingaben.items():
        begruendung = (e.begruendung or "").strip()
        vorher = bisher.get(kriterium_id)
        if vorher is None:
            if e.wert is None and not begruendung:
                continue
            neue_zeilen.append(
                einzeln.model(
                    bewertung=bewertung,
                    kriterium_id=kriterium_id,
                    wert=e.wert,
                    begruendung=begruendung,
                )
            )
            vorher_wert = None
        else:
            if vorher.wert == e.wert and vorher.begruendung == begruendung:
                continue
            vorher_wert = vorher.wert
            vorher.wert, vorher.begruendung = e.wert, begruendung
            geaenderte.append(vorher)
        aenderungen.append(Aenderung(kriterien[kriterium_id].code, vorher_wert, e.wert))
    einzeln.model.objects.bulk_create(neue_zeilen)
    einzeln.model.objects.bulk_update(geaenderte, ["wert", "begruendung"])
    return aenderungen


@transaction.atomic
def bewertung_speichern(
    zuweisung: Zuweisung,
    akteur: User,
    eingaben: dict[int, Eingabe],
    empfehlung: str,
    kommentar: str,
    version: int,
) -> Bewertung:
    """Save the draft. `version` is the Bewertung version the form was loaded with (0 for
    a new one); if it is outdated, Konflikt is raised and nothing is saved."""
    zuweisung = (
        Zuweisung.objects.select_for_update(of=("self",))
        .select_related("steckbrief", "gebietskoerperschaft", "pruefer")
        .get(pk=zuweisung.pk)
    )
    regeln.pruefe_bewerten(akteur, zuweisung)
    bewertung, kriterien = entwurf_zum_speichern(
        Bewertung.objects.filter(zuweisung=zuweisung),
        lambda: Bewertung.objects.create(
            zuweisung=zuweisung, katalog=aktiver_katalog(), version=0, geaendert_von=akteur
        ),
        version,
        empfehlung,
        eingaben,
    )

    alt, neu = [], []
    for a in einzelwerte_schreiben(bewertung, eingaben, kriterien):
        if a.vorher != a.nachher:
            alt.append(f"{a.code}: {_wert_text(a.vorher)}")
            neu.append(f"{a.code}: {_wert_text(a.nachher)}")
        else:
            alt.append(f"{a.code}: Begründung")
            neu.append(f"{a.code}: Begründung geändert")

    kommentar = (kommentar or "").strip()
    if empfehlung != bewertung.empfehlung:
        alt.append(f"Empfehlung: {bewertung.get_empfehlung_display() or '–'}")
        bewertung.empfehlung = empfehlung
        neu.append(f"Empfehlung: {bewertung.get_empfehlung_display() or '–'}")
    if kommentar != bewertung.kommentar:
        alt.append("Kommentar")
        neu.append("Kommentar geändert")
        bewertung.kommentar = kommentar
    bewertung.version += 1
    bewertung.geaendert_von = akteur
    bewertung.save()
    punkte_aktualisieren(Bewertung.objects.filter(pk=bewertung.pk))
    bewertung.refresh_from_db(fields=["punkte"])
    if alt or neu:
        sb_services.protokollieren(
            zuweisung.steckbrief,
            akteur,
            "Bewertung geändert",
            "; ".join(alt),
            "; ".join(neu),
            zuweisung.pruefer_name,
        )
    if zuweisung.steckbrief.status == Status.FINAL_EINGEREICHT:
        sb_services.status_setzen(zuweisung.steckbrief, "bewertung_beginnen", akteur)
    return bewertung


@dataclass(frozen=True)
class Fehlend:
    feld: str  # form field (wert_<pk>, begruendung_<pk>, empfehlung)
    text: str


def fehlt_zum_abschluss(bewertung: Bewertung) -> list[Fehlend]:
    """What is missing before the Bewertung can be finalised: every active criterion
    scored, a justification for 0, 1 and 5 points, the overall recommendation."""
    fehlt = []
    einzeln = {e.kriterium_id: e for e in bewertung.einzeln.all()}
    for k in bewertung.katalog.kriterien.filter(aktiv=True):
        e = einzeln.get(k.pk)
        if e is None or e.wert is None:
            fehlt.append(Fehlend(f"wert_{k.pk}", f"{k.code}: Punktzahl"))
        elif e.wert in BEGRUENDUNG_PFLICHT and not e.begruendung.strip():
            fehlt.append(
                Fehlend(
                    f"begruendung_{k.pk}",
                    f"{k.code}: Begründung (Pflicht bei {e.wert} {punkte_wort(e.wert)})",
                )
            )
    if not bewertung.empfehlung:
        fehlt.append(Fehlend("empfehlung", "Gesamtempfehlung"))
    return fehlt


def punkte_wort(anzahl: int) -> str:
    """„Punkt“ for 1, else „Punkten“ (dative: „bei 1 Punkt“, „bei 5 Punkten“)."""
    return "Punkt" if anzahl == 1 else "Punkten"


class Unvollstaendig(BewertungsFehler):
    def __init__(self, fehlt: list[Fehlend]):
        self.fehlt = fehlt
        super().__init__(
            "Die Bewertung kann noch nicht abgeschlossen werden. Es fehlt: "
            + ", ".join(f.text for f in fehlt)
            + "."
        )


@transaction.atomic
def bewertung_abschliessen(bewertung: Bewertung, akteur: User, version: int) -> Bewertung:
    """Finalise: complete, then read-only; closes the Steckbrief's Bewertung when it was
    the last open one."""
    bewertung = (
        Bewertung.objects.select_for_update(of=("self",))
        .select_related("zuweisung__steckbrief", "zuweisung__gebietskoerperschaft", "katalog")
        .get(pk=bewertung.pk)
    )
    regeln.pruefe_bewerten(akteur, bewertung.zuweisung)
    if bewertung.ist_abgeschlossen:
        raise NichtErlaubt("Diese Bewertung ist bereits abgeschlossen.")
    if bewertung.version != version:
        raise Konflikt(bewertung)
    regeln.pruefe_abschliessen(bewertung.zuweisung.steckbrief)
    fehlt = fehlt_zum_abschluss(bewertung)
    if fehlt:
        raise Unvollstaendig(fehlt)
    bewertung.als_abgeschlossen_markieren(akteur)
    bewertung.geaendert_von = akteur
    bewertung.save()
    punkte_text = punkte(bewertung.punkte)
    sb_services.protokollieren(
        bewertung.zuweisung.steckbrief,
        akteur,
        "Bewertung abgeschlossen",
        Bewertung.Status.ENTWURF.label,
        f"abgeschlossen: {punkte_text} Punkte, Empfehlung „{bewertung.get_empfehlung_display()}“",
        bewertung.zuweisung.pruefer_name,
    )
    status_nachziehen(bewertung.zuweisung.steckbrief, akteur)
    # Now it counts (last: the lock order is Steckbrief, then catalogue).
    ergebnisse_aktualisieren(Bewertung.objects.filter(pk=bewertung.pk))
    return bewertung


# A decided or withdrawn Steckbrief is not scored again.
WIEDER_OEFFENBAR = frozenset(
    {Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG, Status.RUECKFRAGE, Status.BEWERTET}
)


def _oeffnen(sb: Steckbrief, bewertungen, akteur: User | None, grund: str) -> None:
    """Turn the locked, finalised `bewertungen` of `sb` back into drafts, audit each, and
    reopen the Steckbrief's Bewertung if it was closed (akteur None: the system)."""
    for bewertung in bewertungen:
        bewertung.als_entwurf_markieren()
        if akteur is not None:
            bewertung.geaendert_von = akteur
        bewertung.save()
        sb_services.protokollieren(
            sb,
            akteur,
            "Bewertung wieder geöffnet",
            Bewertung.Status.ABGESCHLOSSEN.label,
            f"{Bewertung.Status.ENTWURF.label} ({bewertung.zuweisung.pruefer_name})",
            grund,
        )
    if sb.status == Status.BEWERTET:
        sb_services.status_setzen(sb, "bewertung_wieder_oeffnen", akteur, text=grund)


@transaction.atomic
def bewertung_wieder_oeffnen(bewertung: Bewertung, akteur: User, grund: str) -> Bewertung:
    """The Geschäftsstelle reopens a finalised Bewertung (and the Steckbrief's)."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Bewertungen wieder öffnen.")
    grund = (grund or "").strip()
    if not grund:
        raise BewertungsFehler("Bitte geben Sie an, warum die Bewertung wieder geöffnet wird.")
    bewertung = (
        Bewertung.objects.select_for_update(of=("self",))
        .select_related("zuweisung__steckbrief", "zuweisung__gebietskoerperschaft")
        .get(pk=bewertung.pk)
    )
    if not bewertung.ist_abgeschlossen:
        raise BewertungsFehler("Die Bewertung ist nicht abgeschlossen.")
    sb = bewertung.zuweisung.steckbrief
    regeln.pruefe_steuern(akteur, sb)
    if sb.status not in WIEDER_OEFFENBAR:
        raise BewertungsFehler(
            f"Im Status „{sb.get_status_display()}“ kann die Bewertung nicht wieder geöffnet werden."
        )
    _oeffnen(sb, [bewertung], akteur, grund)
    # It no longer counts (last: the lock order is Steckbrief, then catalogue).
    ergebnisse_aktualisieren(Bewertung.objects.filter(pk=bewertung.pk))
    mail_senden(
        [p.email for p in _empfaenger(bewertung.zuweisung)],
        "bewertung_wieder_geoeffnet",
        {
            "steckbrief": sb,
            "pruefer_name": bewertung.zuweisung.pruefer_name,
            "grund": grund,
            "akteur": akteur,
            "bewerten_url": reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]),
        },
    )
    return bewertung


@transaction.atomic
def rueckfrage_stellen(sb: Steckbrief, akteur: User, frage: str) -> Steckbrief:
    """A reviewer (or the Geschäftsstelle) asks the submitters to revise the Steckbrief;
    they are mailed the question after commit."""
    frage = (frage or "").strip()
    if not frage:
        raise UngueltigerUebergang("Bitte formulieren Sie die Rückfrage an die Einreichenden.")
    zuweisung = regeln.zuweisung_fuer(akteur, sb)
    regeln.pruefe_rueckfrage(akteur, sb, zuweisung)
    sb = sb_services.status_setzen(sb, "rueckfrage_stellen", akteur, text=frage)
    mail_senden(
        sb_services.mail_empfaenger(sb),
        "rueckfrage",
        {"steckbrief": sb, "frage": frage, **rueckfrage_kontakt(akteur, zuweisung)},
    )
    return sb


def rueckfrage_kontakt(akteur: User, zuweisung: Zuweisung | None) -> dict:
    """Who asks, for the submitters' mail: the office (the Wirtschaftsförderung of the
    asking reviewer's Zuweisung, else the Geschäftsstelle) and the person to contact."""
    if zuweisung is not None and zuweisung.gebietskoerperschaft_id is not None:
        stelle = f"Wirtschaftsförderung {zuweisung.gebietskoerperschaft.name}"
    elif akteur.ist_geschaeftsstelle:
        stelle = "Geschäftsstelle"
    elif akteur.ist_wirtschaftsfoerderung and akteur.gebietskoerperschaft_id:
        stelle = f"Wirtschaftsförderung {akteur.gebietskoerperschaft.name}"
    else:
        stelle = "prüfende Stelle"
    return {
        "fragende_stelle": stelle,
        "kontakt_name": akteur.get_full_name() or akteur.email,
        "kontakt_email": akteur.email,
    }


GRUND_UEBERARBEITUNG = "Überarbeitung nach Rückfrage"


def _letzter_eintrag(sb: Steckbrief, uebergang: str):
    """The latest audit entry of the transition `uebergang` of `sb` (its label is the
    audit's aktion), or None."""
    return (
        sb.audit.filter(aktion=UEBERGAENGE[uebergang].label)
        .select_related("akteur")
        .order_by("-zeitpunkt", "-pk")
        .first()
    )


def ueberarbeitung(versionen: list[SteckbriefVersion]) -> SteckbriefVersion | None:
    """The newest of `versionen` (in order) if it answers a Rückfrage (and has a version
    before it to compare with), else None."""
    if len(versionen) < 2 or versionen[-1].art != VersionArt.RUECKFRAGE:
        return None
    return versionen[-1]


def aenderungen_seit_rueckfrage(versionen: list[SteckbriefVersion]) -> list[dict]:
    """What the submitters changed in answer to the last Rückfrage: the diff between the
    version the question was about and the revised one (steckbriefe.versionen.unterschiede);
    empty unless the newest of `versionen` is such a revision."""
    if ueberarbeitung(versionen) is None:
        return []
    return unterschiede(versionen[-2].daten, versionen[-1].daten)


def _pruefende_personen(zuweisung: Zuweisung) -> list[User]:
    if zuweisung.pruefer_id is not None:
        return [zuweisung.pruefer] if zuweisung.pruefer.is_active else []
    return list(regeln.personen_der_wirtschaftsfoerderung(zuweisung.gebietskoerperschaft_id))


@transaction.atomic
def rueckfrage_beantwortet(sb: Steckbrief, version: SteckbriefVersion) -> list[Bewertung]:
    """The submitters answered a Rückfrage with the revised `version` (signal
    final_eingereicht, in their transaction): the new content is scored again. Every
    finalised Bewertung of a non-befangen Zuweisung reopens (audited, by the system, reason
    „Überarbeitung nach Rückfrage“), the Steckbrief is (again) „In Bewertung“ and assigned
    (zuweisen: a changed location adds reviewers), and the asking reviewer and all assigned
    reviewers are mailed a link to the scoring page, which shows what changed. Returns the
    reopened Bewertungen."""
    sb = sb_services.sperren(sb)
    wieder_offen = list(
        Bewertung.objects.select_for_update(of=("self",))
        .filter(
            zuweisung__steckbrief=sb,
            zuweisung__befangen_am__isnull=True,
            status=Bewertung.Status.ABGESCHLOSSEN,
        )
        .select_related("zuweisung__gebietskoerperschaft", "zuweisung__pruefer")
        .order_by("pk")
    )
    _oeffnen(sb, wieder_offen, None, GRUND_UEBERARBEITUNG)
    # With the old scores reopened, the assignment does not close the Bewertung again.
    # New reviewers (a changed location) hear of it with the others, below.
    zuweisen(sb, mitteilen=False)
    _ueberarbeitung_mitteilen(sb, version, wieder_offen)
    # They no longer count (last: the lock order is Steckbrief, then catalogue).
    ergebnisse_aktualisieren(Bewertung.objects.filter(pk__in=[b.pk for b in wieder_offen]))
    return wieder_offen


def _ueberarbeitung_mitteilen(sb, version, wieder_offen) -> None:
    """One mail to the reviewer (or Geschäftsstelle) who asked, one per other Zuweisung to
    its people – never to someone whose own project it is, nobody twice."""
    frage = _letzter_eintrag(sb, "rueckfrage_stellen")
    vorher = sb.versionen.filter(nummer__lt=version.nummer).order_by("-nummer").first()
    geaendert = [a["feld"] for a in unterschiede(vorher.daten, version.daten)] if vorher else []
    kontext = {
        "steckbrief": sb,
        "version": version,
        "frage": frage.text if frage else "",
        "fragende": str(frage.akteur) if frage and frage.akteur else "",
        "geaendert": geaendert,
        "wieder_geoeffnet": [b.zuweisung.pruefer_name for b in wieder_offen],
        "bewerten_url": reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]),
    }
    gesendet = set()

    def senden(personen, eigene_frage: bool):
        adressen = [
            p.email
            for p in personen
            if p.is_active and p.email not in gesendet and not regeln.eigenes_projekt(p, sb)
        ]
        gesendet.update(adressen)
        mail_senden(adressen, "rueckfrage_beantwortet", {**kontext, "eigene_frage": eigene_frage})

    if frage is not None and frage.akteur is not None:
        senden([frage.akteur], eigene_frage=True)
    zuweisungen = sb.zuweisungen.filter(befangen_am__isnull=True).select_related(
        "gebietskoerperschaft", "pruefer"
    )
    for zuweisung in zuweisungen:
        senden(_pruefende_personen(zuweisung), eigene_frage=False)


# --- Entscheidung, Fristen, Erinnerungen ---------------------------------------------------


def bewertungsstand(sb: Steckbrief) -> tuple[int, int]:
    """(non-befangen Zuweisungen, of those with a finalised Bewertung) of `sb`."""
    zuweisungen = Zuweisung.objects.filter(steckbrief=sb, befangen_am__isnull=True)
    abgeschlossen = zuweisungen.filter(bewertung__status=Bewertung.Status.ABGESCHLOSSEN)
    return zuweisungen.count(), abgeschlossen.count()


def entscheidung_begruendung(sb: Steckbrief) -> str:
    """The justification of the current decision of `sb`, as its audit entry recorded it
    (the notice mails exactly what was recorded)."""
    eintrag = _letzter_eintrag(sb, "entscheiden")
    return eintrag.text if eintrag else ""


def _bescheid_senden(sb: Steckbrief, akteur: User, begruendung: str, korrektur: bool) -> bool:
    """Record (locked, once) and mail the notice of the current decision of `sb` after
    commit. False if it was not sent (not decided, or recorded meanwhile)."""
    vermerkt = sb_services.bescheid_vermerken(
        sb, akteur, text="korrigierter Bescheid" if korrektur else "Bescheid an die Einreichenden"
    )
    if vermerkt is None:
        return False
    mail_senden(
        sb_services.mail_empfaenger(vermerkt),
        "entscheidung",
        {
            "steckbrief": vermerkt,
            "entscheidung": vermerkt.get_entscheidung_display(),
            "begruendung": begruendung,
            "korrektur": korrektur,
        },
    )
    sb.entscheidung_mitgeteilt_am = vermerkt.entscheidung_mitgeteilt_am
    return True


def entscheiden(
    sb: Steckbrief, akteur: User, entscheidung: str, begruendung: str, ausnahme_grund: str = ""
) -> Steckbrief:
    """The Geschäftsstelle records the decision. It is not mailed now: the notice goes out
    when the Geschäftsstelle releases it (bescheide_versenden); until then a new decision
    corrects it silently, after it a correction mails a corrected notice at once.
    A Steckbrief that is not fully reviewed (regeln.bewertung_offen) is decided only as an
    explicit exception with `ausnahme_grund`, audited on it."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann entscheiden.")
    if entscheidung not in Entscheidung.values:
        raise BewertungsFehler("Bitte wählen Sie eine gültige Entscheidung.")
    if entscheidung == Entscheidung.PRIORISIERT and ist_nicht_priorisierbar(sb):
        raise BewertungsFehler(
            f"„{sb}“ ist eine punktuelle Veranstaltung mit mehr als "
            f"{eur(veranstaltung_max_foerderung())} Fördermitteln "
            "und kann nicht priorisiert werden."
        )
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise UngueltigerUebergang("Bitte begründen Sie die Entscheidung.")
    ausnahme_grund = (ausnahme_grund or "").strip()
    regeln.pruefe_steuern(akteur, sb)
    with transaction.atomic():
        sb = sb_services.sperren(sb)
        pruefe_uebergang(sb.status, "entscheiden")
        offen = regeln.bewertung_offen(*bewertungsstand(sb))
        if offen and not ausnahme_grund:
            raise BewertungsFehler(
                f"Noch nicht vollständig bewertet ({offen}). Entscheiden Sie erst nach allen "
                "Bewertungen – oder ausdrücklich als Ausnahme mit Begründung."
            )
        mitgeteilt = sb.entscheidung_mitgeteilt_am is not None
        if (
            sb.status == Status.ENTSCHIEDEN
            and sb.entscheidung == entscheidung
            and entscheidung_begruendung(sb) == begruendung
        ):
            # A double click, or nothing to correct: no second audit entry, no second mail.
            raise BewertungsFehler(
                "Die Entscheidung ist bereits so festgehalten; es wurde nichts geändert."
            )
        sb = sb_services.status_setzen(
            sb, "entscheiden", akteur, text=begruendung, entscheidung=entscheidung
        )
        if offen:
            sb_services.protokollieren(
                sb,
                akteur,
                "Entscheidung trotz offener Bewertung",
                offen,
                Entscheidung(entscheidung).label,
                ausnahme_grund,
            )
        if mitgeteilt:
            _bescheid_senden(sb, akteur, begruendung, korrektur=True)
    return sb


def entscheiden_mehrere(
    steckbriefe, akteur: User, entscheidung: str, begruendung: str, ausnahme_grund: str = ""
) -> tuple[list[Steckbrief], list[tuple[Steckbrief, str]]]:
    """Decide several Steckbriefe; each one on its own (one failure does not stop the
    others; without `ausnahme_grund` the not fully reviewed ones fail). Returns (decided,
    [(Steckbrief, German reason), ...])."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann entscheiden.")
    erledigt, fehler = [], []
    for sb in steckbriefe:
        try:
            erledigt.append(entscheiden(sb, akteur, entscheidung, begruendung, ausnahme_grund))
        except (BewertungsFehler, NichtErlaubt, UngueltigerUebergang) as exc:
            fehler.append((sb, str(exc)))
    return erledigt, fehler


def bescheide_versenden(
    steckbriefe, akteur: User
) -> tuple[list[Steckbrief], list[tuple[Steckbrief, str]]]:
    """The Geschäftsstelle releases the notices of the decided Steckbriefe among
    `steckbriefe` whose current decision was not mailed yet: each is locked, recorded with
    the time (audited) and mailed after commit – at most once, however often this runs.
    Returns (mailed, [(Steckbrief, German reason it was skipped), ...])."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Bescheide versenden.")
    versendet, uebersprungen = [], []
    for sb in steckbriefe:
        with transaction.atomic():
            sb = sb_services.sperren(sb)
            grund = regeln.bescheid_nicht_versendbar(sb)
            if grund is None and not _bescheid_senden(
                sb, akteur, entscheidung_begruendung(sb), korrektur=False
            ):
                grund = "Bescheid inzwischen versendet."
        if grund:
            uebersprungen.append((sb, grund))
        else:
            versendet.append(sb)
    return versendet, uebersprungen


def frist_verlaengern(steckbriefe, akteur: User, bis: datetime.date) -> int:
    """The Geschäftsstelle extends the final deadline of single Steckbriefe."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Fristen verlängern.")
    if bis is None or bis < timezone.localdate():
        raise BewertungsFehler("Bitte wählen Sie ein Datum ab heute.")
    steckbriefe = list(steckbriefe)
    for sb in steckbriefe:
        regeln.pruefe_steuern(akteur, sb)
    anzahl = 0
    for sb in steckbriefe:
        sb_services.verlaengerung_setzen(sb, akteur, bis)
        anzahl += 1
    return anzahl


def offene_zuweisungen(gebietskoerperschaft=None, pruefer=None):
    """Non-befangen Zuweisungen of one reviewer without a finalised Bewertung."""
    zuweisungen = Zuweisung.objects.filter(
        befangen_am__isnull=True, steckbrief__status__in=regeln.BEWERTBAR
    ).exclude(bewertung__status=Bewertung.Status.ABGESCHLOSSEN)
    if gebietskoerperschaft is not None:
        return zuweisungen.filter(gebietskoerperschaft=gebietskoerperschaft)
    return zuweisungen.filter(pruefer=pruefer)


@transaction.atomic
def erinnern(akteur: User, gebietskoerperschaft=None, pruefer=None) -> int:
    """E-mail reminder to one Wirtschaftsförderung (all its users) or one person about
    their open Bewertungen, recorded (Erinnerung: when, by whom, how many open) for the
    progress page. Returns the number of open Bewertungen named."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann erinnern.")
    offen = list(
        offene_zuweisungen(gebietskoerperschaft, pruefer)
        .select_related("steckbrief")
        .order_by("steckbrief__titel")
    )
    if not offen:
        raise BewertungsFehler("Es sind keine Bewertungen offen.")
    if gebietskoerperschaft is not None:
        empfaenger = list(
            User.objects.filter(
                is_active=True,
                gebietskoerperschaft=gebietskoerperschaft,
                groups__name=Rolle.WIRTSCHAFTSFOERDERUNG.value,
            ).values_list("email", flat=True)
        )
        name = f"Wirtschaftsförderung {gebietskoerperschaft.name}"
    else:
        empfaenger = [pruefer.email] if pruefer.is_active else []
        name = str(pruefer)
    if not empfaenger:
        raise BewertungsFehler(f"Für {name} ist keine aktive E-Mail-Adresse hinterlegt.")
    phase = regeln.bewertungsphase()
    Erinnerung.objects.create(
        gebietskoerperschaft=gebietskoerperschaft,
        pruefer=pruefer if gebietskoerperschaft is None else None,
        gesendet_von=akteur,
        offen=len(offen),
        empfaenger=len(set(empfaenger)),
    )
    mail_senden(
        empfaenger,
        "bewertung_erinnerung",
        {
            "name": name,
            "steckbriefe": [
                (
                    z.steckbrief.titel or str(z.steckbrief),
                    reverse("admin:steckbriefe_steckbrief_bewerten", args=[z.steckbrief_id]),
                )
                for z in offen
            ],
            "ende": phase.ende if phase else None,
        },
    )
    return len(offen)


def personen_zur_auswahl():
    """People the Geschäftsstelle may assign by name: staff with role Wirtschaftsförderung
    or Geschäftsstelle."""
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(groups__name=Rolle.WIRTSCHAFTSFOERDERUNG.value)
            | Q(groups__name=Rolle.GESCHAEFTSSTELLE.value)
        )
        .distinct()
        .order_by("email")
    )


@transaction.atomic
def nachfrist_setzen(zuweisung: Zuweisung, akteur: User, bis: datetime.date | None) -> Zuweisung:
    """The Geschäftsstelle lets a reviewer score after the Bewertung phase (until `bis`)."""
    if not regeln.darf_steuern(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle kann Nachfristen gewähren.")
    zuweisung = Zuweisung.objects.select_for_update(of=("self",)).get(pk=zuweisung.pk)
    regeln.pruefe_steuern(akteur, zuweisung.steckbrief)
    alt = zuweisung.bewertbar_bis
    if alt == bis:
        return zuweisung
    zuweisung.bewertbar_bis = bis
    zuweisung.save(update_fields=["bewertbar_bis"])
    sb_services.protokollieren(
        zuweisung.steckbrief,
        akteur,
        "Nachfrist für Bewertung",
        f"{alt:%d.%m.%Y}" if alt else "–",
        f"{bis:%d.%m.%Y}" if bis else "–",
        zuweisung.pruefer_name,
    )
    return zuweisung


# --- exchange among the reviewers --------------------------------------------------------------

KOMMENTAR_AKTION = "Kommentar im Austausch"


def _stelle(akteur: User, zuweisung: Zuweisung | None) -> str:
    if akteur.ist_geschaeftsstelle:
        return "Geschäftsstelle"
    if zuweisung is not None and zuweisung.gebietskoerperschaft_id is not None:
        return f"Wirtschaftsförderung {zuweisung.gebietskoerperschaft.name}"
    return "persönlich zugewiesene Prüfende"


@transaction.atomic
def kommentar_schreiben(sb: Steckbrief, akteur: User, text: str) -> Kommentar:
    """A message in the exchange about `sb` among its reviewers and the Geschäftsstelle
    (regeln.austausch_hindernis). Audited without its text (the protocol is read more
    widely than the exchange)."""
    text = (text or "").strip()
    if not text:
        raise BewertungsFehler("Bitte schreiben Sie einen Text.")
    if len(text) > KOMMENTAR_MAX:
        raise BewertungsFehler(f"Bitte fassen Sie sich kürzer (höchstens {KOMMENTAR_MAX} Zeichen).")
    zuweisung = regeln.zuweisung_fuer(akteur, sb)
    if grund := regeln.austausch_hindernis(akteur, sb, zuweisung):
        raise NichtErlaubt(grund)
    kommentar = Kommentar.objects.create(
        steckbrief=sb, autor=akteur, stelle=_stelle(akteur, zuweisung), text=text
    )
    sb_services.protokollieren(
        sb, akteur, KOMMENTAR_AKTION, "", f"Nr. {kommentar.pk}", kommentar.stelle
    )
    _austausch_mitteilen(kommentar)
    return kommentar


def _austausch_mitteilen(kommentar: Kommentar) -> int:
    """Mail the others in the exchange about a new message: the people of the Steckbrief's
    non-befangen Zuweisungen and whoever wrote in it before (the Geschäftsstelle) – only
    those who may still read it (regeln.austausch_hindernis), never the author. The mail
    names the writing office and links to the exchange; the text stays in the portal.
    Returns the number of recipients."""
    sb, autor = kommentar.steckbrief, kommentar.autor
    personen: dict[int, User] = {}
    zuweisungen = sb.zuweisungen.filter(befangen_am__isnull=True).select_related(
        "gebietskoerperschaft", "pruefer"
    )
    for zuweisung in zuweisungen:
        for person in _pruefende_personen(zuweisung):
            personen.setdefault(person.pk, person)
    for person in User.objects.filter(
        pk__in=sb.kommentare.exclude(autor=None).values("autor"), is_active=True
    ):
        personen.setdefault(person.pk, person)
    personen.pop(autor.pk, None)
    adressen = [
        p.email
        for p in personen.values()
        if p.email and regeln.austausch_hindernis(p, sb, regeln.zuweisung_fuer(p, sb)) is None
    ]
    kontext = {
        "steckbrief": sb,
        "stelle": kommentar.stelle,
        "austausch_url": reverse("admin:steckbriefe_steckbrief_austausch", args=[sb.pk]),
    }
    for adresse in sorted(set(adressen)):  # one mail each: no one sees the others' addresses
        mail_senden(adresse, "austausch", kontext)
    return len(set(adressen))


KOMMENTAR_MAX = 5000
