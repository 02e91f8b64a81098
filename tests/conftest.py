"""Shared fixtures. In CI (CI=true) the suite runs against the real PostgreSQL and Redis and
refuses to start without them; elsewhere it runs on SQLite and integration tests are skipped
unless INTEGRATION=1."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() == "true"
INTEGRATION = IN_CI or os.environ.get("INTEGRATION", "") == "1"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if not IN_CI:
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("CI=true, aber DATABASE_URL zeigt nicht auf PostgreSQL.")
    if not settings.REDIS_URL or not _reachable(settings.REDIS_URL, 6379):
        problems.append(
            f"CI=true, aber Redis ist nicht erreichbar (REDIS_URL={settings.REDIS_URL!r})."
        )
    db = settings.DATABASES["default"]
    if db.get("HOST") and not _reachable(f"postgres://{db['HOST']}:{db.get('PORT') or 5432}", 5432):
        problems.append("CI=true, aber PostgreSQL ist nicht erreichbar.")
    if problems:
        pytest.exit("\n".join(problems), returncode=3)


def pytest_collection_modifyitems(config, items):
    if INTEGRATION:
        return
    skip = pytest.mark.skip(reason="Integrationstest: läuft in CI (CI=true) oder mit INTEGRATION=1")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Every test writes uploads and mails into its own folder and uses the locmem mailbox."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process by default, so that no test queues messages into a real broker
    (the development folder or Redis). Tests that need a real worker use
    `celery_worker_real`, which switches this off."""
    from masterplan.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The production hasher costs a noticeable time per user; tests don't need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_worker_real(django_db_serialized_rollback, transactional_db, celery_eager):
    """A real Celery worker thread consuming from the configured broker (Redis in CI).
    Transactional: serialized rollback restores the migrations' data (catalogue, roles)
    that an earlier transactional test flushed."""
    from celery.contrib.testing.worker import start_worker

    from masterplan.celery import app

    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
