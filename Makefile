# Two commands a fresh machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter named by .python-version (pyenv), else whatever python3.13 is on PATH.
BASE_PYTHON ?= $(shell PYENV_VERSION=$$(cat .python-version) pyenv which python 2>/dev/null || command -v python$$(cat .python-version) || command -v python3)
# Two installs from the locked, hashed requirements (docs/decisions/0007-locked-installs.md):
# what serving needs (`make install`, `make run`, `make serve`), and that plus the dev tools
# (`make install-dev`: test, lint, bench, mutate). Dev is a superset, so its stamp stands for
# both: `make run` after `make test` installs nothing, nor does `make test` after itself.
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
PIP := $(PY) -m pip --quiet --disable-pip-version-check
# The project itself, from the locked setuptools (no build isolation: nothing unlocked is
# fetched); the message filter hides setuptools' "Editable installation" banner only.
PIP_INSTALL_PROJECT := PYTHONWARNINGS='ignore:Editable installation' \
	$(PIP) install --no-deps --no-build-isolation --editable .
# `make lock` runs pip-compile from its own venv, so the lock tool's dependencies never
# enter the project's.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links
# `make run PORT=8001` serves on another port.
PORT ?= 8000
# Known-vulnerability check of the installed venv against PyPI's advisories: any known
# vulnerability fails the build. Packages the advisory service cannot look up (a mirror
# without PyPI's per-version API, as in this project's sandbox) are listed as skipped;
# `make lint PIP_AUDIT_FLAGS=--strict` makes those fail too.
PIP_AUDIT_FLAGS ?=
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-secret-key-value-0123456789abcdef DJANGO_ALLOWED_HOSTS=backontrack.example

.PHONY: install install-dev lock run superuser serve test lint pytest pytest-sqlite pytest-postgres check-deploy bench audit clean mutate

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

$(VENV)/pyvenv.cfg:
	$(BASE_PYTHON) -m venv $(VENV)

# Pinned with hashes: pip refuses any file whose hash is not in the lock, and any dependency
# the lock lacks.
$(STAMP_RUN): requirements/base.txt pyproject.toml .python-version | $(VENV)/pyvenv.cfg
	$(PIP) install --require-hashes --requirement requirements/base.txt
	$(PIP_INSTALL_PROJECT)
	touch $@

$(STAMP_DEV): requirements/dev.txt requirements/base.txt pyproject.toml .python-version \
		| $(VENV)/pyvenv.cfg
	$(PIP) install --require-hashes --requirement requirements/dev.txt
	$(PIP_INSTALL_PROJECT)
	touch $(STAMP_RUN) $@

# Regenerate requirements/*.txt from pyproject.toml (and requirements/*.in), keeping every
# pin that still satisfies them; `make lock LOCK_FLAGS=--upgrade` takes the newest
# releases, `LOCK_FLAGS='--upgrade-package django'` one package. Then run `make test`.
LOCK_FLAGS ?=
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(BASE_PYTHON) -m venv $(LOCK_VENV) \
	  && $(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(PIP_TOOLS)'; }
	$(PIP_COMPILE) $(LOCK_FLAGS) --output-file requirements/base.txt pyproject.toml requirements/base.in
	$(PIP_COMPILE) $(LOCK_FLAGS) --extra dev --output-file requirements/dev.txt \
	  pyproject.toml requirements/dev.in

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py seed_content
	@echo
	@echo "  The site:  http://127.0.0.1:$(PORT)/"
	@echo "  The admin: http://127.0.0.1:$(PORT)/$${DJANGO_ADMIN_URL:-admin/}  (staff only)"
	@echo "  A staff account: 'make superuser' in another terminal, then log in to the admin."
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# A superuser for the admin of `make run` (debug on, the local SQLite database, unless the
# environment says otherwise).
superuser: install
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py createsuperuser

serve: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(VENV)/bin/mypy triage content config bench
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pip-audit $(PIP_AUDIT_FLAGS) --progress-spinner off --skip-editable

# Everything but the tests that need PostgreSQL itself (tests/faults start their own cluster).
pytest-sqlite: install-dev
	$(PY) -m pytest -p no:cacheprovider -m 'not postgres'

# A throwaway PostgreSQL cluster is started (and removed) by scripts/pg_throwaway.py
# unless DATABASE_URL already points at one.
pytest-postgres: install-dev
	$(PY) scripts/pg_throwaway.py -- $(PY) -m pytest -p no:cacheprovider -m 'not browser'

test: lint pytest-sqlite pytest-postgres

# As a deployment of more than one process runs: PostgreSQL, and Redis as the shared cache
# (bench/README.md; without redis-server, the database cache).
bench: install-dev
	$(PY) scripts/pg_throwaway.py -- $(PY) scripts/redis_throwaway.py -- $(PY) bench/run.py

# Mutation testing (slow, so not part of `make test`; docs/mutation.md). cosmic-ray
# mutates each module of MUTATE in turn and runs the tests against every mutant, on
# MUTATE_WORKERS http workers, each in its own copy of the work tree under .mutation/ (a
# module is never mutated in place, so other work in this tree is never disturbed).
# MUTATE_TESTS run first, without the hypothesis and playwright plugins (they take most
# of pytest's start-up); MUTATE_PROPERTY_TESTS run only on a mutant that survived those.
#   make mutate MUTATE=content/services.py MUTATE_TESTS=tests/content MUTATE_PROPERTY_TESTS=
MUTATE ?= triage/engine.py triage/management/commands/triage_check.py
MUTATE_TESTS ?= tests/triage/test_engine.py $(sort $(wildcard tests/triage/test_mutation_*.py)) \
	tests/triage/test_progress.py tests/triage/test_triage_check.py
MUTATE_PROPERTY_TESTS ?= tests/triage/test_engine_properties.py
MUTATE_WORKERS ?= 2
MUTATE_PORT ?= 48760
MUTATE_PYTEST := $(CURDIR)/$(PY) -m pytest -p no:cacheprovider -q -x --no-header
MUTATE_TEST_COMMAND := sh -c "$(MUTATE_PYTEST) -p no:hypothesispytest -p no:playwright \
	-p no:base_url $(MUTATE_TESTS) $(if $(strip $(MUTATE_PROPERTY_TESTS)),&& $(MUTATE_PYTEST) \
	--hypothesis-seed=0 $(MUTATE_PROPERTY_TESTS))"
CR := $(CURDIR)/$(VENV)/bin/cosmic-ray

# cosmic-ray mutates `|` inside return and nested annotations too; with
# `from __future__ import annotations` they are never evaluated, so every such mutant is
# equivalent. This marks them skipped (argv: session file, module path).
define MUTATE_SKIP_ANNOTATIONS
import ast, sys
from pathlib import Path
from cosmic_ray.work_db import use_db, WorkDB
from cosmic_ray.work_item import WorkResult, WorkerOutcome
tree = ast.parse(Path(sys.argv[2]).read_text(encoding="utf-8"))
notes = [n.returns for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
notes += [n.annotation for n in ast.walk(tree) if isinstance(n, ast.arg | ast.AnnAssign)]
spans = [((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)) for n in notes if n]
with use_db(sys.argv[1], WorkDB.Mode.open) as db:
    for item in list(db.pending_work_items):
        if all(any(a <= tuple(m.start_pos) < b for a, b in spans) for m in item.mutations):
            db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED,
                                                  output="in a type annotation"))
