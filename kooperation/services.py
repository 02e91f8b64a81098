"""The transitions of the Kooperationsbörse and the Bündelung, one function each (no request).

- profil_speichern: a member sets the Steckbrief's consent and offer (the similarity is
  recomputed after commit: the offer is one of its inputs).
- kontakt_anfragen: a request to another Vorhaben in the Börse; the other side's members
  and contact person get the message with the sender's name and address, so that they can
  answer – their own addresses stay hidden until they do.
- urteilen: the Geschäftsstelle judges a pair („bündeln“ / „kein Zusammenhang“), audited on
  both Steckbriefe; „kein Zusammenhang“ removes the pair from the similarity lists for
  good; „bündeln“ with notification mails both submitters (title and organisation of the
  other Vorhaben and the Geschäftsstelle's reason, no addresses)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kern.mail import mail_senden
from steckbriefe.models import AuditEintrag, Steckbrief
from steckbriefe.regeln import NichtErlaubt
from steckbriefe.services import mail_empfaenger

from . import regeln
from .berechnung import EINBEZOGEN
from .models import Aehnlichkeit, Kontaktanfrage, Kooperationsprofil, Urteil, Zusammenhang

KONTAKTE_JE_TAG = 10  # requests one person may send per day


def profil_speichern(
    sb: Steckbrief, akteur, kontakt_erlaubt: bool, angebot: str
) -> Kooperationsprofil:
    if not regeln.darf_profil_bearbeiten(akteur, sb):
        raise NichtErlaubt("Nur Mitglieder der einreichenden Organisation ändern diese Angaben.")
    profil, _ = Kooperationsprofil.objects.update_or_create(
        steckbrief=sb,
        defaults={"kontakt_erlaubt": kontakt_erlaubt, "angebot": angebot, "geaendert_von": akteur},
    )
    sb.kooperationsprofil = profil
    return profil


@transaction.atomic
def kontakt_anfragen(von: Steckbrief, an: Steckbrief, akteur, nachricht: str) -> Kontaktanfrage:
    nachricht = nachricht.strip()
    if not nachricht:
        raise NichtErlaubt("Bitte schreiben Sie eine Nachricht.")
    regeln.pruefe_kontakt(akteur, von, an)
    seit = timezone.now() - datetime.timedelta(days=1)
    if Kontaktanfrage.objects.filter(absender=akteur, erstellt__gte=seit).count() >= (
        KONTAKTE_JE_TAG
    ):
        raise NichtErlaubt(
            f"Sie haben heute bereits {KONTAKTE_JE_TAG} Kontaktanfragen gesendet. Bitte "
            "versuchen Sie es morgen wieder."
        )
    anfrage = Kontaktanfrage.objects.create(von=von, an=an, absender=akteur, nachricht=nachricht)
    mail_senden(
        mail_empfaenger(an),
        "kontaktanfrage",
        {
            "von": von,
            "an": an,
            "nachricht": nachricht,
            "absender_name": akteur.get_full_name() or akteur.email,
            "absender_email": akteur.email,
        },
    )
    return anfrage


@transaction.atomic
def urteilen(
    a: Steckbrief,
    b: Steckbrief,
    akteur,
    urteil: str,
    begruendung: str = "",
    benachrichtigen: bool = False,
) -> Zusammenhang:
    if not regeln.darf_buendeln(akteur):
        raise NichtErlaubt("Nur die Geschäftsstelle bündelt Vorhaben.")
    if a.pk == b.pk:
        raise NichtErlaubt("Ein Vorhaben kann nicht mit sich selbst gebündelt werden.")
    if a.status not in EINBEZOGEN or b.status not in EINBEZOGEN:
        raise NichtErlaubt("Nur eingereichte, nicht zurückgezogene Vorhaben werden gebündelt.")
    urteil = Urteil(urteil)
    erster, zweiter = sorted([a, b], key=lambda s: s.pk)
    zusammenhang, _ = Zusammenhang.objects.update_or_create(
        erster=erster,
        zweiter=zweiter,
        defaults={"urteil": urteil, "begruendung": begruendung.strip(), "von": akteur},
    )
    for sb, anderer in [(erster, zweiter), (zweiter, erster)]:
        AuditEintrag.objects.create(
            steckbrief=sb,
            akteur=akteur,
            aktion=f"Bündelung: {urteil.label}",
            neu=f"Nr. {anderer.pk} „{anderer.titel}“",
            text=zusammenhang.begruendung,
        )
    if urteil == Urteil.KEIN_ZUSAMMENHANG:
        Aehnlichkeit.objects.filter(
            Q(steckbrief=erster, anderer=zweiter) | Q(steckbrief=zweiter, anderer=erster)
        ).delete()
    elif benachrichtigen:
        for sb, anderer in [(erster, zweiter), (zweiter, erster)]:
            mail_senden(
                mail_empfaenger(sb),
                "buendelung",
                {"steckbrief": sb, "anderer": anderer, "begruendung": zusammenhang.begruendung},
            )
        zusammenhang.benachrichtigt_am = timezone.now()
        zusammenhang.save(update_fields=["benachrichtigt_am"])
    return zusammenhang
