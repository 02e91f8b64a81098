"""The admin's "clean up expired attempts" on axes' login attempts works from the admin (it
read the attempt time that only a login request carries and answered 500)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin import helpers
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _versuch(alter: datetime.timedelta, agent: str) -> AccessAttempt:
    versuch = AccessAttempt.objects.create(
        username="jemand@example.org",
        ip_address="203.0.113.5",
        user_agent=agent,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/konto/anmelden/",
        failures_since_start=3,
    )
    AccessAttempt.objects.filter(pk=versuch.pk).update(attempt_time=timezone.now() - alter)
    return versuch


def test_cleanup_removes_only_expired_attempts(admin_client):
    alt = _versuch(datetime.timedelta(days=30), "alt")
    neu = _versuch(datetime.timedelta(minutes=1), "neu")
    antwort = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "cleanup_expired_attempts", helpers.ACTION_CHECKBOX_NAME: [alt.pk, neu.pk]},
    )
    assert antwort.status_code == 302
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [neu.pk]
