"""The scoring page's read-only Steckbrief panel (organisation, every field with its lists,
partners and milestones) from the cache (issue 18; BEWERTUNG_PANEL_CACHEN).

A reviewer must never score stale content: a revised Steckbrief is scored on what it says
now. So an entry is used only if everything it was rendered from is unchanged:

- the Steckbrief's own row: a hash of all its columns (revision and geaendert included) and
  of the Organisation's displayed columns, read with the page's one query for the Steckbrief
  (joined), whichever way they were written (form, autosave's conditional UPDATE, admin,
  DSGVO Art. 17 deletion, queryset.update, a data migration, SQL by hand);
- its related rows (Zieldimensionen, Teilziele, KPIs, weitere Handlungsfelder,
  Gebietskörperschaften, Partner, Meilensteine): a token per Steckbrief, renewed by every
  save/delete of a Partner or Meilenstein and every change of the many-to-many lists
  (signals, connected in BewertungConfig.ready); the form and the admin change the row, too;
- the catalogue's labels (Handlungsfelder, Zieldimensionen, Teilziele, KPIs,
  Gebietskörperschaften): one token, renewed by their saves and deletes and after every
  `migrate` (data migrations send no model signals);
- the presentation in code (field labels, choices, the template): a hash computed once per
  process, so a deploy never shows a panel rendered by the old code.

A token is renewed (a new random value, never counted up) at once and again after the
commit, so that a page rendered between the write and its commit cannot keep the old
content under the new token. A missing token (evicted, Redis just restarted) is created
anew, which misses every entry that was stored with the old one. When the cache cannot be
reached nothing is stored and the panel is rendered from the database.

What bypasses the signals and leaves the Steckbrief's row alone (bulk_create or
queryset.update of Partner/Meilenstein rows, raw SQL on the lists) is not seen before the
entry expires (BEWERTUNG_PANEL_CACHE_SEKUNDEN): such a writer must change the Steckbrief's
row (bump `revision`, as steckbriefe.entwuerfe does; the only way for the apps below
bewertung) or, from bewertung and above, call `steckbrief_geaendert(pk)`."""

from __future__ import annotations

import hashlib
import inspect
import uuid
from functools import cache as einmal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension
from konten.models import Organisation
from steckbriefe import versionen
from steckbriefe.abschnitte import angezeigte_felder, feld_label
from steckbriefe.darstellung import inhalt_nachladen
from steckbriefe.models import Meilenstein, Partner, Steckbrief

VORLAGE = "admin/bewertung/_steckbrief_felder.html"
PRAEFIX = "bewertung:panel"
STAND_SCHLUESSEL = f"{PRAEFIX}:katalog"
KATALOG_MODELLE = (Handlungsfeld, Zieldimension, Teilziel, KPI, Gebietskoerperschaft)
KIND_MODELLE = (Partner, Meilenstein)
ORGANISATION_FELDER = ("name", "typ", "strasse", "plz", "ort")


def rendern(sb: Steckbrief) -> SafeString:
    """The panel from the database (the content prefetched: mit_inhalt/inhalt_nachladen)."""
    return render_to_string(VORLAGE, {"felder": versionen.momentaufnahme(sb)})


def steckbrief_felder(sb: Steckbrief) -> SafeString:
    """The panel of `sb` (loaded with steckbriefe.darstellung.mit_kopf or mit_inhalt): from
    the cache when BEWERTUNG_PANEL_CACHEN is on and the entry is current, else rendered (and
    stored). The related rows are read only when it is rendered."""
    if not settings.BEWERTUNG_PANEL_CACHEN:
        return rendern(inhalt_nachladen(sb) if _ohne_inhalt(sb) else sb)
    schluessel = f"{PRAEFIX}:{darstellung()}:{sb.pk}:{zeilen_hash(sb)}"
    token_schluessel = [_token_schluessel(sb.pk), STAND_SCHLUESSEL]
    gelesen = cache.get_many([schluessel, *token_schluessel])
    tokens = tuple(gelesen.get(k) for k in token_schluessel)
    eintrag = gelesen.get(schluessel)
    if eintrag is not None and None not in tokens and eintrag[0] == tokens:
        return mark_safe(eintrag[1])  # noqa: S308 - rendered by render_to_string (escaped)
    if None in tokens:
        tokens = _tokens_anlegen(token_schluessel, gelesen)
    html = rendern(inhalt_nachladen(sb) if _ohne_inhalt(sb) else sb)
    if tokens is not None:
        cache.set(schluessel, (tokens, str(html)), settings.BEWERTUNG_PANEL_CACHE_SEKUNDEN)
    return html


