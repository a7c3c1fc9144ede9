"""API fuzzing: schemathesis drives every operation of the OpenAPI schema, with every check it
has (``--checks all``), against a live server signed in as the demo producer.

The server is a real gunicorn in its own process, on a database of its own, migrated and
seeded with the demo production ("The Long Night", owned by ``producer``). Each operation gets
a bounded number of generated requests; every response must not be a server error, must
match the schema, carry a documented status code and content type, and so on. The one
operation left out is the token's own revocation (``DELETE /api/v1/auth/token/``), which would
sign the fuzzer out.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from demo.seed import DEMO_PASSWORD, DEMO_SLUG

REPO_ROOT = Path(__file__).resolve().parent.parent
# Enough to stay within a few minutes in CI; raise it for a deeper run.
MAX_EXAMPLES = int(os.environ.get("STUDIO_FUZZ_EXAMPLES", "5"))

load_all_checks()
ALL_CHECKS = CHECKS.get_all()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_for_server(tmp: Path) -> tuple[str, callable]:
    """Return a database URL for the server alone, and how to drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'fuzz.sqlite3'}", lambda: None
    import psycopg2

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_fuzz_{uuid.uuid4().hex[:6]}"
    admin = dict(
        dbname="postgres",
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
    )

    def run(sql: str) -> None:
        connection = psycopg2.connect(**admin)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    run(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}", lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """Serve Studio with gunicorn on a seeded database of its own; yield (base URL, token)."""
    tmp = tmp_path_factory.mktemp("fuzz")
    database_url, drop = _database_for_server(tmp)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDIO_"))}
    env = {
        **clean,
        "DATABASE_URL": database_url,
        "STUDIO_TESTING": "1",  # in-process tasks, a memory cache, no HTTPS redirect
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "STUDIO_MEDIA_ROOT": str(tmp / "media"),
        "STUDIO_API_USER_RATE": "100000/minute",
    }
    # Tasks go to a queue of their own that no worker reads: the server answers as in
    # production (a publish queues its emails) without rendering every PDF in the request.
    queue = f"studio-fuzz-{uuid.uuid4().hex[:8]}"
    if os.environ.get("REDIS_URL"):
        env.update(REDIS_URL=os.environ["REDIS_URL"], STUDIO_CELERY_QUEUE=queue)
    else:
        env.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo", "--force"]):
        done = subprocess.run(
            manage + command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "studio.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "120",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"The server did not start:\n{(tmp / 'server.log').read_text()}")
                time.sleep(0.3)
        request = urllib.request.Request(
            f"{base}/api/v1/auth/token/",
            data=f'{{"username": "producer", "password": "{DEMO_PASSWORD}"}}'.encode(),
            headers={"Content-Type": "application/json"},
        )
        import json

        token = json.loads(urllib.request.urlopen(request, timeout=30).read())["token"]
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        drop()
        if os.environ.get("REDIS_URL"):
            import redis

            redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)


def _schema_document() -> dict:
    """Return the OpenAPI document the server publishes (read in-process at collection)."""
    import json

    from django.test import Client

    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


# Loaded from the document so that each case is sent over HTTP to the live server.
CONFIG = {
    "parameters": {"path.slug": DEMO_SLUG},
    # Data the schema allows may still be refused in words by the domain (a username nobody
    # has, a run that is not in progress, a file that is no screenplay, the board's If-Match,
    # the sign-in throttle): those are answers in the error shape, not failures.
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2XX", "400", "403", "404", "409", "412", "415", "428", "429"]
        }
    },
}
schema = schemathesis.openapi.from_dict(
    _schema_document(), config=SchemathesisConfig.from_dict(CONFIG)
).exclude(path="/api/v1/auth/token/", method="DELETE")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    # The same examples on every run, so that a green run here is a green run in CI.
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation(case, fuzz_server):
    base, token = fuzz_server
    case.call_and_validate(
        base_url=base, headers={"Authorization": f"Token {token}"}, checks=ALL_CHECKS
    )
