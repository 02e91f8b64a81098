"""Session, roles and permissions of a logged-in user come from the cache (issue 18), and
every change of groups or permissions takes effect with the next request."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konten.models import Rolle, User
from tests.factories import UserFactory, geschaeftsstelle

pytestmark = pytest.mark.django_db

CACHED_DB = "django.contrib.sessions.backends.cached_db"
URL = "admin:konten_user_changelist"  # roles (Geschäftsstelle) and permissions are read


@pytest.fixture
def cachen(settings):
    settings.RECHTE_CACHEN = True
    settings.SESSION_ENGINE = CACHED_DB
    cache.clear()


def _abfragen(client, url) -> int:
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url).status_code == 200
    return len(abfragen)


def test_a_logged_in_page_makes_fewer_queries(settings):
    gs = geschaeftsstelle()
    url = reverse(URL)
    settings.RECHTE_CACHEN = False
    ohne_client = Client()
    ohne_client.force_login(gs)
    ohne_client.get(url)
    ohne = _abfragen(ohne_client, url)

    settings.RECHTE_CACHEN = True
    settings.SESSION_ENGINE = CACHED_DB
    cache.clear()
    mit_client = Client()
    mit_client.force_login(gs)
    mit_client.get(url)  # fills the cache
    mit = _abfragen(mit_client, url)
    # Session, roles and the two permission queries come from the cache.
    assert mit <= ohne - 3, (ohne, mit)


def test_taking_a_role_away_takes_effect_at_once(client, cachen):
    gs = geschaeftsstelle()
    client.force_login(gs)
    url = reverse(URL)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the cache
    gs.groups.clear()
    assert client.get(url).status_code == 403
    gs.groups.add(Group.objects.get(name=Rolle.GESCHAEFTSSTELLE.value))
    assert client.get(url).status_code == 200


def test_a_group_permission_change_takes_effect_at_once(cachen, django_assert_num_queries):
    gs = geschaeftsstelle()
    gruppe = Group.objects.get(name=Rolle.GESCHAEFTSSTELLE.value)
    recht = gruppe.permissions.select_related("content_type").first()
    name = f"{recht.content_type.app_label}.{recht.codename}"
    assert User.objects.get(pk=gs.pk).has_perm(name)
    frisch = User.objects.get(pk=gs.pk)  # the next request's user object
    with django_assert_num_queries(0):
        assert frisch.has_perm(name)
    gruppe.permissions.remove(recht)
    assert not User.objects.get(pk=gs.pk).has_perm(name)
    gruppe.permissions.add(recht)
    assert User.objects.get(pk=gs.pk).has_perm(name)


def test_superuser_flag_and_a_reused_id_never_inherit_an_entry(cachen):
    user = UserFactory()
    assert not User.objects.get(pk=user.pk).has_perm("konten.view_user")
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert User.objects.get(pk=user.pk).has_perm("konten.view_user")
    # A new account under the id of a deleted one (SQLite reuses ids) starts empty.
    gs = geschaeftsstelle()
    assert User.objects.get(pk=gs.pk).hat_rolle(Rolle.GESCHAEFTSSTELLE)
    pk = gs.pk
    gs.delete()
    neu = UserFactory(pk=pk)
    assert not User.objects.get(pk=neu.pk).hat_rolle(Rolle.GESCHAEFTSSTELLE)


def test_without_the_setting_nothing_is_cached(settings, django_assert_num_queries):
    settings.RECHTE_CACHEN = False
    gs = geschaeftsstelle()
    User.objects.get(pk=gs.pk).hat_rolle(Rolle.GESCHAEFTSSTELLE)
    with django_assert_num_queries(2):  # the account and its groups, as before
        assert User.objects.get(pk=gs.pk).hat_rolle(Rolle.GESCHAEFTSSTELLE) is True