def _ohne_inhalt(sb: Steckbrief) -> bool:
    return "partner" not in getattr(sb, "_prefetched_objects_cache", {})


def zeilen_hash(sb: Steckbrief) -> str:
    """A hash of all columns of the Steckbrief's row and the displayed ones of its
    Organisation, as loaded (the values of deferred columns are not there: they count as
    missing, which is a different value than any loaded one)."""
    werte = [sb.__dict__.get(f.attname, _FEHLT) for f in Steckbrief._meta.concrete_fields]
    org = sb.organisation
    werte += [getattr(org, f) for f in ORGANISATION_FELDER]
    return hashlib.blake2b(repr(werte).encode(), digest_size=16).hexdigest()


class _Fehlt:
    def __repr__(self):
        return "<fehlt>"


_FEHLT = _Fehlt()


@einmal
def darstellung() -> str:
    """A hash of the presentation in code: labels and choices of the fields shown, the
    template and the functions rendering the values. Computed once per process."""
    teile = [repr([(f, feld_label(f)) for f in angezeigte_felder()])]
    for model in (Steckbrief, Partner, Meilenstein, Organisation):
        teile.append(repr([(f.name, str(f.verbose_name), f.choices) for f in model._meta.fields]))
    teile.append(get_template(VORLAGE).template.source)
    teile += [inspect.getsource(versionen._wert), inspect.getsource(versionen.momentaufnahme)]
    return hashlib.blake2b("\n".join(teile).encode(), digest_size=8).hexdigest()


def _token_schluessel(pk) -> str:
    return f"{PRAEFIX}:sb:{pk}"


def _tokens_anlegen(schluessel: list[str], gelesen: dict) -> tuple | None:
    """Create the missing tokens (the first process wins) and read them again: None when the
    cache does not keep them (unreachable), then nothing is stored."""
    for k in schluessel:
        if gelesen.get(k) is None:
            cache.add(k, uuid.uuid4().hex, None)
    neu = cache.get_many(schluessel)
    tokens = tuple(neu.get(k) for k in schluessel)
    return None if None in tokens else tokens


def _erneuern(schluessel: str) -> None:
    cache.set(schluessel, uuid.uuid4().hex, None)


def erneuern(schluessel: str) -> None:
    """Renew the token now (the writing transaction's own reads) and after the commit (a
    page rendered meanwhile read the old rows under the new token)."""
    _erneuern(schluessel)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _erneuern(schluessel))


def steckbrief_geaendert(pk) -> None:
    """For a writer of a Steckbrief's related rows that sends no signals."""
    erneuern(_token_schluessel(pk))


def katalog_geaendert(**kwargs) -> None:
    erneuern(STAND_SCHLUESSEL)


def _kind_geaendert(instance, **kwargs) -> None:
    if instance.steckbrief_id is not None:
        steckbrief_geaendert(instance.steckbrief_id)


def _liste_geaendert(instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_") and action != "pre_clear":
        return
    if not reverse:
        steckbrief_geaendert(instance.pk)
    elif pk_set:
        for pk in pk_set:
            steckbrief_geaendert(pk)
    elif action == "pre_clear":
        # A catalogue entry's list of Steckbriefe cleared: which ones is not said.
        katalog_geaendert()


def verbinden() -> None:
    """Connect the invalidation (BewertungConfig.ready): every process that may write –
    web, worker, management commands – renews the tokens."""
    for model in KATALOG_MODELLE:
        name = model.__name__
        post_save.connect(katalog_geaendert, sender=model, dispatch_uid=f"panel-save-{name}")
        post_delete.connect(katalog_geaendert, sender=model, dispatch_uid=f"panel-del-{name}")
    for model in KIND_MODELLE:
        name = model.__name__
        post_save.connect(_kind_geaendert, sender=model, dispatch_uid=f"panel-save-{name}")
        post_delete.connect(_kind_geaendert, sender=model, dispatch_uid=f"panel-del-{name}")
    for feld in Steckbrief._meta.many_to_many:
        m2m_changed.connect(
            _liste_geaendert, sender=feld.remote_field.through, dispatch_uid=f"panel-m2m-{feld}"
        )
    post_migrate.connect(katalog_geaendert, dispatch_uid="panel-migrate")
