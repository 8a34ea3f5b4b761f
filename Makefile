# The portal's two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist), one per core by default; 0 runs the suite in one process.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.DEFAULT_GOAL := help
.PHONY: help run test audit install install-dev lock services-up services-down services-status lint format bench clean

help:
	@echo "make run            serve the portal on http://localhost:$(PORT) (SQLite, in-memory channel layer)"
	@echo "make test           start PostgreSQL, Redis and Elasticsearch on loopback and run the whole suite"
	@echo "make services-up    start the three services by hand; prints export lines to eval"
	@echo "make services-down  stop them (data is kept under .services/)"
	@echo "make lint           ruff and import-linter (the dependency rule in docs/architecture.md)"
	@echo "make lock           recompile requirements*.txt from requirements*.in (pip-tools), keeping current pins"
	@echo "make audit          known vulnerabilities in the pinned Python and npm packages (part of make test)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	scripts/system-packages.sh
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

install-dev: $(VENV)/.installed-dev node_modules/.installed

# Local mode: the portal's own error pages over plain http (`DEBUG=1 make run` for Django's debug pages);
# every absolute link (emails, feeds, API, sitemap) points at the port served here.
run: export PORTAL_ENV ?= local
run: export PORTAL_BASE_URL ?= http://localhost:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo_content
	@echo "Serving the portal on $(PORTAL_BASE_URL)/ (admin at /admin/), with its worker; Ctrl-C stops it."
	WORKER_IN_PROCESS=1 $(BIN)/daphne -b 127.0.0.1 -p $(PORT) portal.asgi:application

test: install-dev
	$(BIN)/lint-imports
	@scripts/ensure-chromium.sh >/dev/null
	@scripts/system-packages.sh
	@$(BIN)/python scripts/audit_dependencies.py
	@set -e; eval "$$(scripts/services.sh up)"; \
	  $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

audit: install-dev
	$(BIN)/python scripts/audit_dependencies.py

services-up:
	@scripts/services.sh up

services-down:
	@scripts/services.sh down

services-status:
	@scripts/services.sh status

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# pip-compile keeps the versions already in the .txt files; `make lock UPGRADE=--upgrade` moves them.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(UPGRADE)

lock: install-dev
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache test-artifacts
