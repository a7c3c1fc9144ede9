from django.conf import settings
from django.db import models
from django.db.models import F, Q

from productions.models import Production


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the people on the user's productions, the ones they added, and themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        productions = Production.objects.visible_to(user).values("pk")
        return self.filter(
            Q(assignments__production__in=productions) | Q(created_by=user) | Q(user=user)
        ).distinct()


class Person(models.Model):
    """Someone in the directory: cast, crew or creative, on any number of productions."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_private = models.BooleanField(
        default=False, help_text="Keep the phone number off contact sheets and call sheets."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    notes = models.TextField(blank=True)
    # Talent is reached through their representation: casting offers go to the agent.
    agent = models.CharField(max_length=200, blank=True, help_text="Agent's name and agency.")
    agent_email = models.EmailField(blank=True)
    agent_phone = models.CharField(max_length=40, blank=True)
    manager = models.CharField(max_length=200, blank=True, help_text="Manager's name.")
    manager_email = models.EmailField(blank=True)
    manager_phone = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the standard departments and those of the user's productions."""
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(production__isnull=True) | Q(production__in=Production.objects.visible_to(user))
        )


class Department(models.Model):
    """A film department. Standard ones have no production; a production may add its own."""

    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=100)
    production = models.ForeignKey(
        Production,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="departments",
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(production__isnull=True),
                name="department_unique_standard_name",
                violation_error_message="A standard department of this name exists.",
            ),
            models.UniqueConstraint(
                fields=["production", "name"],
                name="department_unique_name_per_production",
                violation_error_message="This production already has a department of this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A person's role on a production: "Director", "1st AD", "Maya Reyes as MAYA"."""

    class RoleKind(models.TextChoices):
        DIRECTOR = "director", "Director"
        PRODUCER = "producer", "Producer"
        CREATOR = "creator", "Creator"
        CAST = "cast", "Cast"
        CREW = "crew", "Crew"

    CREATIVE_KINDS = (RoleKind.DIRECTOR, RoleKind.PRODUCER, RoleKind.CREATOR)

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assignments")
    title = models.CharField(max_length=120)
    role_kind = models.CharField(max_length=20, choices=RoleKind.choices, default=RoleKind.CREW)
    key_contact = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    daily_rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Pay per day in the production's currency; hold days cost this much.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["department__order", "department__name", "title", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "person", "title"],
                name="assignment_unique_role",
                violation_error_message="This person already has this role on the production.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(daily_rate__isnull=True) | Q(daily_rate__gte=0),
                name="assignment_rate_not_negative",
                violation_error_message="The daily rate cannot be negative.",
            ),
        ]
        indexes = [models.Index(fields=["production", "role_kind"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"

    @property
    def is_creative(self) -> bool:
        return self.role_kind in self.CREATIVE_KINDS


class Unavailability(models.Model):
    """Dates a person cannot work, with a reason."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="unavailabilities")
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name_plural = "unavailabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="unavailability_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.start_date}–{self.end_date}"
