"""What happens in the jury's evaluation of ideas: one function per action. Each locks its
row, checks the rules (bewertung.jury), saves, writes the idea's audit entry
(ideen.services.protokollieren) and sends mails after commit (kern.mail). The stages of an
idea are ideen.services' (in_vorauswahl …); `bescheide_versenden` adds the call's notice
text."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from handlungsfelder.models import Aufruf, Aufrufformat
from ideen import services as ideen_services
from ideen.models import Idee
from kern.mail import mail_senden
from konten.models import User
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle

from . import jury
from .aggregation import punkte
from .jury import JURY, JuryFehler
from .models import (
    Bewertung,
    JuryBefangenheit,
    Jurybescheid,
    JuryBewertung,
    JuryEinzelbewertung,
    Jurymitglied,
)
from .regeln import NichtErlaubt
from .services import (
    BewertungsFehler,
    Eingabe,
    Konflikt,
    Unvollstaendig,
    _wert_text,
    einzelwerte_schreiben,
    entwurf_zum_speichern,
    fehlt_zum_abschluss,
)

__all__ = ["Eingabe", "JuryFehler", "Konflikt", "Unvollstaendig"]


def _nur_geschaeftsstelle(akteur: User) -> None:
    if not ist_geschaeftsstelle(akteur):
        raise JuryFehler("Nur die Geschäftsstelle darf das.")


# --- the jury -------------------------------------------------------------------------------


def zu_bewerten(mitglied: Jurymitglied) -> list[Idee]:
    """The submitted ideas of the member's call they are not befangen for."""
    ideen = (
        jury.im_verfahren()
        .filter(aufruf_id=mitglied.aufruf_id)
        .exclude(eigentuemer_id=mitglied.user_id)
        .exclude(mitwirkende__user_id=mitglied.user_id)
        .exclude(jury_befangenheiten__mitglied=mitglied)
    )
    return list(ideen.order_by("titel", "pk"))


def jury_mitteilen(mitglied: Jurymitglied) -> int:
    """One mail to the member with the ideas to score (none if there are none); returns
    the number of ideas named."""
    ideen = zu_bewerten(mitglied)
    if ideen:
        mail_senden(
            mitglied.user.email,
            "jury_zuweisung",
            {
                "aufruf": mitglied.aufruf,
                "ideen": [
                    (i.titel or str(i), reverse("admin:bewertung_juryidee_bewerten", args=[i.pk]))
                    for i in ideen
                ],
            },
        )
    return len(ideen)


@transaction.atomic
def jury_hinzufuegen(aufruf: Aufruf, user: User, akteur: User) -> Jurymitglied:
    """Put `user` on the jury of `aufruf` (Geschäftsstelle): a staff account in the Group
    „Jury“; one mail listing the submitted ideas to score."""
    _nur_geschaeftsstelle(akteur)
    aufruf = Aufruf.objects.select_for_update().get(pk=aufruf.pk)
    if aufruf.format != Aufrufformat.IDEENWETTBEWERB:
        raise JuryFehler(f"„{aufruf}“ ist kein Ideenwettbewerb und hat keine Jury.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if not ist_aktiv(user):
        raise JuryFehler(f"Das Konto {user.email} ist deaktiviert.")
    if Jurymitglied.objects.filter(aufruf=aufruf, user=user).exists():
        raise JuryFehler(f"{user} gehört bereits zur Jury von „{aufruf}“.")
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=JURY))
    mitglied = Jurymitglied.objects.create(aufruf=aufruf, user=user, hinzugefuegt_von=akteur)
    jury_mitteilen(mitglied)
    return mitglied


@transaction.atomic
def jury_entfernen(mitglied: Jurymitglied, akteur: User) -> None:
    """Take a member off the jury – only while they have not scored anything."""
    _nur_geschaeftsstelle(akteur)
    mitglied = Jurymitglied.objects.select_for_update().get(pk=mitglied.pk)
    if mitglied.bewertungen.exists():
        raise JuryFehler(
            f"{mitglied.user} hat bereits Ideen bewertet und bleibt deshalb in der Jury."
        )
    mitglied.delete()