endef
export MUTATE_SKIP_ANNOTATIONS

mutate: install-dev
	rm -rf .mutation && mkdir .mutation
	# The tests find the public vignettes at ../shared beside the checkout.
	if [ -d ../shared ]; then ln -s $(abspath ../shared) .mutation/shared; fi
	set -euo pipefail; pids=""; urls=""; trap 'kill -KILL $$pids 2>/dev/null || true' EXIT; \
	for n in $$(seq 1 $(MUTATE_WORKERS)); do \
	  port=$$(($(MUTATE_PORT) + n)); mkdir .mutation/w$$n; \
	  git ls-files -z -c -o --exclude-standard -- . ':!.mutation' \
	    | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C .mutation/w$$n; \
	  (cd .mutation/w$$n && exec $(CR) http-worker --port $$port) >.mutation/w$$n.log 2>&1 & \
	  pids="$$pids $$!"; urls="$$urls http://127.0.0.1:$$port"; \
	  for try in $$(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$$port) 2>/dev/null && break; sleep 0.2; done; \
	done; \
	echo "Baseline: the tests must pass on the unmutated copy"; \
	(cd .mutation/w1 && $(MUTATE_TEST_COMMAND) >/dev/null); \
	for module in $(MUTATE); do \
	  name=$$(echo "$$module" | sed 's|\.py$$||; s|/|.|g'); \
	  $(PY) -c 'import sys; from cosmic_ray.config import load_config, serialize_config; \
	    c = load_config("cosmic-ray.toml"); c["module-path"] = sys.argv[1]; \
	    c["test-command"] = sys.argv[2]; c["distributor"]["http"]["worker-urls"] = sys.argv[3:]; \
	    print(serialize_config(c))' "$$module" '$(MUTATE_TEST_COMMAND)' $$urls >.mutation/$$name.toml; \
	  echo "Mutating $$module"; \
	  (cd .mutation/w1 && $(CR) init ../$$name.toml ../$$name.sqlite \
	    && $(CURDIR)/$(PY) -c "$$MUTATE_SKIP_ANNOTATIONS" ../$$name.sqlite "$$module" \
	    && $(CR) exec ../$$name.toml ../$$name.sqlite); \
	  $(VENV)/bin/cr-report --surviving-only .mutation/$$name.sqlite >.mutation/$$name.survivors.txt; \
	  echo "$$module: $$(tail -n 3 .mutation/$$name.survivors.txt | tr '\n' ' ')"; \
	done
	@echo "Surviving mutants: .mutation/*.survivors.txt (cr-report --show-diff for the diffs)"

clean:
	rm -rf $(VENV) $(LOCK_VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
