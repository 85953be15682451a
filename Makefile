PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint contracts typecheck bench clean serve vendor-axe

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# make demo PORT=8001 serves on another port (127.0.0.1); it stops with a clear error if busy.
demo: $(STAMP)
	$(PY) manage.py demo --addrport 127.0.0.1:$(or $(PORT),8000)

# -rs: a skipped test says why (e.g. no broker for the worker test, no chromium).
# One pytest-xdist worker per core (PYTEST_WORKERS=0 runs in one process); each worker has its
# own test database, and a file's tests stay on one worker so its module fixtures are built once.
test: $(STAMP)
	$(PY) -m pytest -rs -n $(or $(PYTEST_WORKERS),auto) --dist loadfile $(PYTEST_ARGS)

# Production-style on this machine: gunicorn (web), a Celery worker and beat on PostgreSQL and
# Redis, DEBUG off. Every variable below can be overridden: make serve PORT=9000 DATABASE_URL=...
# Plain HTTP on 127.0.0.1: set SECURE_SSL_REDIRECT/…_COOKIE_SECURE=true behind a TLS proxy.
serve: $(STAMP)
	@mkdir -p var
	@test -s var/secret_key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	export PATH="$(CURDIR)/$(VENV)/bin:$$PATH" DEBUG=false \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  DATABASE_URL="$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/recruitly}" \
	  CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}" \
	  CACHE_URL="$${CACHE_URL:-redis://127.0.0.1:6379/1}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-false}" \
	  CSRF_COOKIE_SECURE="$${CSRF_COOKIE_SECURE:-false}"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	exec $(VENV)/bin/honcho start -f Procfile

# axe-core (MPL-2.0) for the browser tests' accessibility check, copied from the npm package
# into the repository so no test downloads anything: run again to update AXE_VERSION.
AXE_VERSION := 4.14.1
AXE_DIR := tests/browser/assets/axe-core
vendor-axe:
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
	  tar xzf axe-core-$(AXE_VERSION).tgz && \
	  cp package/axe.min.js package/LICENSE package/LICENSE-3RD-PARTY.txt $(CURDIR)/$(AXE_DIR)/ && \
	  echo "axe-core $(AXE_VERSION) copied to $(AXE_DIR)"

lint: $(STAMP) contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The floors of docs/architecture.md (contracts in pyproject.toml): no app imports a higher one.
contracts: $(STAMP)
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP)
	$(VENV)/bin/mypy recruitly learning experiments profiles web

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache
