"""Moving the call sheet, report and webhook models out of ``schedules`` keeps every row.

The database is taken back to the migrations as they were before the move (``schedules``
at ``0004_optimizer``, the new apps unmigrated) with the demo and a webhook's log in it, its
rows counted table by table, then migrated forward: every table holds the same rows, the
content types follow the models to their new apps, and the stored beat schedule still names
tasks that exist.
"""

from datetime import date, time

import pytest
from celery import current_app
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from callsheets.models import CallSheet, CallSheetCrew
from demo.seed import demo_seed
from reports.models import DailyReport, DailyReportCrew, ProducerDigest
from tests.factories import ReportFactory, WebhookFactory
from webhooks.models import WebhookAttempt, WebhookDelivery

BEFORE_THE_MOVE = [
    ("schedules", "0004_optimizer"),
    ("webhooks", None),
    ("callsheets", None),
    ("reports", None),
]
MOVED = {
    "webhooks": ("webhook", "webhookdelivery", "webhookattempt"),
    "callsheets": (
        "callsheet",
        "callsheetcast",
        "callsheetcrew",
        "callsheetdepartment",
        "callsheetlink",
        "callsheetversion",
        "delivery",
    ),
    "reports": (
        "dailyreport",
        "dailyreportcast",
        "dailyreportcrew",
        "dailyreportdelay",
        "dailyreportscene",
        "producerdigest",
        "report",
    ),
}


def _migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _row_counts() -> dict[str, int]:
    """Count the rows of every table but Django's record of the migrations applied."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _content_type_labels(models: tuple[str, ...]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT app_label FROM django_content_type WHERE model = ANY(%s)",
            [list(models)],
        )
        return {row[0] for row in cursor.fetchall()}


def _load_data() -> None:
    production = demo_seed()
    webhook = WebhookFactory(production=production)
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event="dpr.approved", payload={"id": 1}, status="succeeded", attempts=1
    )
    WebhookAttempt.objects.create(delivery=delivery, number=1, response_code=200, duration_ms=5)
    ReportFactory(production=production)
    # The demo sets no one's own call nor a crew member's own hours: one row each, so those
    # tables have something to carry over too.
    callsheet = CallSheet.objects.filter(production=production).first()
    person = production.assignments.exclude(role_kind="cast").first().person
    CallSheetCrew.objects.get_or_create(
        callsheet=callsheet, person=person, defaults={"call": time(6)}
    )
    report = DailyReport.objects.filter(production=production).first()
    DailyReportCrew.objects.create(report=report, name="Sam Grip", time_in=time(5, 30))
    ProducerDigest.objects.create(production=production, week_start=date(2027, 1, 4), recipients=2)


@pytest.mark.django_db(transaction=True)
def test_migrating_past_the_move_keeps_every_row_of_every_table():
    _load_data()
    _migrate(BEFORE_THE_MOVE)
    before = _row_counts()
    for models in MOVED.values():
        for model in models:
            assert before[f"schedules_{model}"] > 0, f"no schedules_{model} rows to carry over"
        assert _content_type_labels(models) == {"schedules"}

    _migrate()
    after = _row_counts()

    assert {table: after.get(table) for table in before} == before
    for app, models in MOVED.items():
        assert _content_type_labels(models) == {app}


@pytest.mark.django_db
def test_the_stored_beat_schedule_names_tasks_that_exist():
    from django_celery_beat.models import PeriodicTask

    current_app.loader.import_default_modules()
    stored = set(PeriodicTask.objects.values_list("task", flat=True))

    assert stored, "the migrations store the beat schedule"
    assert stored <= set(current_app.tasks)
