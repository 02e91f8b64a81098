"""Deployment artefacts: docker-compose.yml, Dockerfile, .ci/run and the README contract."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_defines_the_production_services_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "gunicorn" in (ROOT / "Dockerfile").read_text()
    assert services["worker"]["command"][:3] == ["celery", "-A", "masterplan"]
    assert {"pgdata", "media"} <= set(compose["volumes"])
    # The app services share one definition and run with DEBUG off on PostgreSQL and Redis.
    env = services["web"]["environment"]
    assert env["DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://")


def test_dockerfile_installs_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for pkg in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"):
        assert pkg in dockerfile


def test_compose_config_is_accepted_where_compose_is_installed(tmp_path):
    if shutil.which("docker-compose"):
        cmd = ["docker-compose"]
    elif (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        cmd = ["docker", "compose"]
    else:
        # `make test` installs docker-compose; only a bare pytest run may lack it.
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("docker-compose fehlt, obwohl `make test` es installiert")
        pytest.skip("docker compose ist hier nicht installiert")
    result = subprocess.run(
        [*cmd, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={"SECRET_KEY": "x", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_ci_calls_make_test_and_readme_shows_the_two_setup_commands():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    einrichten = readme.split("## Einrichten")[1].split("##")[0]
    commands = re.findall(r"^make \w+", einrichten, flags=re.M)
    assert commands == ["make run", "make test"]
