"""The jury role on every row of the authorization matrix: a jury member is a staff account
in the Group „Jury“ that answers exactly as a staff account without any role – except the
jury's pages (its list, the bewertung app index, the scoring page of an idea of its call),
which it opens. The matrix keeps its seven role columns; this walk adds the two accounts to
the matrix data (module-scoped, rolled back like the matrix's own)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve

from bewertung.jury import JURY, ist_jury
from tests.factories import UserFactory

from .matrix import ZEILEN
from .test_berechtigungsmatrix import _anfrage, _broker_gesund, _dateien, daten  # noqa: F401

pytestmark = pytest.mark.django_db

# (pattern, object, method) → (staff without role, jury member)
ANDERS = {
    ("admin/bewertung/juryidee/", "-", "GET"): (403, 200),
    ("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_b", "GET"): (403, 200),
    # Its POST without a version: the page comes back with „Bitte prüfen Sie Ihre Eingaben.“
    ("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_b", "POST"): (403, 200),
    ("admin/bewertung/juryidee/<path:object_id>/pitch-deck/", "idee_b (keins)", "GET"): (
        403,
        404,
    ),
    # A draft is no idea of the procedure: not found for the jury.
    ("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_a (Entwurf)", "GET"): (
        403,
        404,
    ),
}


@pytest.fixture(scope="module")
def personen(daten, django_db_blocker):  # noqa: F811 - the imported fixture
    with django_db_blocker.unblock():
        daten.ohne_rolle = UserFactory(email="staff-ohne-rolle@example.org", is_staff=True)
        daten.jury = daten.jurymitglied.user
    return daten


def test_the_role_is_a_group_with_one_admin_right(personen):
    gruppe = Group.objects.get(name=JURY)
    assert list(gruppe.permissions.values_list("codename", flat=True)) == ["view_juryidee"]
    assert ist_jury(personen.jury) and not ist_jury(personen.ohne_rolle)
    assert personen.jury.is_staff and personen.jury.groups.filter(name=JURY).exists()


def test_the_jury_rows_exist():
    muster = {z.muster for z in ZEILEN}
    assert {m for m, _, _ in ANDERS} <= muster


def _app_index(zeile) -> bool:
    return zeile.muster.startswith("admin/(?P<app_label>") and zeile.objekt == "bewertung"


@pytest.mark.parametrize("zeile", ZEILEN, ids=lambda z: z.name)
def test_jury_answers_like_staff_without_role_except_its_pages(personen, zeile):
    url = zeile.url(personen)
    assert resolve(urlsplit(url).path).route == zeile.muster
    ohne_rolle = _anfrage(personen, "ohne_rolle", zeile, url)
    jury = _anfrage(personen, "jury", zeile, url)
    erwartet = ANDERS.get((zeile.muster, zeile.objekt, zeile.methode))
    if _app_index(zeile):
        erwartet = (404, 200)  # the jury's list is in the bewertung app
    if erwartet is not None:
        assert (ohne_rolle, jury) == erwartet, f"{zeile.methode} {url}"
    else:
        assert jury == ohne_rolle, f"{zeile.methode} {url}"
