"""factory_boy factories for the portal's models."""

import factory
from django.contrib.auth.models import Group

from handlungsfelder.models import Gebietskoerperschaft
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