@transaction.atomic
def befangenheit_erklaeren(idee: Idee, akteur: User, grund: str) -> JuryBefangenheit:
    """The jury member declares Befangenheit for the idea (with a reason); their draft,
    if any, no longer counts. Audited on the idea."""
    idee = ideen_services.sperren(idee)
    mitglied = jury.mitglied_fuer(akteur, idee.aufruf_id)
    if mitglied is None:
        raise JuryFehler("Sie gehören nicht zur Jury dieses Aufrufs.")
    grund = (grund or "").strip()
    if not grund:
        raise JuryFehler("Bitte geben Sie den Grund der Befangenheit an.")
    if JuryBefangenheit.objects.filter(idee=idee, mitglied=mitglied).exists():
        raise JuryFehler("Sie haben Ihre Befangenheit für diese Idee bereits erklärt.")
    if JuryBewertung.objects.filter(
        idee=idee, mitglied=mitglied, status=Bewertung.Status.ABGESCHLOSSEN
    ).exists():
        raise JuryFehler(
            "Ihre Bewertung ist bereits abgeschlossen. Bitte wenden Sie sich an die "
            "Geschäftsstelle."
        )
    eintrag = JuryBefangenheit.objects.create(idee=idee, mitglied=mitglied, grund=grund[:2000])
    ideen_services.protokollieren(idee, akteur, "Befangenheit erklärt (Jury)", text=grund[:2000])
    return eintrag


# --- scoring --------------------------------------------------------------------------------


def bewertung_holen(idee: Idee, mitglied: Jurymitglied) -> JuryBewertung:
    """The member's score of the idea; an unsaved new one against the call's active
    catalogue if none yet."""
    bewertung = (
        JuryBewertung.objects.select_related("katalog").filter(idee=idee, mitglied=mitglied).first()
    )
    if bewertung is not None:
        return bewertung
    katalog = jury.jury_katalog(idee.aufruf_id)
    if katalog is None:
        raise JuryFehler(
            f"Für „{idee.aufruf}“ ist kein Kriterienkatalog aktiv. Die Geschäftsstelle legt "
            "ihn unter „Kriterienkataloge“ fest."
        )
    return JuryBewertung(idee=idee, mitglied=mitglied, katalog=katalog, version=0)


def _sperren_und_pruefen(idee: Idee, akteur: User) -> tuple[Idee, Jurymitglied]:
    idee = ideen_services.sperren(idee)
    if grund := jury.bewerten_hindernis(akteur, idee):
        raise JuryFehler(grund)
    return idee, jury.mitglied_fuer(akteur, idee.aufruf_id)


def _punkte_speichern(bewertung: JuryBewertung) -> None:
    JuryBewertung.objects.filter(pk=bewertung.pk).update(punkte=punkte(einzeln=JuryEinzelbewertung))
    bewertung.refresh_from_db(fields=["punkte"])


@transaction.atomic
def bewertung_speichern(
    idee: Idee,
    akteur: User,
    eingaben: dict[int, Eingabe],
    empfehlung: str,
    kommentar: str,
    version: int,
) -> JuryBewertung:
    """Save the member's draft. `version` is the one the form was loaded with (0 for a new
    one); an outdated one raises Konflikt and nothing is saved."""
    idee, mitglied = _sperren_und_pruefen(idee, akteur)

    def anlegen() -> JuryBewertung:
        neu = bewertung_holen(idee, mitglied)
        neu.geaendert_von = akteur
        neu.save()
        return neu

    try:
        bewertung, kriterien = entwurf_zum_speichern(
            JuryBewertung.objects.filter(idee=idee, mitglied=mitglied),
            anlegen,
            version,
            empfehlung,
            eingaben,
        )
    except (BewertungsFehler, NichtErlaubt) as exc:  # the Steckbriefe' German messages
        raise JuryFehler(str(exc)) from exc

    aenderungen = [
        f"{a.code}: {_wert_text(a.vorher)} → {_wert_text(a.nachher)}"
        for a in einzelwerte_schreiben(bewertung, eingaben, kriterien)
    ]
    bewertung.empfehlung = empfehlung
    bewertung.kommentar = (kommentar or "").strip()
    bewertung.version += 1
    bewertung.geaendert_von = akteur
    bewertung.save()
    _punkte_speichern(bewertung)
    if aenderungen:
        ideen_services.protokollieren(
            idee, akteur, "Jury-Bewertung geändert", neu="; ".join(aenderungen)
        )
    return bewertung


