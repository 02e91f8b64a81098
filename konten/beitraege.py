"""What the apps above konten contribute to the accounts: konten knows accounts and
Organisationen, not what other apps store for them. Each app that holds data of a user or
an Organisation registers its part here in its AppConfig.ready:

- `Bestand`: what an Organisation still holds (steckbriefe: its Steckbriefe), for the rules
  on leaving it and deleting an account, and the "Meine Organisation" page.
- `Auskunftsteil`: its sections of the DSGVO Art. 15 export of a user.
- `Demoschritt`: its demo data for `manage.py demodaten`, in the order of the layers.
- `ansprechperson`: where an address is named as contact person in a record of the
  Organisation (steckbriefe: its Steckbriefe), so that removing a member says what to update.
- `loeschen`: its part of deleting a user (DSGVO Art. 17), called by
  `konten.services.konto_loeschen` inside its transaction, before the user's row is deleted
  (the user and their membership are still there to be read).

Rows that point at the user are removed or anonymised by the deletion itself (on_delete
CASCADE for their own inputs, SET_NULL for records that keep their content, such as audit
entries and versions). The `loeschen` hook is for copies of the person's data that no
foreign key reaches: their name and address typed into a record of the Organisation."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bestand:
    """What an Organisation holds in one app."""

    gesamt: int  # all of it: the Organisation is kept while anything remains
    aktiv: int  # what still needs a contact person (a member)
    zurueckziehbar: int  # of the active ones, how many the members can still withdraw


# (Organisation) -> Bestand
_BESTAND: list[Callable] = []
# (user, Organisation | None) -> {section name: JSON-able data}
_AUSKUNFT: list[Callable] = []
# () -> (label, number created)
_DEMO: list[Callable] = []
# (user) -> None
_LOESCHEN: list[Callable] = []
# (Organisation, e-mail address) -> [Fundstelle]
_ANSPRECHPERSON: list[Callable] = []


@dataclass(frozen=True)
class Fundstelle:
    """A record that names someone, with the page where the members change it."""

    text: str
    url: str


def _dazu(liste: list, funktion: Callable | None) -> None:
    if funktion is not None and funktion not in liste:
        liste.append(funktion)


def registrieren(
    *, bestand=None, auskunft=None, demo=None, loeschen=None, ansprechperson=None
) -> None:
    """Register an app's contributions (each optional); idempotent."""
    _dazu(_ANSPRECHPERSON, ansprechperson)
    _dazu(_BESTAND, bestand)
    _dazu(_AUSKUNFT, auskunft)
    _dazu(_DEMO, demo)
    _dazu(_LOESCHEN, loeschen)


def bestand(organisation) -> Bestand:
    """What the Organisation holds across all apps."""
    teile = [f(organisation) for f in _BESTAND]
    return Bestand(
        gesamt=sum(t.gesamt for t in teile),
        aktiv=sum(t.aktiv for t in teile),
        zurueckziehbar=sum(t.zurueckziehbar for t in teile),
    )


def als_ansprechperson(organisation, email: str) -> list[Fundstelle]:
    """The Organisation's records that name `email` as contact person, across all apps."""
    if not email:
        return []
    return [f for funktion in _ANSPRECHPERSON for f in funktion(organisation, email)]


def auskunftsteile(user, organisation) -> dict:
    """The sections the apps contribute to the user's Art. 15 export."""
    teile: dict = {}
    for f in _AUSKUNFT:
        teile.update(f(user, organisation))
    return teile


def vor_dem_loeschen(user) -> None:
    """Let every app remove the user's personal data it keeps beyond foreign keys."""
    for f in _LOESCHEN:
        f(user)


def demoschritte() -> list[Callable]:
    """The registered demo steps, in registration order (the apps' order in
    INSTALLED_APPS, which follows the layers)."""
    return list(_DEMO)
