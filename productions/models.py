import zoneinfo
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from productions.eighths import format_eighths


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
    # What one camera setup (move, relight) adds to a scene's time planned from its shots.
    setup_allowance_minutes = models.PositiveSmallIntegerField(
        default=20,
        validators=[MaxValueValidator(240)],
        help_text="Minutes added for each distinct camera setup of a scene's shot list.",
    )
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
        # Edits budgets and costs; manages no members.
        ACCOUNTANT = "accountant", "Accountant"
        # Runs casting; sees no budget.
        CASTING = "casting", "Casting"

    MANAGERS = (Access.OWNER, Access.PRODUCER)
    EDITORS = (Access.OWNER, Access.PRODUCER, Access.COORDINATOR)
    MONEY = (Access.OWNER, Access.PRODUCER, Access.ACCOUNTANT)
    CASTING_OFFICE = (Access.OWNER, Access.PRODUCER, Access.CASTING)

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.CREW)
    created_at = models.DateTimeField(auto_now_add=True)
    # The welcome email is an outbox row: owed since ``welcome_requested_at`` (set in the
    # transaction that adds the member), held by a worker since ``welcome_claimed_at``.
    welcome_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    welcome_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    @property
    def can_see_money(self) -> bool:
        """Budgets, costs and rates: owners, producers and accountants."""
        return self.access in self.MONEY

    @property
    def can_cast(self) -> bool:
        """Talent's contact details, self-tapes, casting: owners, producers, casting office."""
        return self.access in self.CASTING_OFFICE


class Script(models.Model):
    """One uploaded version of the screenplay: white, then blue, pink… revisions."""

    class Format(models.TextChoices):
        FOUNTAIN = "fountain", "Fountain"
        FDX = "fdx", "Final Draft"

    class Colour(models.TextChoices):
        WHITE = "white", "White"
        BLUE = "blue", "Blue"
        PINK = "pink", "Pink"
        YELLOW = "yellow", "Yellow"
        GREEN = "green", "Green"
        GOLDENROD = "goldenrod", "Goldenrod"
        BUFF = "buff", "Buff"
        SALMON = "salmon", "Salmon"
        CHERRY = "cherry", "Cherry"
        TAN = "tan", "Tan"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scripts")
    file = models.FileField(upload_to="scripts/%Y/%m/")
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=Format.choices)
    title = models.CharField(max_length=200, blank=True)
    revision_name = models.CharField(max_length=80, blank=True)
    revision_colour = models.CharField(max_length=12, choices=Colour.choices, default=Colour.WHITE)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    result = models.JSONField(default=dict, blank=True)
    # Empty for imports from the command line.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        get_latest_by = "uploaded_at"

    def __str__(self) -> str:
        return f"{self.production} — {self.revision_name or self.get_revision_colour_display()}"


class Location(models.Model):
    """A real place the company shoots at."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    parking = models.TextField(blank=True)
    basecamp = models.TextField(blank=True)
    nearest_hospital = models.CharField(max_length=200, blank=True)
    hospital_address = models.CharField(max_length=300, blank=True)
    hospital_phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "name"],
                name="location_unique_name",
                violation_error_message="This production already has a location of this name.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def map_url(self) -> str:
        if self.latitude is not None and self.longitude is not None:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
        return f"https://www.openstreetmap.org/search?query={quote_plus(self.address)}"


class LocationUnavailability(models.Model):
    """Dates a location cannot be used."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="unavailabilities"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="location_unavailability_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.start_date}–{self.end_date}"


