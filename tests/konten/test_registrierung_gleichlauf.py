"""Sign-up does the same work for a new and for a registered address, so that the answer
time does not tell which addresses have an account (issue 14 item 8). Measured without a
clock: the number of password hashes and of mails."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from konten.models import User
from tests.factories import UserFactory

from .hilfen import verifiziert

pytestmark = pytest.mark.django_db

PASSWORT = "Wasserstoff-Reallabor-2026"


def _registrieren(client, email):
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        response = client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORT, "password2": PASSWORT},
        )
    return response, encode.call_count


def test_new_and_registered_address_hash_and_mail_alike(client):
    verifiziert(UserFactory(email="erika@example.org"))
    neu, hashes_neu = _registrieren(client, "neu@example.org")
    assert len(mail.outbox) == 1
    bekannt, hashes_bekannt = _registrieren(client, "Erika@example.org")
    assert len(mail.outbox) == 2

    assert hashes_neu == hashes_bekannt == 1
    # Same answer on both paths, one mail each: confirmation / "account already exists".
    assert neu.status_code == bekannt.status_code == 302
    assert neu.url == bekannt.url
    assert "bestätigen" in mail.outbox[0].subject
    assert "Konto besteht bereits" in mail.outbox[1].subject
    assert User.objects.filter(email__iexact="erika@example.org").count() == 1
