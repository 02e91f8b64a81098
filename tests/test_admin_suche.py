"""The admin's search stays an answer, not a 500: a thousand words in `q` (issue 14, 11)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kern.eingaben import MAX_SUCHWOERTER, suchbegriff_begrenzen
from kern.verwaltung import BegrenzteSuche

pytestmark = pytest.mark.django_db

TAUSEND_WOERTER = " ".join(f"wort{i}" for i in range(1000))


def test_every_registered_admin_searches_bounded():
    assert all(isinstance(ma, BegrenzteSuche) for ma in admin.site._registry.values())


def test_the_search_keeps_the_first_words_and_phrases():
    assert suchbegriff_begrenzen(TAUSEND_WOERTER).split() == [
        f"wort{i}" for i in range(MAX_SUCHWOERTER)
    ]
    assert suchbegriff_begrenzen('"Stadtwerke Musterhausen" Speicher') == (
        '"Stadtwerke Musterhausen" Speicher'
    )


@pytest.mark.parametrize(
    "model_admin",
    [ma for ma in admin.site._registry.values() if ma.search_fields],
    ids=lambda ma: ma.opts.label,
)
def test_a_thousand_words_in_the_search_answer_200(admin_client, model_admin):
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    assert admin_client.get(url, {"q": TAUSEND_WOERTER}).status_code == 200
