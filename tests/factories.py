"""factory_boy factories for the portal's models."""

import factory
from django.contrib.auth.models import Group

from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from konten.models import Rolle, User

PASSWORT = "Steckbrief-Test-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORT)

    @factory.post_generation
    def rolle(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=Rolle(extracted).value))
        if create:
            self.save()


def wirtschaftsfoerderung(ags: str = "14524", **kwargs) -> User:
    return UserFactory(
        rolle=Rolle.WIRTSCHAFTSFOERDERUNG,
        gebietskoerperschaft=Gebietskoerperschaft.objects.get(ags=ags),
        is_staff=True,
        **kwargs,
    )


def geschaeftsstelle(**kwargs) -> User:
    return UserFactory(rolle=Rolle.GESCHAEFTSSTELLE, is_staff=True, **kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "konten.Organisation"

    name = factory.Sequence(lambda n: f"Musterstadt {n} GmbH")
    typ = "unternehmen"
    strasse = "Markt 1"
    plz = "09111"
    ort = "Chemnitz"


def mitglied(organisation=None, **kwargs) -> User:
    """A submitter who belongs to `organisation` (a new one if not given)."""
    from konten.models import Mitgliedschaft

    user = UserFactory(rolle=Rolle.EINREICHENDE, **kwargs)
    organisation = organisation or OrganisationFactory()
    # The first member administers the Organisation, like its founder (konten.services).
    erstes = not organisation.mitgliedschaften.exists()
    Mitgliedschaft.objects.create(user=user, organisation=organisation, ist_admin=erstes)
    return user


class SteckbriefFactory(factory.django.DjangoModelFactory):
    """A Steckbrief with all V fields filled (ready for a vorläufige submission)."""

    class Meta:
        model = "steckbriefe.Steckbrief"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    titel = factory.Sequence(lambda n: f"Wasserstoff-Reallabor Südwestsachsen {n}")
    kurzbeschreibung = "Ein Reallabor für Wasserstoff in der Produktion."
    ansprechperson_name = "Erika Muster"
    ansprechperson_email = "erika@example.org"
    handlungsfeld = factory.LazyFunction(lambda: Handlungsfeld.objects.get(code="HF1"))
    datenschutz_akzeptiert = True

    @factory.post_generation
    def gebiete(self, create, extracted, **kwargs):
        if not create:
            return
        agss = extracted if extracted is not None else ["14524"]
        self.gebietskoerperschaften.set(Gebietskoerperschaft.objects.filter(ags__in=agss))


def final_vollstaendig(sb):
    """Fill every F field of `sb` (and one Meilenstein and Zieldimension)."""
    import datetime
    from decimal import Decimal

    from handlungsfelder.models import Zieldimension
    from steckbriefe.models import Meilenstein

    for feld in [
        "ausgangssituation",
        "ziele",
        "kernansatz",
        "transformationsbezug",
        "zusatzeffekt",
        "strahlkraft",
        "nachhaltigkeit",
        "finanzierungsplan",
    ]:
        setattr(sb, feld, f"Text für {feld}")
    sb.vorhabenart = "investition"
    sb.reifegrad = "konzept"
    sb.beginn = datetime.date(2027, 1, 1)
    sb.ende = datetime.date(2029, 12, 1)
    sb.gesamtvolumen = Decimal("2500000")
    sb.foerdermittel = Decimal("2000000")
    sb.save()
    sb.zieldimensionen.set(Zieldimension.objects.filter(code="HF1.1"))
    Meilenstein.objects.get_or_create(
        steckbrief=sb, bezeichnung="Baubeginn", defaults={"termin": datetime.date(2027, 6, 1)}
    )
    return sb


def ideenaufruf(slug: str = "ideen-test", beginn: int = -10, ende: int = 20, **kwargs):
    """A published Ideenwettbewerb whose submission phase runs from `beginn` to `ende` days
    relative to today (open today with the defaults)."""
    import datetime

    from django.utils import timezone

    from handlungsfelder.models import Aufruf, AufrufPhase

    heute = timezone.localdate()
    aufruf = Aufruf.objects.create(
        slug=slug,
        name=kwargs.pop("name", f"Ideenwettbewerb {slug}"),
        format="ideenwettbewerb",
        teilnehmende="personen",
        kurzbeschreibung="Neue Produktideen für Zukunftsmärkte.",
        beschreibung="Worum es geht.",
        zielgruppe="Talente, Gründende, Forschende.",
        bewertungsverfahren="Eine Jury bewertet.",
        naechste_schritte="Die Jury bewertet die Ideen.",
        **kwargs,
    )
    AufrufPhase.objects.create(
        aufruf=aufruf,
        name="Einreichung der Ideen",
        beginn=heute + datetime.timedelta(days=beginn),
        ende=heute + datetime.timedelta(days=ende),
        nimmt_entwuerfe=True,
        nimmt_einreichungen=True,
    )
    return aufruf


def idee(aufruf, eigentuemer, vollstaendig: bool = True, **felder):
    """An idea of `eigentuemer` in `aufruf` (a draft; with every required field and one
    team member unless vollstaendig=False)."""
    from ideen.models import Idee, TeamMitglied

    if vollstaendig:
        felder = {
            "titel": "Sensorhaut für Greifer",
            "kernsatz": "Eine Folie gibt Greifern Tastsinn.",
            "problem": "Empfindliche Teile lassen sich nicht greifen.",
            "loesung": "Gedruckte Sensorfolie mit Auswertung in der Folie.",
            "reifegrad": 4,
            "regionsbezug": "Entstanden an der TU Chemnitz.",
            **felder,
        }
    obj = Idee.objects.create(aufruf=aufruf, eigentuemer=eigentuemer, **felder)
    if vollstaendig:
        TeamMitglied.objects.create(idee=obj, name="Theo Tüftler", rolle="Forschung")
    return obj


def jurymitglied(aufruf, user=None, **kwargs):
    """A jury member of `aufruf` (a new staff account in the Group „Jury“ if not given),
    with the call's jury catalogue active (the Ideenwettbewerb's criteria, weights 100)."""
    from django.contrib.auth.models import Group

    from bewertung.models import Jurymitglied, Kriterienkatalog, Kriterium, Skalenstufe

    if not Kriterienkatalog.alle.filter(aufruf=aufruf, aktiv=True).exists():
        katalog = Kriterienkatalog.alle.create(
            aufruf=aufruf, name=f"Jury {aufruf.slug}", runde="Test", aktiv=True
        )
        Skalenstufe.objects.bulk_create(
            Skalenstufe(katalog=katalog, wert=w, bezeichnung=f"Stufe {w}") for w in range(6)
        )
        Kriterium.objects.bulk_create(
            Kriterium(katalog=katalog, code=c, name=n, gewicht=g, reihenfolge=i)
            for i, (c, n, g) in enumerate(
                [("I1", "Innovationsgrad", 40), ("I2", "Marktpotenzial", 30), ("I3", "Team", 30)]
            )
        )
    if user is None:
        user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name="Jury"))
    return Jurymitglied.objects.create(aufruf=aufruf, user=user)
