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


def test_only_the_tls_proxy_is_published_and_it_limits_request_bodies():
    from django.conf import settings

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    proxy = services["proxy"]
    assert proxy["image"].split(":")[0] in {"caddy", "nginx"}
    assert {p.split(":")[-1] for p in proxy["ports"]} == {"80", "443"}
    # Nothing else is published: gunicorn is reached through the proxy only.
    for name, service in services.items():
        if name != "proxy":
            assert "ports" not in service, name
    assert services["web"]["expose"] == ["8000"]
    # The portal takes the client's address from the one proxy's X-Forwarded-For.
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert any(v.endswith(":/zertifikate:ro") for v in proxy["volumes"])

    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "tls {$TLS:internal}" in caddyfile
    assert proxy["environment"]["TLS"] == "${TLS:-internal}"
    assert "reverse_proxy {$UPSTREAM:web:8000}" in caddyfile
    # The proxy's body limits are the portal's: uploads slightly above the attachment
    # limit, everything else the form data limit.
    einheiten = {"MiB": 1024 * 1024, "KiB": 1024}

    def bytes_(wert):
        zahl, einheit = re.fullmatch(r"(\d+)(MiB|KiB)", wert).groups()
        return int(zahl) * einheiten[einheit]

    upload = re.search(r"max_size \{\$MAX_ANFRAGE_UPLOAD:(\w+)\}", caddyfile).group(1)
    sonst = re.search(r"max_size \{\$MAX_ANFRAGE:(\w+)\}", caddyfile).group(1)
    assert proxy["environment"]["MAX_ANFRAGE_UPLOAD"] == f"${{MAX_ANFRAGE_UPLOAD:-{upload}}}"
    assert proxy["environment"]["MAX_ANFRAGE"] == f"${{MAX_ANFRAGE:-{sonst}}}"
    assert bytes_(upload) == settings.ANFRAGE_MAX_BYTES
    assert settings.ANLAGE_MAX_BYTES < bytes_(upload) <= settings.ANLAGE_MAX_BYTES * 1.25
    assert bytes_(sonst) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The upload paths of the proxy are the portal's upload views.
    from django.urls import resolve

    muster = re.search(r"@upload path_regexp upload (\S+)", caddyfile).group(1)
    for url in ("/steckbriefe/neu/", "/steckbriefe/42/bearbeiten/"):
        assert re.match(muster, url)
        assert resolve(url).view_name in settings.UPLOAD_URL_NAMEN
    assert not re.match(muster, "/konto/login/")


def test_caddyfile_is_valid():
    # `make test` installs Debian's caddy (browser-deps); outside it the check is skipped,
    # in CI a missing caddy fails.
    if not shutil.which("caddy"):
        if os.environ.get("CI") == "true":
            pytest.fail("caddy fehlt: make browser-deps installiert es")
        pytest.skip("caddy ist hier nicht installiert")
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(ROOT / "deploy" / "Caddyfile")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


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
