"""Demo users for `make run`: one per role and one per Wirtschaftsförderung, the two demo
submitters in one demo Organisation with an open invitation for a third address. Idempotent."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from handlungsfelder.models import Gebietskoerperschaft

from .models import Einladung, Mitgliedschaft, Organisation, Organisationstyp, Rolle, User

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
    demo_organisation_anlegen()
    return users


DEMO_ORGANISATION = {
    "name": "Stadtwerke Musterhausen GmbH",
    "typ": Organisationstyp.UNTERNEHMEN,
    "strasse": "Bahnhofstraße 12",
    "plz": "09111",
    "ort": "Musterhausen",
}
DEMO_MITGLIEDER = ["einreichend@demo.example", "kollegin@demo.example"]
DEMO_EINGELADEN = "neu@demo.example"


@transaction.atomic
def demo_organisation_anlegen() -> Organisation:
    """The demo submitters' Organisation. Leaves memberships alone that someone changed
    while trying the portal out; renews the demo invitation when it has expired."""
    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION["name"], defaults=DEMO_ORGANISATION
    )
    for email in DEMO_MITGLIEDER:
        Mitgliedschaft.objects.get_or_create(
            user=User.objects.get(email=email),
            # The first demo submitter administers the Organisation, like a founder.
            defaults={"organisation": organisation, "ist_admin": email == DEMO_MITGLIEDER[0]},
        )
    if not organisation.mitgliedschaften.filter(ist_admin=True).exists():
        organisation.mitgliedschaften.filter(user__email=DEMO_MITGLIEDER[0]).update(ist_admin=True)
    if not organisation.mitgliedschaften.filter(user__email=DEMO_EINGELADEN).exists():
        einladung = organisation.einladungen.filter(
            email=DEMO_EINGELADEN, angenommen_am__isnull=True
        ).first()
        if einladung is None:
            Einladung.objects.create(
                organisation=organisation,
                email=DEMO_EINGELADEN,
                eingeladen_von=User.objects.get(email=DEMO_MITGLIEDER[0]),
                # Never mailed: dated back so that "Erneut senden" works right away.
                erstellt=timezone.now() - timedelta(days=1),
            )
        elif einladung.abgelaufen:
            einladung.gueltig_bis = Einladung._meta.get_field("gueltig_bis").get_default()
            einladung.save(update_fields=["gueltig_bis"])
    return organisation


def demo() -> tuple[str, int]:
    """The demo step of konten (konten.beitraege): the demo accounts come first."""
    return "Demo-Zugänge bereit", len(demo_nutzer_anlegen())
