"""Saving drafts: the explicit save of the form, autosave while typing, and conflicts.

- `entwurf_speichern` writes validated form input to the Steckbrief. It refuses (Konflikt)
  when the input is based on an older revision than the stored one and (Gesperrt) when the
  phase rules do not allow editing. The revision counter is increased atomically.
- `zwischenspeichern` keeps the raw, unvalidated input of one person (Autosave row), so
  that nothing typed is lost: not when the tab closes, not on a conflict, not when the
  phase closed meanwhile.
- `abweichungen` lists the fields where a person's input differs from the stored values,
  for the conflict view and for kept input that could not be saved.
"""

import functools
import logging
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.utils.datastructures import MultiValueDict

from kern import modelle
from kern.eingaben import zahl_aus
from konten.models import Organisation

from . import anlagen, regeln
from .darstellung import mit_allem
from .forms import (
    MAX_ZEILEN,
    AnlageForm,
    EuroFeld,
    MonatJahrFeld,
    OrganisationForm,
    SteckbriefForm,
    meilenstein_formset,
    partner_formset,
)
from .fristen import frist_fuer, warum_nicht_bearbeitbar
from .models import Anlage, Autosave, Steckbrief
from .services import protokollieren

logger = logging.getLogger(__name__)

# POST keys that are not input (buttons, token) and therefore not kept in an Autosave.
KEINE_EINGABE = {"csrfmiddlewaretoken", "aktion", "anlage_loeschen", "zeile", "entwurf_token"}


class Konflikt(Exception):
    """Someone saved the Steckbrief after this input was loaded."""

    def __init__(self, aktuell: Steckbrief):
        super().__init__("Konflikt")
        self.aktuell = aktuell


class Gesperrt(Exception):
    """The phase rules (or the status) do not allow editing; the message says why."""


KONFLIKT_TEXT = (
    "Jemand anderes hat diesen Steckbrief gespeichert, während Sie ihn bearbeitet haben "
    "(zum Beispiel eine Kollegin oder Sie selbst in einem anderen Fenster). Ihre Eingaben "
    "wurden nicht gespeichert, sind aber erhalten. Vergleichen Sie unten Ihre Eingaben mit "
    "dem gespeicherten Stand, übernehmen Sie, was Sie behalten möchten, und speichern Sie dann."
)


@dataclass
class Formulare:
    steckbrief: SteckbriefForm
    organisation: OrganisationForm
    partner: forms.BaseInlineFormSet
    meilensteine: forms.BaseInlineFormSet
    anlage: AnlageForm

    def is_valid(self) -> bool:
        # Evaluate all, so that every error is shown at once.
        ergebnisse = [
            self.steckbrief.is_valid(),
            self.organisation.is_valid(),
            self.partner.is_valid(),
            self.meilensteine.is_valid(),
            self.anlage.is_valid(),
        ]
        return all(ergebnisse)

    def fehlerliste(self) -> list[dict]:
        """Every error of the bound forms as {anker, label, text}, in the order of the page,
        for the error summary (each entry links to its field)."""
        liste = []

        def felder(form, prefix="", titel=""):
            for name, fehler in form.errors.items():
                if name == "__all__":
                    ziel, label = f"abschnitt-{prefix.rstrip('-') or 'traeger'}", titel
                elif name in form.fields:
                    ziel = anker(name, form.add_prefix(name).removesuffix(name))
                    label = f"{titel}: {form[name].label}" if titel else str(form[name].label)
                else:
                    continue
                for text in fehler:
                    liste.append({"anker": ziel, "label": label, "text": text})

        felder(self.organisation)
        felder(self.steckbrief)
        for fs, titel in ((self.partner, "Partner"), (self.meilensteine, "Meilenstein")):
            for i, form in enumerate(fs.forms, start=1):
                felder(form, titel=f"{titel} {i}")
            for text in fs.non_form_errors():
                liste.append({"anker": f"abschnitt-{fs.prefix}", "label": titel, "text": text})
        felder(self.anlage)
        return liste

    @property
    def fehleranzahl(self) -> int:
        anzahl = len(self.steckbrief.errors) + len(self.organisation.errors)
        anzahl += len(self.anlage.errors)
        for fs in (self.partner, self.meilensteine):
            anzahl += sum(1 for e in fs.errors if e) + (1 if fs.non_form_errors() else 0)
        return anzahl


