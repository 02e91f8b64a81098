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
    Mitgliedschaft.objects.create(user=user, organisation=organisation or OrganisationFactory())
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