class Character(models.Model):
    """A speaking part, with the cast ID stripboards and call sheets use."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=120)
    cast_id = models.CharField(max_length=8, blank=True, help_text='As on the board: "1", "12A"')
    # The actor playing the part; a string reference keeps productions free of crew imports.
    assignment = models.ForeignKey(
        "crew.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="characters",
    )

    class Meta:
        ordering = ["production", "cast_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "name"],
                name="character_unique_name",
                violation_error_message="This production already has a character of this name.",
            ),
            models.UniqueConstraint(
                fields=["production", "cast_id"],
                condition=~Q(cast_id=""),
                name="character_unique_cast_id",
                violation_error_message="Another character already has this cast ID.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cast_id}. {self.name}" if self.cast_id else self.name


class BreakdownElement(models.Model):
    """Something a scene needs, in one of the industry's breakdown categories."""

    class Category(models.TextChoices):
        CAST = "cast", "Cast"
        BACKGROUND = "background", "Background / extras"
        STUNTS = "stunts", "Stunts"
        VEHICLES = "vehicles", "Vehicles"
        PROPS = "props", "Props"
        CAMERA = "camera", "Camera"
        SPECIAL_EFFECTS = "special_effects", "Special effects"
        WARDROBE = "wardrobe", "Wardrobe"
        MAKEUP_HAIR = "makeup_hair", "Makeup / hair"
        ANIMALS = "animals", "Animals"
        ANIMAL_HANDLER = "animal_handler", "Animal handler"
        MUSIC = "music", "Music"
        SOUND = "sound", "Sound"
        SET_DRESSING = "set_dressing", "Set dressing"
        GREENERY = "greenery", "Greenery"
        SPECIAL_EQUIPMENT = "special_equipment", "Special equipment"
        SECURITY = "security", "Security"
        ADDITIONAL_LABOUR = "additional_labour", "Additional labour"
        VISUAL_EFFECTS = "visual_effects", "Visual effects"
        MECHANICAL_EFFECTS = "mechanical_effects", "Mechanical effects"
        MISCELLANEOUS = "miscellaneous", "Miscellaneous"
        NOTES = "notes", "Notes"

    # The customary highlighter colours of a paper breakdown sheet.
    COLOURS = {
        "cast": "#e53935",
        "background": "#43a047",
        "stunts": "#fb8c00",
        "vehicles": "#ec407a",
        "props": "#8e24aa",
        "camera": "#5d4037",
        "special_effects": "#1e88e5",
        "wardrobe": "#00acc1",
        "makeup_hair": "#f06292",
        "animals": "#6d4c41",
        "animal_handler": "#a1887f",
        "music": "#3949ab",
        "sound": "#7e57c2",
        "set_dressing": "#8d6e63",
        "greenery": "#2e7d32",
        "special_equipment": "#546e7a",
        "security": "#455a64",
        "additional_labour": "#9e9d24",
        "visual_effects": "#0097a7",
        "mechanical_effects": "#f4511e",
        "miscellaneous": "#fdd835",
        "notes": "#757575",
    }

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="elements")
    category = models.CharField(max_length=24, choices=Category.choices)
    name = models.CharField(max_length=160)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "category", "name"],
                name="element_unique_name",
                violation_error_message="This element is already in the breakdown.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.name}"

    @property
    def colour(self) -> str:
        return self.COLOURS.get(self.category, "#757575")


class Scene(models.Model):
    """A scene of the screenplay, as the stripboard and call sheets use it."""

    class IntExt(models.TextChoices):
        INT = "INT", "INT"
        EXT = "EXT", "EXT"
        INT_EXT = "INT/EXT", "INT/EXT"
        EST = "EST", "EST"

    # Times of day shot as night: they take night strips, lights and turnaround.
    NIGHT_TIMES = ("NIGHT", "DUSK", "EVENING", "LATE NIGHT")

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scenes")
    number = models.CharField(max_length=12)
    # Blank for a forced heading with no INT/EXT, such as ".SNIPER'S POV".
    int_ext = models.CharField(max_length=8, choices=IntExt.choices, default=IntExt.INT, blank=True)
    set_name = models.CharField(max_length=200)
    time_of_day = models.CharField(max_length=40, blank=True)
    synopsis = models.TextField(blank=True)
    heading = models.CharField(max_length=300, blank=True)
    page_eighths = models.PositiveIntegerField(default=1)

    class EstimateSource(models.TextChoices):
        SHOTS = "shots", "From the shot list"
        MANUAL = "manual", "Set by hand"

    estimated_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Estimated shooting time; empty means from the pages."
    )
    # "shots": the shots app keeps estimated_minutes equal to the shot list's time (while the
    # scene has shots); "manual": the AD typed it, and the plan leaves it alone.
    estimated_minutes_source = models.CharField(
        max_length=8, choices=EstimateSource.choices, default=EstimateSource.SHOTS
    )
    script_order = models.PositiveIntegerField(default=0)
    omitted = models.BooleanField(default=False)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="scenes"
    )
    characters = models.ManyToManyField(Character, blank=True, related_name="scenes")
    elements = models.ManyToManyField(BreakdownElement, blank=True, related_name="scenes")
    # What the last script import read for this scene (heading parts, pages, synopsis, speaking
    # characters, and whether it was in the script). A revision changes a field only where the
    # writer changed it, so the AD's own edits survive re-imports.
    script_data = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["script_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "number"],
                name="scene_unique_number",
                violation_error_message="This production already has a scene with this number.",
            ),
            models.CheckConstraint(
                condition=Q(page_eighths__gte=1),
                name="scene_at_least_one_eighth",
                violation_error_message="A scene is at least 1/8 of a page.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.int_ext}. {self.set_name}"

    @property
    def is_night(self) -> bool:
        return self.time_of_day in self.NIGHT_TIMES

    @property
    def strip_colour(self) -> str:
        """Return the trade's strip colour: INT DAY white, EXT DAY yellow, INT NIGHT blue,
        EXT NIGHT green."""
        exterior = self.int_ext in (self.IntExt.EXT, self.IntExt.INT_EXT)
        if self.is_night:
            return "green" if exterior else "blue"
        return "yellow" if exterior else "white"

    @property
    def page_count(self) -> str:
        """Return the length as the trade writes it: "2 3/8"."""
        return format_eighths(self.page_eighths)

    @property
    def minutes(self) -> int:
        """Return the estimated shooting time; a page takes about an hour when nobody said."""
        if self.estimated_minutes:
            return self.estimated_minutes
        return max(15, round(self.page_eighths * 60 / 8))
