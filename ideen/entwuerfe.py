"""Autosave of an idea's form, the pattern of steckbriefe.entwuerfe: the raw, unvalidated
input of one person is kept (IdeeZwischenstand) while typing, so that nothing typed is lost
– not when the tab closes, not when somebody else saved meanwhile, not when the phase
closed. The explicit save (services.entwurf_speichern) refuses a stale revision; the kept
input is shown again in the form and removed after a successful save or on discarding.

Only the form's own fields are kept, each bounded (a text up to twice its limit, so that
the form can show the error instead of cutting); requests are throttled per person and
minute with the Steckbriefe' counter (steckbriefe.entwuerfe.drosseln)."""

import functools

from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.utils.datastructures import MultiValueDict

from kern.eingaben import zahl_aus

from .forms import IdeeForm, TeamFormSet
from .models import Idee, IdeeZwischenstand
from .services import MAX_TEAM

ZEICHEN_SONST = 200


def _zeichen(field) -> int:
    laenge = getattr(field, "max_length", None)
    return 2 * int(laenge) if laenge else ZEICHEN_SONST


@functools.cache
def grenzen() -> dict[str, int]:
    """Every name the form posts (but the file) → characters kept of it."""
    ergebnis = {
        name: _zeichen(field)
        for name, field in IdeeForm().fields.items()
        if name not in ("pitchdeck_datei", "pitchdeck_entfernen")
    }
    for name in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT):
        ergebnis[f"team-{name}"] = ZEICHEN_SONST
    zeile = TeamFormSet(prefix="team").empty_form
    for i in range(MAX_TEAM):
        for name, field in zeile.fields.items():
            ergebnis[f"team-{i}-{name}"] = _zeichen(field)
    return ergebnis


def eingaben(data) -> dict[str, list[str]]:
    """The posted input as {name: [value]}: only the form's fields, each bounded, without
    NUL, line breaks as the form counts them."""
    alle = grenzen()
    return {
        name: [str(data.get(name, "")).replace("\x00", "").replace("\r\n", "\n")[: alle[name]]]
        for name in data
        if name in alle
    }


def als_daten(zwischenstand: IdeeZwischenstand) -> MultiValueDict:
    return zwischenstand.als_daten()


def zwischenspeichern(idee: Idee, user, data) -> IdeeZwischenstand:
    """Keep the raw input of `user` for `idee`: one UPDATE of the existing row, an INSERT
    only when there is none (kern.modelle.Zwischenstand.ablegen)."""
    return IdeeZwischenstand.ablegen(
        idee,
        user,
        eingaben(data),
        zahl_aus(data.get("revision"), hoechstens=2**31 - 1) or idee.revision,
    )


def verwerfen(idee: Idee, user) -> None:
    IdeeZwischenstand.objects.filter(idee=idee, user=user).delete()
