"""Indexes that the pages' default orders rely on (issue 18): the admin changelist of the
Steckbriefe sorts by -geaendert, -pk when nothing is filtered or sorted."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory

from steckbriefe.models import Steckbrief
from tests.factories import geschaeftsstelle

pytestmark = pytest.mark.django_db


def _indexe(tabelle: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return {
            name: c
            for name, c in connection.introspection.get_constraints(cursor, tabelle).items()
            if c["index"] and not c["primary_key"] and not c["unique"]
        }


def test_the_changelists_default_order_has_a_matching_index():
    request = RequestFactory().get("/verwaltung/steckbriefe/steckbrief/")
    request.user = geschaeftsstelle()
    modeladmin = site._registry[Steckbrief]
    changelist = modeladmin.get_changelist_instance(request)
    ordnung = changelist.get_ordering(request, changelist.root_queryset)
    assert ordnung == ["-geaendert", "-pk"]

    spalten = ["geaendert", Steckbrief._meta.pk.column]
    passend = [
        name
        for name, c in _indexe(Steckbrief._meta.db_table).items()
        if c["columns"] == spalten and c.get("orders") in (["DESC", "DESC"], ["ASC", "ASC"])
    ]
    # Either direction serves the order (an index is read backwards as well); the one made
    # for it is descending.
    assert passend == ["steckbrief_geaendert_idx"]
