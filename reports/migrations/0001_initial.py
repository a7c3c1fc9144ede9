"""The report models move here from ``schedules``, with their tables and rows.

Only Django's idea of where the models live changes (``state_operations``); the tables keep
their names (``db_table``), so nothing is dropped or copied. The content types follow, so
permissions and admin history stay attached.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import schedules.models

MODELS = (
    "dailyreport",
    "dailyreportcast",
    "dailyreportcrew",
    "dailyreportdelay",
    "dailyreportscene",
    "producerdigest",
    "report",
)


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MODELS) - taken).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, "schedules", "reports")


def content_types_backward(apps, schema_editor):
    _relabel(apps, "reports", "schedules")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("schedules", "0006_callsheets_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField()),
                        ("day_number", models.PositiveSmallIntegerField(default=1)),
                        ("planned_eighths", models.PositiveIntegerField(default=0)),
                        ("general_call", models.TimeField(blank=True, null=True)),
                        ("first_shot", models.TimeField(blank=True, null=True)),
                        ("lunch_start", models.TimeField(blank=True, null=True)),
                        ("lunch_end", models.TimeField(blank=True, null=True)),
                        ("wrap", models.TimeField(blank=True, null=True)),
                        ("last_out", models.TimeField(blank=True, null=True)),
                        ("setups", models.PositiveIntegerField(default=0)),
                        ("incidents", models.TextField(blank=True)),
                        ("notes", models.TextField(blank=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("approved", "Approved")],
                                default="draft",
                                max_length=10,
                            ),
                        ),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "production",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="daily_reports",
                                to="productions.production",
                            ),
                        ),
                        (
                            "shoot_day",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="daily_reports",
                                to="schedules.shootday",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_dailyreport",
                        "ordering": ["production_id", "date"],
                    },
                ),
                migrations.CreateModel(
                    name="DailyReportCast",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("cast_id", models.CharField(blank=True, max_length=8)),
                        ("arrive", models.TimeField(blank=True, null=True)),
                        ("on_set", models.TimeField(blank=True, null=True)),
                        ("wrap", models.TimeField(blank=True, null=True)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "character",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="productions.character",
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cast_times",
                                to="reports.dailyreport",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_dailyreportcast",
                        "ordering": ["report_id", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DailyReportCrew",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("department", models.CharField(blank=True, max_length=80)),
                        ("time_in", models.TimeField(blank=True, null=True)),
                        ("time_out", models.TimeField(blank=True, null=True)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="crew_times",
                                to="reports.dailyreport",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_dailyreportcrew",
                        "ordering": ["report_id", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DailyReportDelay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("minutes", models.PositiveIntegerField()),
                        ("reason", models.CharField(max_length=200)),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="delays",
                                to="reports.dailyreport",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_dailyreportdelay",
                        "ordering": ["report_id", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DailyReportScene",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("planned", models.BooleanField(default=True)),
                        ("planned_eighths", models.PositiveIntegerField(default=0)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("shot", "Shot"),
                                    ("part_shot", "Part shot"),
                                    ("not_shot", "Not shot"),
                                    ("moved", "Moved"),
                                ],
                                default="shot",
                                max_length=10,
                            ),
                        ),
                        ("eighths_shot", models.PositiveIntegerField(default=0)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scenes",
                                to="reports.dailyreport",
                            ),
                        ),
                        (
                            "scene",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="daily_reports",
                                to="productions.scene",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_dailyreportscene",
                        "ordering": ["report_id", "order", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ProducerDigest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("week_start", models.DateField()),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("recipients", models.PositiveSmallIntegerField(default=0)),
                        (
                            "production",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="producer_digests",
                                to="productions.production",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_producerdigest",
                        "ordering": ["production_id", "-week_start"],
                    },
                ),
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("dood", "Day Out of Days"),
                                    ("one_line", "One-line schedule"),
                                    ("shooting_schedule", "Shooting schedule with breakdown"),
                                    ("crew_list", "Crew list"),
                                    ("cast_list", "Cast list"),
                                    ("contact_sheet", "Contact sheet"),
                                    ("dpr", "Daily production report"),
                                    ("hold_cost", "Hold cost"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "format",
                            models.CharField(
                                choices=[("pdf", "PDF"), ("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
                                max_length=4,
                            ),
                        ),
                        ("params", models.JSONField(blank=True, default=dict)),
                        ("params_key", models.CharField(editable=False, max_length=64)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("done", "Done"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=8,
                            ),
                        ),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(
                                default=0,
                                validators=[django.core.validators.MaxValueValidator(100)],
                            ),
                        ),
                        ("error", models.TextField(blank=True)),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                max_length=300,
                                upload_to=schedules.models.report_upload_to,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("expires_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "production",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="productions.production",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_report",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="dailyreport",
                    constraint=models.UniqueConstraint(
                        fields=("production", "date"),
                        name="daily_report_one_per_day",
                        violation_error_message="This day already has a daily production report.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="dailyreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"), ("approved_at__isnull", False), _connector="OR"
                        ),
                        name="daily_report_approved_has_time",
                        violation_error_message="An approved report records when it was approved.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="dailyreportscene",
                    constraint=models.UniqueConstraint(
                        fields=("report", "scene"),
                        name="daily_report_scene_once",
                        violation_error_message="A scene is on a daily report once.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="producerdigest",
                    constraint=models.UniqueConstraint(
                        fields=("production", "week_start"),
                        name="producer_digest_once_a_week",
                        violation_error_message="This week's digest exists already.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(
                        fields=["production", "-created_at"], name="schedules_r_product_1a28e4_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status__in", ["queued", "running"])),
                        fields=("production", "kind", "format", "params_key"),
                        name="report_one_in_progress",
                        violation_error_message="The same report is already being built.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)),
                        name="report_progress_at_most_100",
                        violation_error_message="Progress is 0 to 100.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
