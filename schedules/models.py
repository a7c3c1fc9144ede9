import uuid
from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from productions.models import Character, Location, Production, Scene

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# Callables, not time values: Django's check of fixed time defaults (fields.W161) compares
# them with the clock and warns whenever it runs within ten seconds of that time of day.
def seven_am() -> time:
    return time(7, 0)


def seven_pm() -> time:
    return time(19, 0)


def validate_weekdays(value: str) -> None:
    if not value or any(c not in "0123456" for c in value) or len(set(value)) != len(value):
        raise ValidationError(
            "Working weekdays are digits 0 (Monday) to 6 (Sunday), each at most once."
        )


class ScheduleSettings(models.Model):
    """How a production schedules: its working week, its day's capacity, its drop rule."""

    production = models.OneToOneField(
        Production, on_delete=models.CASCADE, related_name="schedule_settings"
    )
    # Digits of the weekdays the company shoots, Monday = 0: "01234" is a five-day week.
    working_weekdays = models.CharField(
        max_length=7, default="01234", validators=[validate_weekdays]
    )
    drop_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=10,
        help_text="Release an actor between work days when the gap is longer than this many "
        "shoot days. Empty: never (weekly players).",
    )
    min_turnaround_hours = models.PositiveSmallIntegerField(
        default=11, validators=[MaxValueValidator(24)]
    )
    day_capacity_eighths = models.PositiveIntegerField(
        null=True, blank=True, default=64, help_text="Most pages a day, in eighths (64 = 8 pages)."
    )
    day_capacity_minutes = models.PositiveIntegerField(
        null=True, blank=True, default=720, help_text="Most shooting minutes a day."
    )
    default_general_call = models.TimeField(default=seven_am)
    default_wrap = models.TimeField(default=seven_pm)
    reminder_hour = models.PositiveSmallIntegerField(
        default=19,
        validators=[MaxValueValidator(23)],
        help_text="When the day before's reminders go out, in the production's time zone.",
    )

    class Meta:
        verbose_name_plural = "schedule settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_turnaround_hours__lte=24),
                name="schedule_settings_turnaround_at_most_a_day",
                violation_error_message="The turnaround cannot be more than 24 hours.",
            ),
            models.CheckConstraint(
                condition=Q(reminder_hour__lte=23),
                name="schedule_settings_reminder_hour_range",
                violation_error_message="The reminder hour is 0 to 23.",
            ),
        ]

    def __str__(self) -> str:
        return f"Schedule settings of {self.production}"

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.working_weekdays)

    @property
    def weekday_names(self) -> str:
        return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))


class Holiday(models.Model):
    """A date the company does not shoot and pays as a holiday."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "date"],
                name="holiday_unique_date",
                violation_error_message="There is already a holiday on this date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class ScheduleVersion(models.Model):
    """A named arrangement of the board. Exactly one per production is active.

    ``revision`` is the board's version for optimistic locking. It is counted across the
    production (every save takes the highest revision of any version plus one), so an
    ``If-Match`` sent before another version was activated can never match by chance.
    """

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="schedule_versions"
    )
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=0)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["production_id", "-is_active", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production"],
                condition=Q(is_active=True),
                name="schedule_version_one_active",
                violation_error_message="A production has exactly one active schedule.",
            ),
            models.UniqueConstraint(
                fields=["production", "name"],
                name="schedule_version_unique_name",
                violation_error_message="This production already has a schedule of this name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.production}: {self.name}"


class ShootDay(models.Model):
    """One day of shooting in one version of the schedule."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="days")
    # Kept when a version is copied, so calendar events keep their UID whichever version is
    # active and whatever date the day moves to.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    date = models.DateField()
    day_number = models.PositiveSmallIntegerField(default=1)
    general_call = models.TimeField(null=True, blank=True)
    shooting_call = models.TimeField(null=True, blank=True)
    estimated_wrap = models.TimeField(null=True, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="shoot_days"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["version_id", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "date"],
                name="shoot_day_unique_date",
                violation_error_message="There is already a shoot day on this date.",
            ),
            models.UniqueConstraint(
                fields=["version", "uid"],
                name="shoot_day_unique_uid",
                violation_error_message="A day appears once in a schedule.",
            ),
        ]

    def __str__(self) -> str:
        return f"Day {self.day_number} ({self.date})"

    def get_absolute_url(self) -> str:
        slug = self.version.production.slug
        return reverse("schedules:day_edit", kwargs={"slug": slug, "pk": self.pk})

    @property
    def feed_uid(self) -> str:
        return f"shootday-{self.uid}@studio"

    def moment(self, at: time | None, tz) -> datetime | None:
        """Return ``at`` on this day as an aware datetime in the production's zone."""
        return datetime.combine(self.date, at, tzinfo=tz) if at is not None else None


