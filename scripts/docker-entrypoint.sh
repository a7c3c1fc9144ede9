#!/bin/sh
# Start a Studio container: make sure it has a secret key nobody else knows, then run the command.
#
# With DJANGO_SECRET_KEY set, that key is used. Without it, the key is read from
# $STUDIO_SECRET_DIR/secret_key (a volume shared by web, worker and beat), generated there on
# the first start: so sessions, personal call-sheet links and feed links survive restarts.
set -eu

SECRET_DIR="${STUDIO_SECRET_DIR:-/var/lib/studio/secret}"
KEY_FILE="$SECRET_DIR/secret_key"

if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  mkdir -p "$SECRET_DIR"
  # O_EXCL: when web, worker and beat start together, exactly one of them writes the key.
  python - "$KEY_FILE" <<'PY'
import os, secrets, sys
path = sys.argv[1]
try:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
except FileExistsError:
    sys.exit(0)
with os.fdopen(fd, "w") as out:
    out.write(secrets.token_urlsafe(64) + "\n")
print(f"studio: generated a new secret key in {path} (kept on the volume; see README to rotate)")
PY
  # The writer may still be writing: wait until the file holds a whole key.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ "$(wc -c < "$KEY_FILE")" -ge 50 ] && break
    sleep 0.2
  done
  export DJANGO_SECRET_KEY_FILE="$KEY_FILE"
  echo "studio: using the secret key in $KEY_FILE"
fi

exec "$@"
