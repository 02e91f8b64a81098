import pytest

from tests.factories import geschaeftsstelle


@pytest.fixture
def geschaeftsstelle_user(db):
    return geschaeftsstelle()
