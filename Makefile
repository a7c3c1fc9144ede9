# Studio: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

# Tests use the machine's PostgreSQL and Redis when they answer, unless told otherwise.
TEST_DATABASE_URL := $(or $(DATABASE_URL),$(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/studio))
TEST_REDIS_URL := $(or $(REDIS_URL),$(shell redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && echo redis://127.0.0.1:6379/0))

.PHONY: run test smoke lint audit bench worker beat backup restore clean system-deps

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VENV)/bin/activate requirements.txt requirements-dev.txt
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Studio on http://127.0.0.1:8000 — sign in as producer / studio-demo"
	@if [ -n "$$REDIS_URL" ]; then \
		DJANGO_DEBUG=1 $(VENV)/bin/celery -A studio worker --beat -l info & \
	fi; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

system-deps:
	@sh scripts/system-deps.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(STAMP) system-deps lint
	STUDIO_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	STUDIO_TESTING=1 DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

# A fresh venv from requirements.txt alone: migrate, seed, and a call sheet delivered by a
# real worker over Redis (needs PostgreSQL and Redis on 127.0.0.1; CI runs it after the tests).
smoke:
	scripts/smoke-requirements.sh

# Known vulnerabilities in the pinned dependencies; says plainly what it could not check.
audit: $(STAMP)
	$(PY) scripts/audit.py

bench: $(STAMP) system-deps
	$(PY) bench/run.py

worker: $(STAMP)
	$(VENV)/bin/celery -A studio worker -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A studio beat -l info

backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/studio-….tar.gz" && exit 1)
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results
