"""Demo users for `make run`: one per role and one per Wirtschaftsförderung. Idempotent."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from handlungsfelder.models import Gebietskoerperschaft

from .models import Rolle, User

DEMO_PASSWORT = "Demo-Steckbrief-2026"  # noqa: S105 - development demo data only


@dataclass(frozen=True)
class DemoLogin:
    email: str
    rolle: str
    vorname: str
    nachname: str
    ags: str | None = None
    superuser: bool = False


WF_KUERZEL = {
    "14511": "chemnitz",
    "14521": "erzgebirge",
    "14522": "mittelsachsen",
    "14523": "vogtland",
    "14524": "zwickau",
}

DEMO_LOGINS = [
    DemoLogin("admin@demo.example", "Superuser (Technik)", "Ada", "Admin", superuser=True),
    DemoLogin("geschaeftsstelle@demo.example", Rolle.GESCHAEFTSSTELLE, "Greta", "Prognos"),
    *[
        DemoLogin(
            f"wf-{kurz}@demo.example", Rolle.WIRTSCHAFTSFOERDERUNG, "Wiebke", kurz.title(), ags
        )
        for ags, kurz in WF_KUERZEL.items()
    ],
    DemoLogin("einreichend@demo.example", Rolle.EINREICHENDE, "Emil", "Einreicher"),
    DemoLogin("kollegin@demo.example", Rolle.EINREICHENDE, "Karla", "Kollegin"),
]


@transaction.atomic
def demo_nutzer_anlegen() -> dict[str, User]:
    gks = {g.ags: g for g in Gebietskoerperschaft.objects.all()}
    groups = {g.name: g for g in Group.objects.all()}
    users = {}
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            email=login.email,
            defaults={
                "first_name": login.vorname,
                "last_name": login.nachname,
                "is_staff": login.superuser or login.rolle != Rolle.EINREICHENDE,
                "is_superuser": login.superuser,
                "gebietskoerperschaft": gks.get(login.ags) if login.ags else None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORT)
            user.save(update_fields=["password"])
        if login.rolle in groups:
            user.groups.add(groups[login.rolle])
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users[login.email] = user
    return users