@transaction.atomic
def bewertung_abschliessen(idee: Idee, akteur: User, version: int) -> JuryBewertung:
    """Finalise the member's score: complete (services.fehlt_zum_abschluss, the rules of
    the Steckbriefe), then read-only; audited."""
    idee, mitglied = _sperren_und_pruefen(idee, akteur)
    bewertung = (
        JuryBewertung.objects.select_for_update(of=("self",))
        .select_related("katalog")
        .filter(idee=idee, mitglied=mitglied)
        .first()
    )
    if bewertung is None:
        raise JuryFehler("Bitte speichern Sie Ihre Bewertung zuerst.")
    if bewertung.version != version:
        raise Konflikt(bewertung)
    if bewertung.ist_abgeschlossen:
        raise JuryFehler("Diese Bewertung ist bereits abgeschlossen.")
    if fehlt := fehlt_zum_abschluss(bewertung):
        raise Unvollstaendig(fehlt)
    bewertung.als_abgeschlossen_markieren(akteur)
    bewertung.save()
    _punkte_speichern(bewertung)
    ideen_services.protokollieren(
        idee,
        akteur,
        "Jury-Bewertung abgeschlossen",
        neu=f"{bewertung.punkte:.1f} von 100".replace(".", ",")
        if bewertung.punkte is not None
        else "",
    )
    return bewertung


@transaction.atomic
def bewertung_wieder_oeffnen(bewertung: JuryBewertung, akteur: User, grund: str) -> JuryBewertung:
    """The Geschäftsstelle reopens a finalised score, with a reason (audited)."""
    _nur_geschaeftsstelle(akteur)
    grund = (grund or "").strip()
    if not grund:
        raise JuryFehler("Bitte geben Sie an, warum die Bewertung wieder geöffnet wird.")
    bewertung = (
        JuryBewertung.objects.select_for_update(of=("self",))
        .select_related("idee", "mitglied__user")
        .get(pk=bewertung.pk)
    )
    if not bewertung.ist_abgeschlossen:
        raise JuryFehler("Diese Bewertung ist nicht abgeschlossen.")
    bewertung.als_entwurf_markieren()
    bewertung.save()
    ideen_services.protokollieren(
        bewertung.idee,
        akteur,
        "Jury-Bewertung wieder geöffnet",
        alt=str(bewertung.mitglied.user),
        text=grund[:2000],
    )
    return bewertung


# --- notices --------------------------------------------------------------------------------


def bescheide_versenden(ideen, akteur: User) -> tuple[int, list[str]]:
    """Send the notice of each decided idea (and each invitation to the pitch) once, with
    the call's text (Jurybescheid). Returns (sent, German reasons for the skipped)."""
    _nur_geschaeftsstelle(akteur)
    texte = {
        b.aufruf_id: b for b in Jurybescheid.objects.filter(aufruf__in={i.aufruf_id for i in ideen})
    }
    gesendet, uebersprungen = 0, []
    for idee in ideen:
        vorlage = texte.get(idee.aufruf_id)
        try:
            ideen_services.bescheid_versenden(idee, akteur, vorlage.texte() if vorlage else {})
        except ideen_services.NichtMoeglich as exc:
            uebersprungen.append(str(exc))
        else:
            gesendet += 1
    return gesendet, uebersprungen


# --- DSGVO Art. 15 --------------------------------------------------------------------------


def jury_auskunft(user: User) -> dict:
    """The user's jury data: memberships, scores (with every criterion) and declared
    Befangenheit; {} for somebody never on a jury (one query then)."""
    mitgliedschaften = list(Jurymitglied.objects.filter(user=user).select_related("aufruf"))
    if not mitgliedschaften:
        return {}
    bewertungen = (
        JuryBewertung.objects.filter(mitglied__user=user)
        .select_related("idee")
        .prefetch_related("einzeln__kriterium")
        .order_by("pk")
    )
    erklaert = JuryBefangenheit.objects.filter(mitglied__user=user).select_related("idee")
    return {
        "Jury des Ideenwettbewerbs": {
            "aufrufe": [
                {"aufruf": m.aufruf.name, "seit": timezone.localtime(m.seit).isoformat()}
                for m in mitgliedschaften
            ],
            "bewertungen": [
                {
                    "idee": b.idee_id,
                    "titel": b.idee.titel,
                    "status": b.get_status_display(),
                    "punkte": b.punkte,
                    "empfehlung": b.get_empfehlung_display(),
                    "kommentar": b.kommentar,
                    "kriterien": [
                        {
                            "kriterium": e.kriterium.name,
                            "wert": e.wert,
                            "begruendung": e.begruendung,
                        }
                        for e in b.einzeln.all()
                    ],
                }
                for b in bewertungen
            ],
            "befangenheit": [
                {"idee": e.idee_id, "titel": e.idee.titel, "grund": e.grund} for e in erklaert
            ],
        }
    }