def formulare(
    sb: Steckbrief,
    organisation,
    data=None,
    files=None,
    extra_partner: int = 1,
    extra_meilensteine: int = 1,
    initial: dict | None = None,
) -> Formulare:
    """The bound (data given) or unbound forms for `sb` (unsaved for a new Steckbrief)."""
    belegt = sum(a.groesse for a in sb.anlagen.all()) if sb.pk else 0
    return Formulare(
        steckbrief=SteckbriefForm(data, instance=sb, initial=initial),
        organisation=OrganisationForm(data, instance=organisation),
        partner=partner_formset(extra_partner)(data, instance=sb, prefix="partner"),
        meilensteine=meilenstein_formset(extra_meilensteine)(
            data, instance=sb, prefix="meilensteine"
        ),
        anlage=AnlageForm(data, files, belegt=belegt),
    )


# What an Autosave keeps: only the names the form itself posts (its fields, the
# Organisation's with "org-", the rows of the formsets up to MAX_ZEILEN and their management
# fields), each with as many values and characters as the form accepts for it.
MAX_WERTE_JE_FELD = 200  # the choices of a catalogue field (the catalogue is far smaller)
ZEICHEN_SONST = 100  # ids, choices, numbers, checkboxes


def _grenze(field) -> tuple[int, int]:
    """(values, characters) kept of a form field: a text up to twice its limit, so that
    pasted text that is too long is kept whole until it is shortened (the form shows the
    error, it never cuts; issue 12, item 3), and the stored input stays bounded."""
    mehrfach = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    zeichen = getattr(field, "max_length", None) or field.widget.attrs.get("data-maxlength")
    return (MAX_WERTE_JE_FELD if mehrfach else 1), (2 * int(zeichen) if zeichen else ZEICHEN_SONST)


@functools.cache
def grenzen() -> dict[str, tuple[int, int]]:
    """Every name the form posts → (values, characters) kept of it. Built once from unbound
    forms (no query: the catalogues are not read, a new Steckbrief has no rows)."""
    ergebnis = {}
    for name, field in SteckbriefForm().fields.items():
        ergebnis[name] = _grenze(field)
    org = OrganisationForm()
    for name, field in org.fields.items():
        ergebnis[org.add_prefix(name)] = _grenze(field)
    leer = Steckbrief()
    for prefix, formset in (("partner", partner_formset), ("meilensteine", meilenstein_formset)):
        fs = formset()(instance=leer, prefix=prefix)
        for name in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT):
            ergebnis[f"{prefix}-{name}"] = (1, ZEICHEN_SONST)
        zeile = fs.empty_form
        for i in range(MAX_ZEILEN):
            for name, field in zeile.fields.items():
                ergebnis[f"{prefix}-{i}-{name}"] = _grenze(field)
    return ergebnis


def _bereinigt(wert, zeichen: int) -> str:
    """A posted value as kept: without NUL (PostgreSQL's jsonb cannot store it; the forms
    reject it), line breaks as "\n" (as the form counts them), at most `zeichen` long."""
    return str(wert).replace("\x00", "").replace("\r\n", "\n")[:zeichen]


def eingaben(data) -> dict[str, list[str]]:
    """The posted input as JSON-storable {name: [values]}: only the form's own fields (no
    buttons, no token, nothing else a client might send), each bounded by what the form
    accepts. A single-valued field keeps its last value (the one the form reads)."""
    alle = grenzen()
    ergebnis = {}
    for name in data:
        if name in KEINE_EINGABE or name not in alle:
            continue
        werte, zeichen = alle[name]
        liste = data.getlist(name)
        liste = liste[:werte] if werte > 1 else liste[-1:]
        ergebnis[name] = [_bereinigt(v, zeichen) for v in liste]
    return ergebnis