class Strip(models.Model):
    """A scene (or part of one) placed on the board, or a banner of free text.

    ``day`` empty means the boneyard: the scene is not scheduled yet.
    """

    class Kind(models.TextChoices):
        SCENE = "scene", "Scene"
        BANNER = "banner", "Banner"

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="strips")
    day = models.ForeignKey(
        ShootDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="strips"
    )
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.SCENE)
    scene = models.ForeignKey(
        Scene, null=True, blank=True, on_delete=models.CASCADE, related_name="strips"
    )
    part = models.PositiveSmallIntegerField(null=True, blank=True)
    eighths = models.PositiveIntegerField(
        null=True, blank=True, help_text="A part's share of the scene's pages; empty: all of it."
    )
    text = models.CharField(max_length=200, blank=True)
    locked = models.BooleanField(
        default=False, help_text="The optimizer keeps this strip on its day."
    )

    class Meta:
        ordering = ["version_id", "day_id", "order", "pk"]
        indexes = [models.Index(fields=["version", "day", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="scene") & Q(scene__isnull=False))
                | (Q(kind="banner") & Q(scene__isnull=True) & ~Q(text="")),
                name="strip_scene_or_banner",
                violation_error_message="A strip is a scene, or a banner with some text.",
            ),
            models.UniqueConstraint(
                fields=["version", "scene"],
                condition=Q(part__isnull=True, scene__isnull=False),
                name="strip_scene_once",
                violation_error_message="A scene is on the board once.",
            ),
            models.UniqueConstraint(
                fields=["version", "scene", "part"],
                condition=Q(part__isnull=False),
                name="strip_scene_part_once",
                violation_error_message="Each part of a scene is on the board once.",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.BANNER:
            return self.text
        return f"{self.scene.number} pt {self.part}" if self.part else self.scene.number


class CastEvent(models.Model):
    """A paid day that is not a shoot day for an actor: travel, rehearsal or fitting."""

    class Kind(models.TextChoices):
        TRAVEL = "TR", "Travel"
        REHEARSAL = "R", "Rehearsal"
        FITTING = "FT", "Fitting"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="cast_events")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="cast_events")
    date = models.DateField()
    kind = models.CharField(max_length=2, choices=Kind.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "character_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["character", "date"],
                name="cast_event_one_per_day",
                violation_error_message="This actor already has an event on this date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.character} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.character_id and self.production_id:
            if self.character.production_id != self.production_id:
                raise ValidationError({"character": "Choose a character of this production."})


class BoardChange(models.Model):
    """What one save did to a board: who, when, and which strips and days moved."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField()
    summary = models.CharField(max_length=300)
    moves = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"


class FeedToken(models.Model):
    """The secret behind a calendar feed URL: the production's, or one person's on it.

    Only a SHA-256 of the token is stored, for looking it up. The token itself is an HMAC of
    ``salt`` under the site's secret key, so the URL can be shown again without the database
    holding anything a thief could subscribe with. Resetting draws a new salt.
    """

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="feed_tokens")
    person = models.ForeignKey(
        "crew.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["production"],
                condition=Q(person__isnull=True),
                name="feed_token_one_per_production",
            ),
            models.UniqueConstraint(
                fields=["production", "person"],
                condition=Q(person__isnull=False),
                name="feed_token_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Feed of {self.person or self.production}"


def report_upload_to(instance, filename: str) -> str:
    """Return where a report's file is stored (``reports.Report.file``).

    Kept in this module: migration 0003 refers to it by this path.
    """
    # A random name under the production: the file is only ever served through a view that
    # checks membership, never as a media URL.
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reports/{instance.production_id}/{uuid.uuid4().hex}.{suffix}"


class OptimizerRun(models.Model):
    """One run of the schedule optimizer over a version of the board, and its proposal.

    Nothing on the board changes until the AD accepts: the proposal is a schedule version of
    its own, inactive, that accepting activates.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Proposal ready"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="optimizer_runs"
    )
    source = models.ForeignKey(
        ScheduleVersion, null=True, on_delete=models.SET_NULL, related_name="optimizer_runs"
    )
    source_revision = models.PositiveIntegerField()
    proposal = models.ForeignKey(
        ScheduleVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    options = models.JSONField(default=dict)
    options_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    input_cost = models.BigIntegerField(null=True, blank=True, help_text="cents")
    best_cost = models.BigIntegerField(null=True, blank=True, help_text="cents")
    lower_bound = models.BigIntegerField(null=True, blank=True, help_text="cents")
    result = models.JSONField(default=dict, blank=True)
    explanation = models.TextField(blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "source_revision", "options_key"],
                condition=Q(status__in=["queued", "running"]),
                name="optimizer_run_one_in_progress",
                violation_error_message="This optimization is already running.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="optimizer_run_progress_percent",
                violation_error_message="Progress is a percentage.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.production}: optimizer run {self.pk} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def best_money(self) -> Decimal | None:
        return None if self.best_cost is None else Decimal(self.best_cost) / 100
