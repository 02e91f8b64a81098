"""Demo data of the jury for `make run`: the demo round of the Ideenwettbewerb
(ideen.demo.RUNDE_2) gets the jury catalogue of the first round (copied, activated), its
notice texts, and a jury account jury@demo.example (password of konten.demo) with one
finalised score. Idempotent: what exists is left alone. Runs after ideen's demo step
(INSTALLED_APPS order)."""

from allauth.account.models import EmailAddress
from django.db import transaction

from handlungsfelder.models import Aufruf
from ideen.demo import RUNDE_2
from ideen.models import Idee, Status
from konten.demo import DEMO_PASSWORT
from konten.models import User

from . import jury, jury_services, services
from .models import Jurybescheid, JuryBewertung, Jurymitglied, Kriterienkatalog

JURY_LOGIN = "jury@demo.example"
IDEEN_2026 = "industrie-neu-denken-2026"
BEWERTET = "Zweites Leben für Traktionsbatterien"
WERTE = {"I1": 4, "I2": 5, "I3": 3, "I4": 4, "I5": 4}


def _katalog(aufruf: Aufruf) -> None:
    if jury.jury_katalog(aufruf.pk) is not None:
        return
    vorlage = Kriterienkatalog.alle.filter(aufruf_id=IDEEN_2026, aktiv=True).first()
    if vorlage is None:
        return
    kopie = services.katalog_kopieren(vorlage)
    kopie.aufruf = aufruf
    kopie.name = f"Jurykatalog {aufruf.name}"
    kopie.save(update_fields=["aufruf", "name"])
    services.katalog_aktivieren(kopie)


def _konto() -> User:
    user, neu = User.objects.get_or_create(
        email=JURY_LOGIN, defaults={"first_name": "Johanna", "last_name": "Jury", "is_staff": True}
    )
    if neu:
        user.set_password(DEMO_PASSWORT)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_jury_anlegen() -> int:
    """Returns the number of new rows (member, score)."""
    aufruf = Aufruf.objects.filter(slug=RUNDE_2).first()
    if aufruf is None:
        return 0
    _katalog(aufruf)
    vorlage = Jurybescheid.objects.filter(aufruf__slug=IDEEN_2026).first()
    if vorlage is not None:
        Jurybescheid.objects.get_or_create(aufruf=aufruf, defaults=vorlage.texte())
    user = _konto()
    gs = (
        User.objects.filter(email="geschaeftsstelle@demo.example").first()
        or User.objects.filter(is_superuser=True).first()
    )
    neu = 0
    mitglied = Jurymitglied.objects.filter(aufruf=aufruf, user=user).first()
    if mitglied is None and gs is not None:
        mitglied = jury_services.jury_hinzufuegen(aufruf, user, gs)
        neu += 1
    idee = Idee.objects.filter(aufruf=aufruf, titel=BEWERTET, status=Status.EINGEREICHT).first()
    if mitglied is None or idee is None or JuryBewertung.objects.filter(mitglied=mitglied).exists():
        return neu
    katalog = jury.jury_katalog(aufruf.pk)
    eingaben = {
        k.pk: jury_services.Eingabe(WERTE.get(k.code, 3), "Demodaten: überzeugender Ansatz.")
        for k in katalog.kriterien.filter(aktiv=True)
    }
    b = jury_services.bewertung_speichern(
        idee, user, eingaben, "priorisieren", "Starkes Team, klarer Markt.", 0
    )
    jury_services.bewertung_abschliessen(idee, user, b.version)
    return neu + 1