def eingaben_als_daten(gespeichert: dict) -> MultiValueDict:
    return modelle.eingaben_als_daten(gespeichert)


def _revision(data) -> int | None:
    """The posted revision; None if it is none a Steckbrief can have (the column is a
    32-bit integer: a larger number would make the database refuse the Autosave)."""
    return zahl_aus(data.get("revision"), hoechstens=2**31 - 1)


def zwischenspeichern(sb: Steckbrief, user, data) -> Autosave:
    """Keep the raw input of `user` for `sb` (one row per person and Steckbrief).

    One UPDATE of the existing row (the usual case while typing), an INSERT only when
    there is none (kern.modelle.Zwischenstand.ablegen). The returned Autosave carries what
    was stored (daten, revision, gespeichert); after an UPDATE its pk is not loaded."""
    return Autosave.ablegen(sb, user, eingaben(data), _revision(data) or sb.revision)


def drosseln(user) -> int:
    """Count an autosave request of `user`; the seconds to wait if there were more than
    AUTOSAVE_MAX_JE_MINUTE in this minute, else 0. The counter lives in the cache, which
    fails open: without Redis (or with an empty cache) nobody is held back."""
    jetzt = time.time()
    schluessel = f"steckbriefe:autosave:{user.pk}:{int(jetzt // 60)}"
    if cache.add(schluessel, 1, timeout=90):
        return 0
    try:
        anzahl = cache.incr(schluessel)
    except ValueError:  # expired between add and incr: a new minute
        return 0
    except Exception:  # noqa: BLE001 - cache down: fail open, as masterplan.cache does
        logger.warning("Autosave-Zähler nicht erreichbar, ohne Begrenzung", exc_info=True)
        return 0
    if anzahl <= settings.AUTOSAVE_MAX_JE_MINUTE:
        return 0
    return max(1, 60 - int(jetzt % 60))


class KeinNeuerEntwurf(Exception):
    """No new draft now (phase rules, or too many drafts); the message says why."""


