# Two commands a fresh machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter named by .python-version (pyenv), else whatever python3.13 is on PATH.
BASE_PYTHON ?= $(shell PYENV_VERSION=$$(cat .python-version) pyenv which python 2>/dev/null || command -v python$$(cat .python-version) || command -v python3)
STAMP := $(VENV)/.installed
# Known-vulnerability check of the installed venv against PyPI's advisories: any known
# vulnerability fails the build. Packages the advisory service cannot look up (a mirror
# without PyPI's per-version API, as in this project's sandbox) are listed as skipped;
# `make lint PIP_AUDIT_FLAGS=--strict` makes those fail too.
PIP_AUDIT_FLAGS ?=
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-secret-key-value-0123456789abcdef DJANGO_ALLOWED_HOSTS=backontrack.example

.PHONY: install run serve test lint pytest pytest-sqlite pytest-postgres check-deploy bench audit clean

install: $(STAMP)

$(STAMP): pyproject.toml .python-version
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py seed_content
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py runserver 127.0.0.1:8000

serve: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(VENV)/bin/mypy triage content config bench
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pip-audit $(PIP_AUDIT_FLAGS) --progress-spinner off --skip-editable

# Everything but the tests that need PostgreSQL itself (tests/faults start their own cluster).
pytest-sqlite: install
	$(PY) -m pytest -p no:cacheprovider -m 'not postgres'

# A throwaway PostgreSQL cluster is started (and removed) by scripts/pg_throwaway.py
# unless DATABASE_URL already points at one.
pytest-postgres: install
	$(PY) scripts/pg_throwaway.py -- $(PY) -m pytest -p no:cacheprovider -m 'not browser'

test: lint pytest-sqlite pytest-postgres

bench: install
	$(PY) scripts/pg_throwaway.py -- $(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
