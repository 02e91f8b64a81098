"""Fixtures of the fault tests (integration: CI=true or INTEGRATION=1).

Each test gets its own redis-server on a free port, the test process publishes to it, and
real worker processes consume from it, working on the committed data of the PostgreSQL
test database (transactional; serialized rollback restores the migrations' data
afterwards). Logs of the services are printed when a test fails."""

import os

import pytest
from django.db import connection

from .dienste import RedisServer, Worker, datenbank_url, fehlt


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"bericht_{report.when}", report)
    return report


def _fehlgeschlagen(request) -> bool:
    return any(
        getattr(getattr(request.node, f"bericht_{phase}", None), "failed", False)
        for phase in ("setup", "call")
    )


@pytest.fixture
def echte_dienste(django_db_serialized_rollback, transactional_db, celery_eager):
    """Committed data that worker processes can see; tasks go to the broker."""
    from masterplan.celery import app

    if connection.vendor != "postgresql":
        fehlt("PostgreSQL (DATABASE_URL); Worker-Prozesse sehen die SQLite-Testdatenbank nicht")
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
    yield


def _pools_verwerfen(app) -> None:
    """Close and forget the broker connections (kombu's global pools, keyed by connection,
    and the app's references), so that the next publish connects to the new URL."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_privat(request, tmp_path, settings, echte_dienste):
    """A running redis-server of this test; portal (broker and cache) point at it."""
    from masterplan.cache import AusfallsicherRedisCache
    from masterplan.celery import app

    if not settings.REDIS_URL:
        fehlt("REDIS_URL (Broker- und Cache-Einstellungen für Redis)")
    server = RedisServer(tmp_path)
    server.starten()
    alt = app.conf.broker_url
    settings.REDIS_URL = settings.CELERY_BROKER_URL = server.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    app.conf.broker_url = server.url
    _pools_verwerfen(app)
    yield server
    app.conf.broker_url = alt
    _pools_verwerfen(app)
    AusfallsicherRedisCache._pause_bis = 0.0
    if _fehlgeschlagen(request):
        print(server.bericht())
    server.stoppen()


@pytest.fixture
def worker_starten(request, tmp_path, settings, redis_privat):
    """worker_starten(name, beat, **umgebung) starts `celery worker` (with beat inside if
    asked) against the test's Redis and the test database; every worker is stopped (and its
    log printed on failure) at the end."""
    gestartet: list[Worker] = []

    def starten(name: str = "stoerung@%h", beat: bool = False, **extra) -> Worker:
        umgebung = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "CI", "INTEGRATION"}
        }
        umgebung.update(
            DATABASE_URL=datenbank_url(connection.settings_dict),
            REDIS_URL=redis_privat.url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            VAR_DIR=str(tmp_path / "var-worker"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            CONN_MAX_AGE="60",
            CELERY_TASK_ALWAYS_EAGER="false",
            EXPORT_MAIL_AB_SEKUNDEN="3600",
            DJANGO_SETTINGS_MODULE="masterplan.settings",
            PYTHONUNBUFFERED="1",
        )
        umgebung.update({k: str(v) for k, v in extra.items()})
        worker = Worker(tmp_path, umgebung, name, beat)
        gestartet.append(worker)
        return worker.starten()

    yield starten
    for worker in gestartet:
        worker.beenden()
    if _fehlgeschlagen(request):
        for worker in gestartet:
            print(worker.bericht())
