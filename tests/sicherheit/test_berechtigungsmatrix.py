"""The authorization matrix (tests/sicherheit/matrix.py): every URL pattern of the portal and
the admin has rows, every row's pattern exists, and every row answers for every role as
declared. The data is created once for the module; each request runs in a savepoint that is
rolled back, so a POST of one role never changes what the next role sees."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse

from masterplan import health
from steckbriefe.models import AuditEintrag, Steckbrief

from .matrix import (
    ADMIN_MODELLE,
    ANLAGE_A,
    ANLAGE_B,
    ANMELDUNG,
    JOB_DATEI,
    ROLLEN,
    VERWALTUNG,
    ZEILEN,
    alle_muster,
    anlegen,
    generische_seiten,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def daten(django_db_setup, django_db_blocker):
    """The matrix data, once for the module, inside a transaction rolled back at its end
    (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                d = anlegen()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield d
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _dateien(_isolated_files):
    """The stored files of the attachments and the finished jobs, in this test's storage."""
    for name in (ANLAGE_A, ANLAGE_B, JOB_DATEI):
        assert default_storage.save(name, ContentFile(b"%PDF-1.7\n")) == name


@pytest.fixture(autouse=True)
def _broker_gesund(monkeypatch):
    """/healthz is public; whether a broker runs here is not the matrix's question."""
    monkeypatch.setattr(health, "check_broker", lambda: (True, "ok"))


def _antwort(response, url: str):
    """The status code, or ANMELDUNG/VERWALTUNG for a 302 to the login page of the URL's
    area or to the admin index."""
    if response.status_code != 302:
        return response.status_code
    ziel = urlsplit(response["Location"]).path
    anmeldung = reverse("admin:login" if url.startswith("/admin/") else "account_login")
    if ziel == anmeldung:
        return ANMELDUNG
    if ziel == reverse("admin:index"):
        return VERWALTUNG
    return 302


def _anfrage(daten, rolle: str, zeile, url: str):
    """The answer to `rolle`, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        client = Client()
        user = getattr(daten, rolle)
        if user is not None:
            client.force_login(user)
        if zeile.methode == "POST":
            response = client.post(url, zeile.daten or {})
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    return _antwort(response, url)


# --- the table is complete and current ------------------------------------------------------------


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    muster = set(alle_muster())
    zeilen = {z.muster for z in ZEILEN}
    fehlend = sorted(muster - zeilen)
    veraltet = sorted(zeilen - muster)
    assert not fehlend, "URL-Muster ohne Zeile in der Matrix:\n" + "\n".join(fehlend)
    assert not veraltet, "Zeilen ohne URL-Muster:\n" + "\n".join(veraltet)


def test_every_registered_model_admin_is_declared_with_exactly_its_pages():
    registriert = {m._meta.label_lower: (m, ma) for m, ma in admin.site._registry.items()}
    assert sorted(registriert) == sorted(ADMIN_MODELLE)
    for label, (modell, model_admin) in registriert.items():
        assert set(generische_seiten(modell, model_admin)) == set(ADMIN_MODELLE[label].seiten), (
            label
        )


def test_rows_are_unique_and_state_every_role():
    doppelt = [name for name, n in Counter(z.name for z in ZEILEN).items() if n > 1]
    assert not doppelt
    assert all(len(z.erwartet) == len(ROLLEN) for z in ZEILEN), [
        z.name for z in ZEILEN if len(z.erwartet) != len(ROLLEN)
    ]


# --- the walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize("zeile", ZEILEN, ids=lambda z: z.name)
def test_answer_per_role(daten, zeile):
    url = zeile.url(daten)
    assert resolve(urlsplit(url).path).route == zeile.muster, url
    ist = {rolle: _anfrage(daten, rolle, zeile, url) for rolle in ROLLEN}
    soll = dict(zip(ROLLEN, zeile.erwartet, strict=True))
    abweichend = [f"{r}: {ist[r]} statt {soll[r]}" for r in ROLLEN if ist[r] != soll[r]]
    assert not abweichend, f"{zeile.methode} {url}\n" + "\n".join(abweichend)


# --- what the admin rows cannot show: the refused changes change nothing -------------------------


@pytest.mark.parametrize("rolle", ["geschaeftsstelle", "superuser"])
def test_audit_entries_cannot_be_changed_or_deleted_by_anyone(client, daten, rolle):
    client.force_login(getattr(daten, rolle))
    eintrag = daten.eintrag_a
    aktion = eintrag.aktion
    aenderung = reverse("admin:steckbriefe_auditeintrag_change", args=[eintrag.pk])
    assert client.post(aenderung, {"aktion": "gefälscht"}).status_code == 403
    loeschen = reverse("admin:steckbriefe_auditeintrag_delete", args=[eintrag.pk])
    assert client.post(loeschen, {"post": "yes"}).status_code == 403
    liste = reverse("admin:steckbriefe_auditeintrag_changelist")
    antwort = client.post(
        liste, {"action": "delete_selected", "_selected_action": [eintrag.pk], "post": "yes"}
    )
    assert antwort.status_code in {200, 302}
    assert AuditEintrag.objects.get(pk=eintrag.pk).aktion == aktion
    # The inline on the Steckbrief shows the trail read-only.
    seite = client.get(reverse("admin:steckbriefe_steckbrief_change", args=[daten.sb_a.pk]))
    assert seite.status_code == 200
    assert aktion in seite.content.decode()
    assert 'name="audit-0-aktion"' not in seite.content.decode()


def test_steckbrief_admin_is_read_only_for_the_wirtschaftsfoerderung(client, daten):
    client.force_login(daten.wf_zwickau)
    sb = daten.sb_a
    url = reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk])
    seite = client.get(url).content.decode()
    assert 'name="titel"' not in seite
    assert sb.titel in seite
    assert client.post(url, {"titel": "Übernommen"}).status_code == 403
    assert Steckbrief.objects.get(pk=sb.pk).titel == sb.titel


def test_view_on_site_leads_a_permitted_user_to_the_object(client, daten):
    """The restricted "view on site" still works for objects the user may see."""
    from django.contrib.contenttypes.models import ContentType

    client.force_login(daten.wf_zwickau)
    ct = ContentType.objects.get_for_model(Steckbrief)
    antwort = client.get(reverse("admin:view_on_site", args=[ct.pk, daten.sb_a.pk]))
    assert urlsplit(antwort["Location"]).path == daten.sb_a.get_absolute_url()
    for falsch in [f"{ct.pk}/abc", "999999/1", "abc/1"]:
        assert client.get(f"/admin/r/{falsch}/").status_code == 404, falsch
