# The portal's two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test audit install install-dev services-up services-down services-status lint format bench clean

help:
	@echo "make run            serve the portal on http://127.0.0.1:$(PORT) (SQLite, in-memory channel layer)"
	@echo "make test           start PostgreSQL, Redis and Elasticsearch on loopback and run the whole suite"
	@echo "make services-up    start the three services by hand; prints export lines to eval"
	@echo "make services-down  stop them (data is kept under .services/)"
	@echo "make lint           ruff"
	@echo "make audit          known vulnerabilities in the pinned Python and npm packages (part of make test)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
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

run: install
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo_content
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (admin at /admin/); Ctrl-C stops it."
	$(BIN)/daphne -b 127.0.0.1 -p $(PORT) portal.asgi:application

test: install-dev
	@scripts/ensure-chromium.sh >/dev/null
	@$(BIN)/python scripts/audit_dependencies.py
	@set -e; eval "$$(scripts/services.sh up)"; \
	  $(BIN)/pytest $(PYTEST_ARGS)

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

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache test-artifacts
