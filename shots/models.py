import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from productions.models import Character, Production, Scene


class Shot(models.Model):
    """One shot of the director's plan for a scene: what the camera sees, and how long it takes.

    ``position`` is the shooting-plan order inside the scene; ``number`` ("12A") follows it on
    every reorder unless ``number_locked`` (a shot in the can keeps the number on the slate).
    """

    class Size(models.TextChoices):
        EWS = "EWS", "Extreme wide shot"
        WS = "WS", "Wide shot"
        MWS = "MWS", "Medium wide shot"
        MS = "MS", "Medium shot"
        MCU = "MCU", "Medium close-up"
        CU = "CU", "Close-up"
        ECU = "ECU", "Extreme close-up"
        INSERT = "insert", "Insert"
        OTS = "OTS", "Over the shoulder"
        POV = "POV", "Point of view"
        TWO_SHOT = "two_shot", "Two-shot"

    class Angle(models.TextChoices):
        EYE_LEVEL = "eye_level", "Eye level"
        HIGH = "high", "High"
        LOW = "low", "Low"
        OVERHEAD = "overhead", "Overhead"
        DUTCH = "dutch", "Dutch"

    class Movement(models.TextChoices):
        STATIC = "static", "Static"
        PAN = "pan", "Pan"
        TILT = "tilt", "Tilt"
        DOLLY = "dolly", "Dolly"
        TRACK = "track", "Track"
        CRANE = "crane", "Crane"
        HANDHELD = "handheld", "Handheld"
        STEADICAM = "steadicam", "Steadicam"
        GIMBAL = "gimbal", "Gimbal"
        DRONE = "drone", "Drone"
        ZOOM = "zoom", "Zoom"

    class Sound(models.TextChoices):
        SYNC = "sync", "Sync"
        MOS = "mos", "MOS"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        SHOT = "shot", "Shot"
        NOT_SHOT = "not_shot", "Not shot"
        CUT = "cut", "Cut"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="shots")
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="shots")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(max_length=16, blank=True)
    number_locked = models.BooleanField(
        default=False, help_text="Keep this number when the shots are reordered."
    )
    description = models.CharField(max_length=500, blank=True)
    size = models.CharField(max_length=10, choices=Size.choices, default=Size.WS)
    angle = models.CharField(max_length=10, choices=Angle.choices, default=Angle.EYE_LEVEL)
    movement = models.CharField(max_length=10, choices=Movement.choices, default=Movement.STATIC)
    lens = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="Focal length in mm.",
    )
    camera = models.CharField(max_length=4, default="A", help_text='"A", "B"…')
    frame_rate = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="Frames per second; empty: the production's rate.",
    )
    characters = models.ManyToManyField(Character, blank=True, related_name="shots")
    sound = models.CharField(max_length=4, choices=Sound.choices, default=Sound.SYNC)
    setup = models.CharField(
        max_length=80, blank=True, help_text="The camera position this shot shares with others."
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(24 * 60)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    vfx_notes = models.TextField(blank=True)
    sfx_notes = models.TextField(blank=True)
    stunt_notes = models.TextField(blank=True)
    props_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    marked_at = models.DateTimeField(null=True, blank=True, editable=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scene_id", "position", "pk"]
        indexes = [models.Index(fields=["scene", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(camera=""),
                name="shot_camera_named",
                violation_error_message='Name the camera, such as "A".',
            ),
        ]

    def __str__(self) -> str:
        return f"Shot {self.number or '?'}"

    def get_absolute_url(self) -> str:
        return (
            reverse(
                "shots:scene",
                kwargs={"slug": self.production.slug, "scene_pk": self.scene_id},
            )
            + f"#shot-{self.pk}"
        )

    @property
    def setup_key(self) -> str:
        """Return what makes two shots one setup: the name, whatever its case and spacing.

        A shot with no setup named is a camera position of its own.
        """
        name = " ".join(self.setup.split()).casefold()
        return f"setup:{name}" if name else f"shot:{self.pk}"


def frame_upload_to(instance: "Frame", filename: str) -> str:
    # An unguessable name: the files are never served by their path, but nor should a
    # leaked folder listing say which production they belong to.
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"storyboards/{uuid.uuid4().hex}{suffix}"


class Frame(models.Model):
    """A storyboard frame of a shot: the image as uploaded, and a thumbnail made by a task."""

    shot = models.ForeignKey(Shot, on_delete=models.CASCADE, related_name="frames")
    position = models.PositiveIntegerField(default=0)
    image = models.FileField(upload_to=frame_upload_to)
    thumbnail = models.FileField(upload_to=frame_upload_to, blank=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shot_id", "position", "pk"]

    def __str__(self) -> str:
        return f"Frame {self.pk} of {self.shot}"

    def url_for(self, slug: str, kind: str = "image") -> str:
        """Return the access-checked URL of the image (``kind="image"``) or its thumbnail."""
        return reverse(f"shots:frame_{kind}", kwargs={"slug": slug, "pk": self.pk})
