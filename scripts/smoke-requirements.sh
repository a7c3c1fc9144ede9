#!/usr/bin/env bash
# The production dependency set works on its own: build a fresh virtual environment from
# requirements.txt alone (as the Dockerfile does), then, over the real Redis and a PostgreSQL
# database of its own: migrate, seed the demo, start a real Celery worker, publish a call sheet
# and check that every delivery was emailed (file email backend).
#
# Needs PostgreSQL and Redis on 127.0.0.1 (.ci/run starts them). SMOKE_* variables override.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
WORK="${SMOKE_DIR:-$(mktemp -d -t studio-smoke.XXXXXX)}"
VENV="$WORK/venv"
DB_NAME="${SMOKE_DB_NAME:-studio_smoke}"
PG="${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}"
REDIS="${SMOKE_REDIS:-redis://127.0.0.1:6379}"
QUEUE="studio-smoke-$$"
WORKER_PID=""

cleanup() {
  if [ -n "$WORKER_PID" ]; then kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true; fi
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "smoke: fresh virtual environment in $VENV from requirements.txt alone"
if [ "${SMOKE_REUSE_VENV:-0}" = 1 ] && [ -x "$VENV/bin/python" ]; then
  echo "smoke: reusing $VENV (SMOKE_REUSE_VENV=1)"
else
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r requirements.txt
fi
if "$VENV/bin/python" -c "import pytest" 2>/dev/null; then
  echo "smoke: pytest is installed: this is not the production set" >&2; exit 1
fi

psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
psql "$PG/postgres" -q -c "CREATE DATABASE $DB_NAME" >/dev/null

export DATABASE_URL="$PG/$DB_NAME"
export REDIS_URL="$REDIS/11"
export STUDIO_CACHE_URL="$REDIS/12"
export STUDIO_CELERY_QUEUE="$QUEUE"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_SECURE_SSL_REDIRECT=0
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$WORK/mail"
unset STUDIO_TESTING
mkdir -p "$EMAIL_FILE_PATH"
PY="$VENV/bin/python"

echo "smoke: migrate, seed_demo --force"
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py seed_demo --force >/dev/null

echo "smoke: a real worker on queue $QUEUE"
"$VENV/bin/celery" -A studio worker -l warning --concurrency 2 -Q "$QUEUE" \
  --without-gossip --without-mingle --without-heartbeat >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!

echo "smoke: publish a call sheet and wait for the worker"
# One Python process publishes and waits: Django's shell prints its own lines on stdout,
# so the result is the last line.
"$PY" manage.py shell --no-imports -c '
import time
from callsheets import services
from callsheets.models import Delivery
from callsheets.models import CallSheet
from demo.seed import DEMO_SLUG
sheet = CallSheet.objects.filter(production__slug=DEMO_SLUG).order_by("date").first()
version = services.callsheet_publish(callsheet=sheet)
expected = version.deliveries.count()
deadline = time.monotonic() + 180
while time.monotonic() < deadline:
    sent = Delivery.objects.filter(version=version, state="sent").count()
    if sent >= expected:
        break
    time.sleep(1)
print(version.pk, expected, sent)
' >"$WORK/published"
read -r VERSION EXPECTED SENT < <(tail -n 1 "$WORK/published")
MESSAGES=$(cat "$EMAIL_FILE_PATH"/* 2>/dev/null | grep -c '^Message-ID:' || true)
echo "smoke: version $VERSION: $SENT of $EXPECTED deliveries sent, $MESSAGES messages in the mail folder"
if [ "$EXPECTED" -lt 1 ] || [ "$SENT" -ne "$EXPECTED" ] || [ "$MESSAGES" -lt "$EXPECTED" ]; then
  echo "smoke: FAILED" >&2; cat "$WORK/worker.log" >&2; exit 1
fi
echo "smoke: ok"
