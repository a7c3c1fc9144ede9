import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "'%(value)s' is not a time zone Studio knows; use an IANA name such as "
            "'Europe/London' or 'America/New_York'.",
            params={"value": value},
        )


class ProductionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Return the live productions ``user`` is a member of (all of them for superusers)."""
        if not user.is_authenticated:
            return self.none()
        live = self.active()
        if user.is_superuser:
            return live
        return live.filter(memberships__user=user)


class Production(models.Model):
    class Kind(models.TextChoices):
        FEATURE = "feature", "Feature film"
        SERIES = "series", "Series"
        EPISODE = "episode", "Episode"
        SHORT = "short", "Short film"
        COMMERCIAL = "commercial", "Commercial"
        MUSIC_VIDEO = "music_video", "Music video"
        DOCUMENTARY = "documentary", "Documentary"

    class Phase(models.TextChoices):
        DEVELOPMENT = "development", "Development"
        PRE_PRODUCTION = "pre_production", "Pre-production"
        PRODUCTION = "production", "Production"
        POST_PRODUCTION = "post_production", "Post-production"
        DELIVERED = "delivered", "Delivered"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FEATURE)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DEVELOPMENT)
    logline = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    wrap_date = models.DateField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], help_text="IANA name"
    )
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProductionQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wrap_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(wrap_date__gte=F("start_date")),
                name="production_wrap_not_before_start",
                violation_error_message="The wrap date cannot be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("productions:detail", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        if self.start_date and self.wrap_date and self.wrap_date < self.start_date:
            raise ValidationError({"wrap_date": "The wrap date cannot be before the start date."})
        self.currency = (self.currency or "").upper()


class Membership(models.Model):
    """Who may use a production, and how."""

    class Access(models.TextChoices):
        OWNER = "owner", "Owner"
        PRODUCER = "producer", "Producer"
        COORDINATOR = "coordinator", "Coordinator"
        CREW = "crew", "Crew"
        VIEWER = "viewer", "Viewer"

    MANAGERS = (Access.OWNER, Access.PRODUCER)
    EDITORS = (Access.OWNER, Access.PRODUCER, Access.COORDINATOR)

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.CREW)
    created_at = models.DateTimeField(auto_now_add=True)
    welcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["production", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "user"],
                name="membership_unique_user",
                violation_error_message="This user is already a member of the production.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_access_display()} on {self.production}"

    @property
    def can_manage(self) -> bool:
        return self.access in self.MANAGERS

    @property
    def can_edit(self) -> bool:
        return self.access in self.EDITORS
