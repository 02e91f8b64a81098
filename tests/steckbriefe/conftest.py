"""Fixtures of the Steckbrief tests. Mails run in-process (celery_eager), so that tests
never queue messages into the development broker and can read mail.outbox. The clock is
frozen inside a phase (the default phases: vorläufig Jan–Mar 2026, final Apr–Aug 2026)."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tests.factories import SteckbriefFactory, mitglied

from .hilfen import formular_daten

IM_VORLAEUFIG = datetime.datetime(2026, 2, 15, 10, tzinfo=datetime.UTC)
IM_FINAL = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)
NACH_FINAL = datetime.datetime(2026, 9, 15, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _celery_im_prozess(celery_eager):
    yield


@pytest.fixture(autouse=True)
def _leerer_cache():
    """The autosave counters (entwuerfe.drosseln) live in the cache; a test's user may have
    the id of an earlier test's user, so every test starts without counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _schnelle_passwoerter(settings):
    """Hashing test passwords with the production hasher costs seconds per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def uhr():
    """uhr(moment) freezes the clock at `moment` (again callable to move it)."""
    reisen = []

    def stellen(moment):
        if reisen:
            reisen.pop().stop()
        reise = time_machine.travel(moment, tick=False)
        reise.start()
        reisen.append(reise)

    yield stellen
    if reisen:
        reisen.pop().stop()


@pytest.fixture
def im_vorlaeufig(uhr):
    uhr(IM_VORLAEUFIG)


@pytest.fixture
def im_final(uhr):
    uhr(IM_FINAL)


@pytest.fixture
def sb(db):
    """A Steckbrief with all V fields (factory), in Entwurf."""
    return SteckbriefFactory()


@pytest.fixture
def user(sb):
    """A member of sb's Organisation."""
    return mitglied(sb.organisation)


@pytest.fixture
def mc(client, user):
    """The test client, logged in as a member of sb's Organisation."""
    client.force_login(user)
    return client


def url(name, sb=None, **kwargs):
    if sb is not None:
        kwargs["pk"] = sb.pk
    return reverse(f"steckbriefe:{name}", kwargs=kwargs or None)


def seite(client, sb, **aenderungen) -> dict:
    """GET the edit form of `sb` and return its values as a browser would post them."""
    response = client.get(url("bearbeiten", sb))
    assert response.status_code == 200, response
    return formular_daten(response.content.decode(), **aenderungen)
