"""Call sheets: the draft and its rows, published versions, personal links, deliveries.

The tables keep the names they had in ``schedules`` (the models moved without their data
moving: see ``migrations/0001_initial.py``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from productions.models import Character, Location, Production


class CallSheet(models.Model):
    """The call sheet of one shoot date: a draft edited at will, published in versions.

    Keyed on the production and the date, not on a ShootDay: a day row belongs to one version
    of the schedule, and the call sheet must outlive the schedule being copied or re-activated.
    The scenes, cast and crew are read from the active schedule until a version is published;
    the fields here are what the AD adds or overrides. An empty text field shows the
    location's own value (basecamp, parking, hospital).
    """

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="callsheets")
    date = models.DateField()
    general_call = models.TimeField(null=True, blank=True)
    shooting_call = models.TimeField(null=True, blank=True)
    breakfast = models.TimeField(null=True, blank=True)
    lunch = models.TimeField(null=True, blank=True)
    estimated_wrap = models.TimeField(null=True, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="callsheets"
    )
    basecamp = models.TextField(blank=True)
    crew_parking = models.TextField(blank=True)
    hospital_name = models.CharField(max_length=200, blank=True)
    hospital_address = models.CharField(max_length=300, blank=True)
    hospital_phone = models.CharField(max_length=40, blank=True)
    weather = models.CharField(max_length=200, blank=True)
    closed_set = models.BooleanField(default=False)
    background_count = models.PositiveSmallIntegerField(default=0)
    background_call = models.TimeField(null=True, blank=True)
    background_on_set = models.TimeField(null=True, blank=True)
    background_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    safety_notes = models.TextField(blank=True)
    walkie_channels = models.TextField(blank=True, help_text="One channel a line: “1 Production”.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "schedules_callsheet"
        ordering = ["production_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "date"],
                name="callsheet_one_per_date",
                violation_error_message="There is already a call sheet for this date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Call sheet {self.date} — {self.production}"

    def get_absolute_url(self) -> str:
        return reverse(
            "callsheets:callsheet_detail", kwargs={"slug": self.production.slug, "pk": self.pk}
        )


class CallSheetCast(models.Model):
    """The AD's times for one character on a call sheet; empty times take the defaults."""

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="cast_calls")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="+")
    pickup = models.TimeField(null=True, blank=True)
    makeup = models.TimeField(null=True, blank=True, help_text="Hair and makeup.")
    wardrobe = models.TimeField(null=True, blank=True)
    on_set = models.TimeField(null=True, blank=True)
    remarks = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "schedules_callsheetcast"
        ordering = ["callsheet_id", "character_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["callsheet", "character"],
                name="callsheet_cast_once",
                violation_error_message="This character already has times on the call sheet.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.character} on {self.callsheet}"


class CallSheetDepartment(models.Model):
    """A department's call (empty: the general crew call) and notes on one call sheet."""

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="departments")
    department = models.ForeignKey("crew.Department", on_delete=models.CASCADE, related_name="+")
    call = models.TimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        db_table = "schedules_callsheetdepartment"
        ordering = ["callsheet_id", "department_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["callsheet", "department"],
                name="callsheet_department_once",
                violation_error_message="This department is already on the call sheet.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} on {self.callsheet}"


class CallSheetCrew(models.Model):
    """One crew member's own call on a call sheet, overriding their department's."""

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="crew_calls")
    person = models.ForeignKey("crew.Person", on_delete=models.CASCADE, related_name="+")
    call = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "schedules_callsheetcrew"
        ordering = ["callsheet_id", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["callsheet", "person"],
                name="callsheet_crew_once",
                violation_error_message="This person already has a call on the call sheet.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.callsheet}"


class CallSheetVersion(models.Model):
    """A published call sheet, frozen: everything it showed, as JSON, never changed again.

    ``data`` holds the whole sheet as rendered, including each person's call (``calls``), so
    a later change to the schedule, the crew list or the draft cannot alter what was sent.
    """

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to="callsheets/%Y/%m/", blank=True)
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    # The AD's summary is claimed with a lease before it is sent (``core.outbox.claim``).
    summary_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "schedules_callsheetversion"
        ordering = ["callsheet_id", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["callsheet", "number"],
                name="callsheet_version_unique_number",
                violation_error_message="This version of the call sheet exists already.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="callsheet_version_number_positive",
                violation_error_message="Versions are numbered from 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.callsheet} v{self.number}"

    @property
    def revised(self) -> bool:
        return self.number > 1


class CallSheetLink(models.Model):
    """One person's personal link to a call sheet, opened without an account.

    As with calendar feeds, only a SHA-256 of the token is stored for looking it up; the token
    itself is an HMAC of ``salt`` under the site's secret key, so the AD can be shown the link
    again and emails can be resent, while the database alone opens nothing. Revoking stamps
    ``revoked_at``; resending to a revoked link draws a new salt, so the old URL stays dead.
    """

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey("crew.Person", on_delete=models.CASCADE, related_name="+")
    salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "schedules_callsheetlink"
        constraints = [
            models.UniqueConstraint(
                fields=["callsheet", "person"],
                name="callsheet_link_one_per_person",
                violation_error_message="This person already has a link to the call sheet.",
            ),
        ]

    def __str__(self) -> str:
        return f"Link of {self.person} to {self.callsheet}"


class Delivery(models.Model):
    """One person's copy of one published version: its sending, opening and confirmation.

    ``state`` is where the email is (queued, sent, failed); ``status`` adds what the person
    did, as the AD reads it: confirmed, else opened, else the state. Sending claims the row
    (``claimed_at``, the reminder ``reminder_claimed_at``) with a lease in its own transaction
    before talking to the mail server, so a retried or duplicated task finds it claimed or sent
    and sends nothing, and a worker that died leaves a claim that expires. ``reminded_at`` is
    when the reminder went. ``call_time`` empty means the person was on the previous version
    and is no longer called.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        OPENED = "opened", "Opened"
        CONFIRMED = "confirmed", "Confirmed"

    version = models.ForeignKey(
        CallSheetVersion, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey("crew.Person", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    call_time = models.TimeField(null=True, blank=True)
    changes = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The reminder's own lease, apart from the delivery's: a reminder may be sent while the
    # delivery is claimed for a resend, and each must expire on its own when a worker dies.
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a service decided to email it (publish or resend), in that service's transaction:
    # the outbox (callsheets.outbox) re-queues what was decided and is still unsent. Empty for
    # versions published without sending (the demo), which nobody is to be emailed.
    send_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "schedules_delivery"
        ordering = ["version_id", "person__name", "pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["version", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"],
                name="delivery_once_per_version",
                violation_error_message="This person already has this version.",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(opened_at__isnull=False),
                name="delivery_confirmed_was_opened",
                violation_error_message="A confirmed call sheet has been opened.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.version}"

    @property
    def status(self) -> str:
        if self.confirmed_at:
            return self.Status.CONFIRMED
        if self.opened_at:
            return self.Status.OPENED
        return self.state

    @property
    def released(self) -> bool:
        return self.call_time is None


# ---- Optimizer ----
