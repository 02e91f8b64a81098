# Two set-up commands: `make run` and `make test`. Both install what they need themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# The lock files: every Python package, direct and transitive, pinned with hashes.
# prod.lock is what the image installs, dev.lock adds the test tools (same versions).
LOCK_PROD := requirements/prod.lock
LOCK_DEV := requirements/dev.lock
LOCK_ARGS := --quiet --generate-hashes --python-version 3.11.7 \
  --python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock"
HOST ?= 127.0.0.1
PORT ?= 8000

WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
CI_DATABASE_URL := postgres://postgres@127.0.0.1:5432/masterplan
CI_REDIS_URL := redis://127.0.0.1:6379/0

ifeq ($(CI),true)
export DATABASE_URL ?= $(CI_DATABASE_URL)
export REDIS_URL ?= $(CI_REDIS_URL)
endif

.PHONY: help run test install lock lock-upgrade system-deps browser-deps assets services lint migrations-check worker demo clean bench bench-last bench-vergleich bench-profil

help:
	@echo "make run   – Portal mit Demodaten auf http://$(HOST):$(PORT) starten (SQLite, ohne Redis)"
	@echo "make test  – gesamte Testsuite (ruff, Migrationen, pytest)"

# --- installation ------------------------------------------------------------------------
# The virtualenv is exactly the lock: whenever the lock changes it is built anew, so a
# package dropped from the lock is gone, too. --no-deps: the lock is complete (tested).
$(STAMP): $(LOCK_DEV)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK_DEV)
	$(PIP) check
	@touch $(STAMP)

# Re-resolve after editing pyproject.toml, keeping every pin that still fits:
# `make lock`. Upgrade one package (and what it needs): `make lock P=django`.
# Upgrade everything to the newest releases the bounds allow: `make lock-upgrade`.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) $(if $(P),--upgrade-package $(P)) -o $(LOCK_PROD)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -c $(LOCK_PROD) $(LOCK_ARGS) $(if $(P),--upgrade-package $(P)) -o $(LOCK_DEV)

lock-upgrade: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) --upgrade -o $(LOCK_PROD)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -c $(LOCK_PROD) $(LOCK_ARGS) --upgrade -o $(LOCK_DEV)

install: system-deps $(STAMP) assets

system-deps:
	@scripts/ensure-debs.sh $(WEASYPRINT_DEBS)
	@command -v npm >/dev/null || scripts/ensure-debs.sh nodejs npm

# Test-only tools from Debian: the browser for the browser tests, docker-compose, which
# validates docker-compose.yml (the Docker engine itself cannot run here), and caddy, which
# validates deploy/Caddyfile, and poppler-utils (pdftotext, pdftoppm) for the PDF layout tests.
browser-deps:
	@scripts/ensure-debs.sh chromium docker-compose caddy poppler-utils

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.package-lock.json

# --- services (CI) -----------------------------------------------------------------------
services:
ifeq ($(CI),true)
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL auf 127.0.0.1:5432 nicht erreichbar"; exit 1; }
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; \
	  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "Redis auf 127.0.0.1:6379 nicht erreichbar"; exit 1; }
	@echo "PostgreSQL und Redis laufen."
endif

# --- run ---------------------------------------------------------------------------------
run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demodaten
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/   Verwaltung: http://$(HOST):$(PORT)/admin/"
	@$(PY) manage.py demodaten --logins
	@echo "E-Mails (z. B. Bestätigungslinks) liegen als Dateien in var/mails/."
	@echo ""
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/celery -A masterplan worker --beat --loglevel=INFO --concurrency=2 --schedule var/celerybeat-schedule > var/worker.log 2>&1 & worker=$$!; \
	  echo "Celery-Worker läuft (Protokoll: var/worker.log)"; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# --- test --------------------------------------------------------------------------------
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r . -x ./.venv,./node_modules,./tests,./var --severity-level high

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

test: install browser-deps services lint migrations-check
	$(VENV)/bin/pytest

# --- benchmark (not part of the tests) ------------------------------------------------------
# Dossier rendering with 1 and 2 worker processes and naively in one WeasyPrint call:
# `make bench` (100 Steckbriefe, a few minutes), `make bench N=200`, `make bench N=1000`
# (BENCH_ARGS=--ohne-naiv skips the slow single-call comparison). Then the similar Steckbriefe:
# precision@5/recall@5 of ours and of trigram similarity on the labelled set, the recompute
# of 20,000 and one update (bench/aehnlichkeit.py).
N ?= 100
bench: bench-last system-deps $(STAMP)
	$(PY) bench/dossier.py --n $(N) $(BENCH_ARGS)
	$(PY) bench/aehnlichkeit.py $(BENCH_AEHNLICHKEIT_ARGS)

# Load test of the portal pages (bench/last.py): seeds 20,000 Steckbriefe into its own
# PostgreSQL database masterplan_bench (dropped and re-created), serves with gunicorn and
# measures with wrk. `make bench-last BENCH_LAST_ARGS="--steckbriefe 2000 --dauer 5"`.
bench-last: $(STAMP)
	@command -v wrk >/dev/null || scripts/ensure-debs.sh wrk
	$(PY) bench/last.py $(BENCH_LAST_ARGS)

# Before/after on the same data: `make bench-vergleich REF=<commit>` (bench/vergleich.py).
REF ?= HEAD~1
bench-vergleich: $(STAMP)
	@command -v wrk >/dev/null || scripts/ensure-debs.sh wrk
	$(PY) bench/vergleich.py --ref $(REF) $(BENCH_VERGLEICH_ARGS)

# Where the time of a page goes: CPU per request of every measured page and pyinstrument's
# call tree of the slowest (bench/profil.py, on the data of bench-last; seeds 5,000 if none).
# `make bench-profil BENCH_PROFIL_ARGS="--seite bewerten -n 50"`.
bench-profil: $(STAMP)
	$(PY) bench/profil.py $(BENCH_PROFIL_ARGS)

clean:
	rm -rf $(VENV) node_modules var
