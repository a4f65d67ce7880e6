# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test lint migrate demo serve-prod clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Development server on SQLite with the demo data; DEBUG is on only here.
serve: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, on SQLite unless DATABASE_URL says otherwise.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Production: refuses to start with unapplied migrations; collects hashed static files; gunicorn.
# Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL in the environment.
serve-prod: install
	@$(PY) manage.py migrate --check --noinput >/dev/null || { echo "Unapplied migrations: run 'make migrate' first."; exit 1; }
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn portal.wsgi -c portal/gunicorn.conf.py

migrate: install
	$(PY) manage.py migrate --noinput

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
