"""The call sheet models move here from ``schedules``, with their tables and rows.

Only Django's idea of where the models live changes (``state_operations``); the tables keep
their names (``db_table``), so nothing is dropped or copied. The content types follow, so
permissions and admin history stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = (
    "callsheet",
    "callsheetcast",
    "callsheetcrew",
    "callsheetdepartment",
    "callsheetlink",
    "callsheetversion",
    "delivery",
)


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MODELS) - taken).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, "schedules", "callsheets")


def content_types_backward(apps, schema_editor):
    _relabel(apps, "callsheets", "schedules")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("schedules", "0005_webhooks_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CallSheet",
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
                        ("general_call", models.TimeField(blank=True, null=True)),
                        ("shooting_call", models.TimeField(blank=True, null=True)),
                        ("breakfast", models.TimeField(blank=True, null=True)),
                        ("lunch", models.TimeField(blank=True, null=True)),
                        ("estimated_wrap", models.TimeField(blank=True, null=True)),
                        ("basecamp", models.TextField(blank=True)),
                        ("crew_parking", models.TextField(blank=True)),
                        ("hospital_name", models.CharField(blank=True, max_length=200)),
                        ("hospital_address", models.CharField(blank=True, max_length=300)),
                        ("hospital_phone", models.CharField(blank=True, max_length=40)),
                        ("weather", models.CharField(blank=True, max_length=200)),
                        ("closed_set", models.BooleanField(default=False)),
                        ("background_count", models.PositiveSmallIntegerField(default=0)),
                        ("background_call", models.TimeField(blank=True, null=True)),
                        ("background_on_set", models.TimeField(blank=True, null=True)),
                        ("background_notes", models.TextField(blank=True)),
                        ("notes", models.TextField(blank=True)),
                        ("safety_notes", models.TextField(blank=True)),
                        (
                            "walkie_channels",
                            models.TextField(
                                blank=True, help_text="One channel a line: “1 Production”."
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
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
                            "location",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="callsheets",
                                to="productions.location",
                            ),
                        ),
                        (
                            "production",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="callsheets",
                                to="productions.production",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_callsheet",
                        "ordering": ["production_id", "date"],
                    },
                ),
                migrations.CreateModel(
                    name="CallSheetCast",
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
                        ("pickup", models.TimeField(blank=True, null=True)),
                        (
                            "makeup",
                            models.TimeField(blank=True, help_text="Hair and makeup.", null=True),
                        ),
                        ("wardrobe", models.TimeField(blank=True, null=True)),
                        ("on_set", models.TimeField(blank=True, null=True)),
                        ("remarks", models.CharField(blank=True, max_length=200)),
                        (
                            "callsheet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cast_calls",
                                to="callsheets.callsheet",
                            ),
                        ),
                        (
                            "character",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="productions.character",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_callsheetcast",
                        "ordering": ["callsheet_id", "character_id"],
                    },
                ),
                migrations.CreateModel(
                    name="CallSheetCrew",
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
                        ("call", models.TimeField(blank=True, null=True)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "callsheet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="crew_calls",
                                to="callsheets.callsheet",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="crew.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_callsheetcrew",
                        "ordering": ["callsheet_id", "person_id"],
                    },
                ),
                migrations.CreateModel(
                    name="CallSheetDepartment",
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
                        ("call", models.TimeField(blank=True, null=True)),
                        ("notes", models.TextField(blank=True)),
                        (
                            "callsheet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="departments",
                                to="callsheets.callsheet",
                            ),
                        ),
                        (
                            "department",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="crew.department",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_callsheetdepartment",
                        "ordering": ["callsheet_id", "department_id"],
                    },
                ),
                migrations.CreateModel(
                    name="CallSheetLink",
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
                        ("salt", models.CharField(editable=False, max_length=64)),
                        (
                            "token_hash",
                            models.CharField(editable=False, max_length=64, unique=True),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "callsheet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="links",
                                to="callsheets.callsheet",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="crew.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "schedules_callsheetlink",
                    },
                ),
                migrations.CreateModel(
                    name="CallSheetVersion",
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
                        ("number", models.PositiveIntegerField()),
                        ("data", models.JSONField()),
                        ("published_at", models.DateTimeField(auto_now_add=True)),
                        ("pdf", models.FileField(blank=True, upload_to="callsheets/%Y/%m/")),
                        ("summary_sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "callsheet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="versions",
                                to="callsheets.callsheet",
                            ),
                        ),
                        (
                            "published_by",
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
                        "db_table": "schedules_callsheetversion",
                        "ordering": ["callsheet_id", "-number"],
                        "get_latest_by": "number",
                    },
                ),
                migrations.CreateModel(
                    name="Delivery",
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
                        ("email", models.EmailField(max_length=254)),
                        ("call_time", models.TimeField(blank=True, null=True)),
                        ("changes", models.JSONField(blank=True, default=list)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=8,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("error", models.TextField(blank=True)),
                        ("queued_at", models.DateTimeField(auto_now_add=True)),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("failed_at", models.DateTimeField(blank=True, null=True)),
                        ("opened_at", models.DateTimeField(blank=True, null=True)),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("reminded_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="crew.person",
                            ),
                        ),
                        (
                            "version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="callsheets.callsheetversion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "deliveries",
                        "db_table": "schedules_delivery",
                        "ordering": ["version_id", "person__name", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="callsheet",
                    constraint=models.UniqueConstraint(
                        fields=("production", "date"),
                        name="callsheet_one_per_date",
                        violation_error_message="There is already a call sheet for this date.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetcast",
                    constraint=models.UniqueConstraint(
                        fields=("callsheet", "character"),
                        name="callsheet_cast_once",
                        violation_error_message="This character already has times on the call sheet.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetcrew",
                    constraint=models.UniqueConstraint(
                        fields=("callsheet", "person"),
                        name="callsheet_crew_once",
                        violation_error_message="This person already has a call on the call sheet.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetdepartment",
                    constraint=models.UniqueConstraint(
                        fields=("callsheet", "department"),
                        name="callsheet_department_once",
                        violation_error_message="This department is already on the call sheet.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetlink",
                    constraint=models.UniqueConstraint(
                        fields=("callsheet", "person"),
                        name="callsheet_link_one_per_person",
                        violation_error_message="This person already has a link to the call sheet.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetversion",
                    constraint=models.UniqueConstraint(
                        fields=("callsheet", "number"),
                        name="callsheet_version_unique_number",
                        violation_error_message="This version of the call sheet exists already.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="callsheetversion",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)),
                        name="callsheet_version_number_positive",
                        violation_error_message="Versions are numbered from 1.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="delivery",
                    index=models.Index(
                        fields=["version", "state"], name="schedules_d_version_438f87_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="delivery",
                    constraint=models.UniqueConstraint(
                        fields=("version", "person"),
                        name="delivery_once_per_version",
                        violation_error_message="This person already has this version.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="delivery",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("confirmed_at__isnull", True),
                            ("opened_at__isnull", False),
                            _connector="OR",
                        ),
                        name="delivery_confirmed_was_opened",
                        violation_error_message="A confirmed call sheet has been opened.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
