# Ostoja: `make run` serves the demo, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python3) \
                      $(shell command -v python3.12 2>/dev/null))
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.base

.PHONY: help venv run dev demo-data deploy-check test lint typecheck imports unit rules messages compile-messages bench clean

help:
	@echo "make run   - install, migrate, load the demo municipality and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - lint, type and import checks and the whole test suite"
	@echo "make dev   - the same demo on Django's development server, with DEBUG on"

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	@touch $@

venv: $(VENV)/.installed

compile-messages: venv
	@$(PY) manage.py compile_translations

# `make run` serves the demo as production runs: production settings (DEBUG off, CSP, the
# second factor required), gunicorn with two workers, static files by WhiteNoise. It is a local
# demo over plain HTTP on 127.0.0.1, so HTTPS is not forced and cookies are not marked Secure
# (browsers would not send them back over http). The key is made once and kept in var/.
RUN_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
  OSTOJA_SECRET_KEY="$$(cat var/secret_key)" \
  OSTOJA_SECURE_COOKIES=false OSTOJA_SSL_REDIRECT=false

var/secret_key:
	@mkdir -p var
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo-data: venv compile-messages var/secret_key
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py seed_demo --if-empty
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@$(RUN_ENV) $(PY) manage.py demo_logins

# No access log: request lines carry query strings (a PESEL typed into the search box).
# One task worker (the payment run, cash-list prints, the re-indexation, the daily finality
# of decisions) runs beside the web server; when either stops, or on Ctrl-C, the trap ends the
# other. More workers: `manage.py db_worker` in more terminals (README). Before they start, the daily finality run
# is put in the queue unless one is waiting (a fresh install; again, it changes nothing).
run: demo-data
	$(RUN_ENV) $(PY) manage.py decisions_make_final --schedule
	@trap 'kill 0' EXIT; \
	$(RUN_ENV) $(PY) manage.py db_worker --interval 1 & \
	$(RUN_ENV) $(VENV)/bin/gunicorn config.wsgi --workers 2 --bind 127.0.0.1:$(PORT)

dev: demo-data
	OSTOJA_DEBUG=true $(PY) manage.py decisions_make_final --schedule
	@trap 'kill 0' EXIT; \
	OSTOJA_DEBUG=true $(PY) manage.py db_worker --interval 1 & \
	OSTOJA_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production settings must pass Django's deployment checklist (with a throw-away key), and
# every model change must have its migration.
deploy-check: venv
	DJANGO_SETTINGS_MODULE=config.settings.production \
	  OSTOJA_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find ostoja -name '*.html' -print0 | xargs -0 $(VENV)/bin/djade --check --target-version 6.1

typecheck: venv
	$(VENV)/bin/mypy .

imports: venv
	$(VENV)/bin/lint-imports --no-cache

unit: venv compile-messages
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest --ignore=ostoja/rules $(PYTEST_ARGS)

# The rules engine: its tests with 100 % line and branch coverage, then the legal cases.
rules: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest ostoja/rules -q \
	  --cov=ostoja.rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
	$(PY) -m ostoja.rules test ostoja/rules/cases

test: lint typecheck imports deploy-check rules unit

messages: venv
	$(PY) manage.py makemessages --locale pl --no-obsolete --no-location --ignore '.venv/*' --ignore 'bench/*'

bench: venv
	$(MAKE) -C bench

clean:
	rm -rf $(VENV) var/static test-artifacts
