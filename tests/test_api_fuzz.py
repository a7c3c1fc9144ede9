"""API fuzzing: schemathesis drives every operation of the OpenAPI schema as a producer.

Each operation gets a bounded number of generated requests, called through the WSGI app
against the demo production ("The Long Night", owned by ``producer``). Every response must
not be a server error, must match the schema, and must carry a documented status code.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from demo.seed import DEMO_SLUG

# Enough to stay within a couple of minutes in CI; raise it for a deeper run.
MAX_EXAMPLES = int(os.environ.get("STUDIO_FUZZ_EXAMPLES", "5"))

config = SchemathesisConfig.from_dict({"parameters": {"path.slug": DEMO_SLUG}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)

CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.status_code_conformance,
]


@pytest.fixture(scope="module")
def demo_token(django_db_setup, django_db_blocker):
    """Seed the demo production once for the module; every test rolls back to this state."""
    from knox.models import AuthToken

    from demo.seed import demo_seed

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            production = demo_seed()
            owner = production.memberships.get(user__username="producer").user
            key = AuthToken.objects.create(user=owner)[1]
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield key
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Requests go through the real WSGI handler, which closes the database connection after
    each response; the test's transaction lives on that connection, so keep it open (as
    Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation(case, demo_token):
    case.call_and_validate(headers={"Authorization": f"Token {demo_token}"}, checks=CHECKS)