def _neu_erlaubt(organisation) -> None:
    """Raise KeinNeuerEntwurf unless a new draft of `organisation` may be created. The
    Organisation's row is locked, so that parallel requests count one after the other."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    grund = regeln.neuer_entwurf_hindernis(organisation)
    if grund:
        raise KeinNeuerEntwurf(grund)


@transaction.atomic
def neu_anlegen(organisation, user, titel: str = "") -> Steckbrief:
    """A new, empty draft of the user's Organisation (on the first autosave of a new form).
    Raises KeinNeuerEntwurf."""
    _neu_erlaubt(organisation)
    sb = Steckbrief.objects.create(
        organisation=organisation,
        erstellt_von=user,
        zuletzt_bearbeitet_von=user,
        titel=titel[:300],
    )
    protokollieren(sb, user, "Steckbrief angelegt", neu="Entwurf")
    return sb


def titel_aus(data) -> str:
    """The posted title if it is a valid one, else ''."""
    try:
        return SteckbriefForm.base_fields["titel"].clean(data.get("titel", "")) or ""
    except ValidationError:
        return ""


@transaction.atomic
def entwurf_speichern(
    f: Formulare, sb: Steckbrief, user, organisation, anlage_loeschen: int | None = None
) -> Steckbrief:
    """Store validated input (f.is_valid() was True). Raises Konflikt, Gesperrt,
    KeinNeuerEntwurf (a new one), or ValidationError (attachment limit reached
    concurrently)."""
    neu = sb.pk is None
    if not neu:
        aktuell = (
            Steckbrief.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=sb.pk)
        )
        if not regeln.darf_bearbeiten(user, aktuell):
            raise Gesperrt(warum_nicht_bearbeitbar(aktuell, frist_fuer(aktuell)))
        basis = f.steckbrief.cleaned_data.get("revision")
        # The conditional update is the atomic guard (also on SQLite, which has no row locks).
        if basis != aktuell.revision or not Steckbrief.objects.filter(
            pk=sb.pk, revision=basis
        ).update(revision=F("revision") + 1):
            raise Konflikt(aktuell)
        # Fields the form does not edit come from the locked row, never from the stale copy.
        for feld in ("status", "entscheidung", "verlaengert_bis", "organisation_id"):
            setattr(sb, feld, getattr(aktuell, feld))
        sb.revision = aktuell.revision + 1
    else:
        _neu_erlaubt(organisation)
        sb.organisation = organisation
        sb.erstellt_von = user
        sb.revision = 1

    if f.organisation.has_changed():
        f.organisation.save()
    instanz = f.steckbrief.save(commit=False)
    instanz.zuletzt_bearbeitet_von = user
    if neu:
        instanz.save()
        protokollieren(instanz, user, "Steckbrief angelegt", neu="Entwurf")
    else:
        felder = list(f.steckbrief._meta.fields)
        m2m = {fld.name for fld in Steckbrief._meta.many_to_many if fld.name in f.steckbrief.fields}
        instanz.save(
            update_fields=[n for n in felder if n not in m2m]
            + ["revision", "zuletzt_bearbeitet_von", "geaendert"]
        )
    f.steckbrief.save_m2m()
    for fs in (f.partner, f.meilensteine):
        fs.instance = instanz
        fs.save()

    if anlage_loeschen:
        for anlage in instanz.anlagen.filter(pk=anlage_loeschen):
            anlage.delete()
    datei = f.anlage.cleaned_data.get("datei") if f.anlage.is_bound else None
    if datei:
        typ = anlagen.pruefe_datei(datei, anlagen.belegter_speicher(instanz))
        anlage = Anlage(
            steckbrief=instanz,
            name=anlagen.dateiname_bereinigen(datei.name),
            groesse=datei.size,
            content_type=typ.content_type,
            hochgeladen_von=user,
        )
        anlage.datei.save("anlage", datei, save=False)
        anlage.save()
    Autosave.objects.filter(steckbrief=instanz, user=user).delete()
    return instanz


# --- comparing input with the stored values ---------------------------------------------


def _auswahl(field) -> dict[str, str]:
    if not hasattr(field, "_auswahl_cache"):
        field._auswahl_cache = {str(o.pk): str(o) for o in field.queryset}
    return field._auswahl_cache


def anzeige(bf) -> str:
    """A bound field's value as readable text (for the input or for the stored value)."""
    field = bf.field
    value = bf.value()
    if isinstance(field, forms.ModelMultipleChoiceField):
        gewaehlt = {str(v) for v in (value or [])}
        return "\n".join(label for pk, label in _auswahl(field).items() if pk in gewaehlt)
    if isinstance(field, forms.ModelChoiceField):
        return "" if value in (None, "") else _auswahl(field).get(str(value), str(value))
    if isinstance(field, forms.BooleanField):
        return "ja" if value else "nein"
    if isinstance(field, forms.ChoiceField):
        return "" if value in (None, "") else str(dict(field.choices).get(value, value))
    if isinstance(field, EuroFeld | MonatJahrFeld):
        try:
            return str(field.prepare_value(field.to_python(value)) or "")
        except ValidationError:
            return str(value or "")
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").strip()


def _zeilen(fs, spalten) -> str:
    """Rows of a formset as text lines (deleted and empty rows left out)."""
    zeilen = []
    for form in fs.forms:
        geloescht = "DELETE" in form.fields and form.is_bound and form["DELETE"].value()
        if geloescht:
            continue
        werte = [anzeige(form[s]) for s in spalten]
        if any(werte[:1]):
            zeilen.append(" – ".join(w for w in werte if w))
    return "\n".join(zeilen)


ANKER_MEHRFACH = {
    "handlungsfeld",
    "weitere_handlungsfelder",
    "zieldimensionen",
    "teilziele",
    "kpis",
    "gebietskoerperschaften",
}


