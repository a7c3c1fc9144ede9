"""Report files, daily production reports (DPRs) and the record of weekly digests sent.

The tables keep the names they had in ``schedules`` (the models moved without their data
moving: see ``migrations/0001_initial.py``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from productions.models import Character, Production, Scene
from schedules.models import ShootDay, report_upload_to


class DailyReport(models.Model):
    """The daily production report (DPR): what happened on one shoot day, filed at wrap.

    Times are wall-clock times in the production's zone on ``date``; a time earlier than the
    general call is read as after midnight. Approval freezes the report for good.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="daily_reports"
    )
    date = models.DateField()
    # The schedule's day it was filled in from; kept as numbers too, as the board moves on.
    shoot_day = models.ForeignKey(
        ShootDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="daily_reports"
    )
    day_number = models.PositiveSmallIntegerField(default=1)
    planned_eighths = models.PositiveIntegerField(default=0)
    general_call = models.TimeField(null=True, blank=True)
    first_shot = models.TimeField(null=True, blank=True)
    lunch_start = models.TimeField(null=True, blank=True)
    lunch_end = models.TimeField(null=True, blank=True)
    wrap = models.TimeField(null=True, blank=True)
    last_out = models.TimeField(null=True, blank=True)
    setups = models.PositiveIntegerField(default=0)
    incidents = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The producers' email is an outbox row: owed since approval (when the approver asked for
    # it), sent once ``sent_at`` is set; beat sends what a lost task left owed.
    send_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "schedules_dailyreport"
        ordering = ["production_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "date"],
                name="daily_report_one_per_day",
                violation_error_message="This day already has a daily production report.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="daily_report_approved_has_time",
                violation_error_message="An approved report records when it was approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"DPR Day {self.day_number} ({self.date})"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:dpr_detail",
            kwargs={"slug": self.production.slug, "date": self.date.isoformat()},
        )

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class DailyReportScene(models.Model):
    """A scene on the DPR: planned for the day or added on the day, and how far it got."""

    class Status(models.TextChoices):
        SHOT = "shot", "Shot"
        PART_SHOT = "part_shot", "Part shot"
        NOT_SHOT = "not_shot", "Not shot"
        MOVED = "moved", "Moved"

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="scenes")
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="daily_reports")
    order = models.PositiveSmallIntegerField(default=0)
    planned = models.BooleanField(default=True)
    planned_eighths = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SHOT)
    eighths_shot = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "schedules_dailyreportscene"
        ordering = ["report_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "scene"],
                name="daily_report_scene_once",
                violation_error_message="A scene is on a daily report once.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scene.number}: {self.get_status_display()}"


class DailyReportCast(models.Model):
    """An actor's times on the day: arrived, on set, wrapped."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="cast_times")
    character = models.ForeignKey(
        Character, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    cast_id = models.CharField(max_length=8, blank=True)
    arrive = models.TimeField(null=True, blank=True)
    on_set = models.TimeField(null=True, blank=True)
    wrap = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "schedules_dailyreportcast"
        ordering = ["report_id", "pk"]

    def __str__(self) -> str:
        return self.name


class DailyReportCrew(models.Model):
    """Someone of the crew who came in or left at other times than the company."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="crew_times")
    name = models.CharField(max_length=200)
    department = models.CharField(max_length=80, blank=True)
    time_in = models.TimeField(null=True, blank=True)
    time_out = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "schedules_dailyreportcrew"
        ordering = ["report_id", "pk"]

    def __str__(self) -> str:
        return self.name


class DailyReportDelay(models.Model):
    """Time lost on the day, and why."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="delays")
    minutes = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)

    class Meta:
        db_table = "schedules_dailyreportdelay"
        ordering = ["report_id", "pk"]

    def __str__(self) -> str:
        return f"{self.minutes} min: {self.reason}"


class Report(models.Model):
    """A report file generated by a Celery task: requested, built with progress, then kept
    until ``expires_at``."""

    class Kind(models.TextChoices):
        DOOD = "dood", "Day Out of Days"
        ONE_LINE = "one_line", "One-line schedule"
        SHOOTING_SCHEDULE = "shooting_schedule", "Shooting schedule with breakdown"
        CREW_LIST = "crew_list", "Crew list"
        CAST_LIST = "cast_list", "Cast list"
        CONTACT_SHEET = "contact_sheet", "Contact sheet"
        DPR = "dpr", "Daily production report"
        HOLD_COST = "hold_cost", "Hold cost"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    params = models.JSONField(default=dict, blank=True)
    # SHA-256 of the params as canonical JSON: the unique constraint cannot compare JSON.
    params_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=report_upload_to, max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "schedules_report"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["production", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "kind", "format", "params_key"],
                condition=Q(status__in=["queued", "running"]),
                name="report_one_in_progress",
                violation_error_message="The same report is already being built.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="report_progress_at_most_100",
                violation_error_message="Progress is 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}) of {self.production}"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS


class ProducerDigest(models.Model):
    """The weekly digest sent for a production's week: recorded so it goes out once."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="producer_digests"
    )
    week_start = models.DateField()
    # Recorded before the digest is queued: beat sends the rows a lost task left unsent.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "schedules_producerdigest"
        ordering = ["production_id", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "week_start"],
                name="producer_digest_once_a_week",
                violation_error_message="This week's digest exists already.",
            ),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.production} for the week of {self.week_start}"
