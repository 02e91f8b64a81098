import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import OperationalError

from handlungsfelder.betreiber import ANGABEN
from masterplan import health

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_ok_when_database_and_broker_answer(client, monkeypatch):
    monkeypatch.setattr(health, "check_broker", lambda: (True, "ok"))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_503_when_broker_is_down(client, monkeypatch):
    class DeadBroker:
        def connection_for_write(self):
            raise ConnectionRefusedError("Verbindung abgelehnt")

    monkeypatch.setattr(health, "celery_app", DeadBroker())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "ConnectionRefusedError"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_503_when_database_is_down(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("Datenbank weg")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(health, "check_broker", lambda: (True, "ok"))
    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "OperationalError"


@pytest.mark.django_db
def test_healthz_with_embedded_filesystem_broker(client, settings, tmp_path):
    # The default development broker (no REDIS_URL) answers without any service running.
    from masterplan.celery import app

    if app.conf.broker_url != "filesystem://":
        pytest.skip("Nur ohne REDIS_URL (eingebetteter Broker)")
    assert client.get("/healthz").status_code == 200


@pytest.mark.integration
@pytest.mark.django_db
def test_healthz_against_real_redis(client):
    from django.conf import settings

    assert settings.REDIS_URL, "Integrationstests brauchen REDIS_URL"
    response = client.get("/healthz")
    assert response.status_code == 200, response.content


@pytest.mark.integration
@pytest.mark.django_db
def test_healthz_503_against_unreachable_redis(client, monkeypatch):
    from masterplan.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] != "ok"


def _manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "false",
            "SECRET_KEY": "x" * 30 + "production-secret-for-the-check-only-abcdefghijkl",
            "ALLOWED_HOSTS": "steckbriefe.example.org",
            "VAR_DIR": str(tmp_path),
            # The operator's own data (without them the check warns: example data).
            **{f"BETREIBER_{k.upper()}": f"Betreiber {k}" for k in ANGABEN},
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _manage(
        "check",
        env_extra={"DEBUG": "false", "SECRET_KEY": "", "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "SECRET_KEY muss gesetzt sein" in result.stderr


@pytest.mark.django_db
def test_media_root_is_not_served(client, settings):
    from pathlib import Path

    geheim = Path(settings.MEDIA_ROOT) / "anlagen" / "geheim.pdf"
    geheim.parent.mkdir(parents=True)
    geheim.write_bytes(b"%PDF-1.4 vertraulich")
    for url in (f"{settings.MEDIA_URL}anlagen/geheim.pdf", "/media/anlagen/geheim.pdf"):
        assert client.get(url).status_code == 404
    assert json.dumps(settings.STATICFILES_DIRS, default=str).find("media") == -1
