import pytest


@pytest.fixture(autouse=True)
def _schnelles_passwort_hashing(settings):
    """Hashing with the production hasher dominates these tests; the flows are the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
