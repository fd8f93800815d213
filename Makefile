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

.PHONY: help venv run test lint typecheck imports unit rules messages compile-messages bench clean

help:
	@echo "make run   - install, migrate, load the demo municipality and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - lint, type and import checks and the whole test suite"

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	@touch $@

venv: $(VENV)/.installed

compile-messages: venv
	@$(PY) manage.py compile_translations

run: venv compile-messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_logins
	OSTOJA_DEBUG=$${OSTOJA_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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

test: lint typecheck imports rules unit

messages: venv
	$(PY) manage.py makemessages --locale pl --no-obsolete --no-location --ignore '.venv/*' --ignore 'bench/*'

bench: venv
	$(MAKE) -C bench

clean:
	rm -rf $(VENV) var/static test-artifacts
