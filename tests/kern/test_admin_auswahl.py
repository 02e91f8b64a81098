"""Every admin action of every registered ModelAdmin refuses what cannot be an id in the posted
selection instead of answering 500 (the site mixes kern.verwaltung.GueltigeAuswahl in)."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.test import RequestFactory
from django.urls import reverse

from kern.verwaltung import GueltigeAuswahl

pytestmark = pytest.mark.django_db

UNGUELTIG = ["1e3", "99999999999999999999", "-1", "²", "abc"]


def _aktionen(admin_user):
    anfrage = RequestFactory().get("/admin/")
    anfrage.user = admin_user
    for ma in admin.site._registry.values():
        for name in ma.get_actions(anfrage):
            yield ma, name


def test_every_registered_admin_filters_the_selection():
    assert all(isinstance(ma, GueltigeAuswahl) for ma in admin.site._registry.values())


def test_no_action_answers_500_on_garbage_ids(admin_client, admin_user):
    geprueft = 0
    for ma, name in _aktionen(admin_user):
        url = reverse(f"admin:{ma.opts.app_label}_{ma.opts.model_name}_changelist")
        for wert in UNGUELTIG:
            antwort = admin_client.post(
                url, {"action": name, helpers.ACTION_CHECKBOX_NAME: [wert, "1"]}
            )
            assert antwort.status_code in (200, 302), (ma.opts.label, name, wert)
        geprueft += 1
    assert geprueft >= 10  # the walk reached the actions of several admins