def anker(name: str, prefix: str = "") -> str:
    """The HTML id to link to for a field of the form."""
    if name in {"partner", "meilensteine"}:
        return f"abschnitt-{name}"
    if name in ANKER_MEHRFACH:
        return f"div_id_{name}"
    return f"id_{prefix}{name}"


def anker_fuer_fehlend(fehlend) -> str:
    """Link target for an entry of pruefung.fehlende_angaben."""
    if fehlend.feld == "organisation":
        if "Anschrift" in fehlend.label:
            return "id_org-strasse"
        return "id_org-typ" if "typ" in fehlend.label else "id_org-name"
    return anker(fehlend.feld)


# The form controls an entry of pruefung.fehlende_angaben looks at, for the script that
# judges "Was noch fehlt" from the values on screen: (names, "eine" = one of them is
# filled / "alle" = all are filled). A name ending in "-*-x" stands for the field x of
# every row of a formset.
NAMEN_JE_FEHLEND = {
    "gebietskoerperschaften": (["gebietskoerperschaften", "gesamte_region"], "eine"),
    "gesamtvolumen": (["gesamtvolumen", "volumen_in_erarbeitung"], "eine"),
    "meilensteine": (["meilensteine-*-bezeichnung"], "eine"),
}


def namen_fuer_fehlend(fehlend) -> tuple[list[str], str]:
    if fehlend.feld == "organisation":
        if "Anschrift" in fehlend.label:
            return ["org-strasse", "org-plz", "org-ort"], "alle"
        return (["org-typ"] if "typ" in fehlend.label else ["org-name"]), "eine"
    return NAMEN_JE_FEHLEND.get(fehlend.feld, ([fehlend.feld], "eine"))


def abschnitt_fuer_fehlend(fehlend) -> str:
    """The id of the section (abschnitte.ABSCHNITTE) the missing entry belongs to."""
    from .abschnitte import ABSCHNITTE, ZEILEN_JE_ABSCHNITT

    if fehlend.feld == "organisation":
        return "traeger"
    for a in ABSCHNITTE:
        if fehlend.feld in a.felder or fehlend.feld in ZEILEN_JE_ABSCHNITT.get(a.id, []):
            return a.id
    return ABSCHNITTE[0].id


def abweichungen(f: Formulare, aktuell: Steckbrief) -> list[dict]:
    """Fields where the input in `f` differs from the stored `aktuell`. (Binding and
    validating `f` changed its instances in memory, so the stored state is read afresh.)"""
    frisch = mit_allem(Steckbrief.objects).get(pk=aktuell.pk)
    gespeichert = formulare(frisch, frisch.organisation)
    ergebnis = []

    def vergleiche(name, label, ihr, stand, prefix="", uebernehmbar=False):
        if ihr != stand:
            ergebnis.append(
                {
                    "name": name,
                    "label": label,
                    "anker": anker(name, prefix),
                    "ihr": ihr,
                    "gespeichert": stand,
                    "uebernehmbar": uebernehmbar,
                }
            )

    for name in f.organisation.fields:
        vergleiche(
            name,
            f.organisation[name].label,
            anzeige(f.organisation[name]),
            anzeige(gespeichert.organisation[name]),
            prefix="org-",
            uebernehmbar=isinstance(f.organisation.fields[name].widget, forms.TextInput),
        )
    for name, field in f.steckbrief.fields.items():
        if name == "revision":
            continue
        vergleiche(
            name,
            field.label,
            anzeige(f.steckbrief[name]),
            anzeige(gespeichert.steckbrief[name]),
            uebernehmbar=isinstance(field.widget, forms.TextInput | forms.Textarea),
        )
    vergleiche(
        "partner",
        "Partner",
        _zeilen(f.partner, ["name", "rolle", "zusage"]),
        _zeilen(gespeichert.partner, ["name", "rolle", "zusage"]),
    )
    vergleiche(
        "meilensteine",
        "Meilensteine",
        _zeilen(f.meilensteine, ["bezeichnung", "termin"]),
        _zeilen(gespeichert.meilensteine, ["bezeichnung", "termin"]),
    )
    return ergebnis
