"""A production's budgets: topsheet → category → account → detail line, with fringes, globals,
contractual charges, actuals (costs), estimates to complete and a history of every change.

A line stores both what was typed (``*_formula``) and the evaluated values, and its computed
``subtotal``, ``fringe_total`` and ``total``: the topsheet then sums in the database. Every
write goes through ``budgets.services``, which recomputes the whole budget (fringe cutoffs are
shared across lines) in the same transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from crew.models import Assignment, Person
from productions.models import Production

MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0")}
QUANTITY = {"max_digits": 18, "decimal_places": 4, "default": Decimal("0")}
NAME_PATTERN = RegexValidator(
    r"^[A-Z][A-Z0-9_]{0,39}$",
    "A name is capital letters, digits and underscores, starting with a letter (SHOOT_DAYS).",
)


class Budget(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LOCKED = "locked", "Locked"
        APPROVED = "approved", "Approved"

    class Template(models.TextChoices):
        FEATURE = "feature", "Feature film"
        SERIES = "series", "Series"
        BLANK = "blank", "Blank"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    currency = models.CharField(max_length=3, default="USD")
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    grand_total = models.DecimalField(**MONEY)
    # What the schedule said when the budget was last computed (globals, cast days, rates):
    # a board save then recomputes only the lines its change reaches.
    schedule_state = models.JSONField(default=dict, blank=True, editable=False)
    # An approved budget keeps its numbers; this is the grand total it would have on the
    # schedule of the last board save, so the stripboard shows the drift without recomputing.
    schedule_total = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "name"],
                name="budget_unique_name",
                violation_error_message="This production already has a budget of that name.",
            ),
            models.UniqueConstraint(
                fields=["production"],
                condition=Q(status="approved"),
                name="budget_one_approved",
                violation_error_message="Only one budget of a production can be approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.production} — {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class Category(models.Model):
    class Section(models.TextChoices):
        ABOVE_THE_LINE = "above_the_line", "Above the line"
        PRODUCTION = "production", "Production"
        POST = "post", "Post-production"
        OTHER = "other", "Other"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="categories")
    number = models.CharField(max_length=12)
    name = models.CharField(max_length=120)
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.PRODUCTION)

    class Meta:
        ordering = ["number", "pk"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"],
                name="category_unique_number",
                violation_error_message="This budget already has a category with that number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Account(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="accounts")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="accounts")
    number = models.CharField(max_length=12)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"],
                name="account_unique_number",
                violation_error_message="This budget already has an account with that number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Fringe(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent", "Percent of the subtotal"
        FLAT = "flat", "Flat per unit"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="fringes")
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    rate = models.DecimalField(
        max_digits=12, decimal_places=4, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    cutoff = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The most of one person's pay the percent applies to; empty for no ceiling.",
    )

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "code"],
                name="fringe_unique_code",
                violation_error_message="This budget already has a fringe with that code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Line(models.Model):
    class Unit(models.TextChoices):
        ALLOW = "allow", "Allow"
        FLAT = "flat", "Flat"
        HOUR = "hour", "Hour"
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"
        EACH = "each", "Each"

    class LinkKind(models.TextChoices):
        NONE = "", "Not linked"
        CAST = "cast", "Cast: work and hold days on the active schedule"
        CREW = "crew", "Crew: shoot days on the active schedule"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=200, blank=True)
    amount_formula = models.CharField(max_length=200, blank=True, default="")
    amount = models.DecimalField(**QUANTITY)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.ALLOW)
    x_formula = models.CharField(max_length=200, blank=True, default="")
    x = models.DecimalField(max_digits=18, decimal_places=4, default=Decimal("1"))
    rate_formula = models.CharField(max_length=200, blank=True, default="")
    rate = models.DecimalField(**QUANTITY)
    currency = models.CharField(max_length=3, blank=True, default="")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_lines"
    )
    fringes = models.ManyToManyField(Fringe, blank=True, related_name="lines")
    link_kind = models.CharField(max_length=10, choices=LinkKind.choices, blank=True, default="")
    link_assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_lines"
    )
    subtotal = models.DecimalField(**MONEY)
    fringe_total = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["account__number", "order", "pk"]
        indexes = [models.Index(fields=["budget", "link_kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(link_kind="") | Q(link_assignment__isnull=False),
                name="line_link_has_assignment",
                violation_error_message="A linked line needs the role it is linked to.",
            )
        ]

    def __str__(self) -> str:
        return self.description or f"Line {self.pk}"

    @property
    def link(self) -> dict | None:
        if not self.link_kind:
            return None
        return {"kind": self.link_kind, "assignment": self.link_assignment_id}


class Global(models.Model):
    """A named value or formula of one budget, usable in any cell and in other globals."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="globals")
    name = models.CharField(max_length=40, validators=[NAME_PATTERN])
    formula = models.CharField(max_length=200)
    value = models.DecimalField(**QUANTITY)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "name"],
                name="global_unique_name",
                violation_error_message="This budget already has a global of that name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Charge(models.Model):
    """A contractual charge: a percent of chosen sections, less excluded accounts."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="charges")
    name = models.CharField(max_length=120)
    order = models.PositiveIntegerField(default=0)
    percent = models.DecimalField(
        max_digits=8, decimal_places=4, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    sections = models.JSONField(default=list, blank=True)
    excluded_accounts = models.ManyToManyField(Account, blank=True, related_name="+")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Cost(models.Model):
    """An actual: a purchase order, invoice, timecard, petty cash or card spend."""

    class Kind(models.TextChoices):
        PO = "po", "Purchase order"
        INVOICE = "invoice", "Invoice"
        TIMECARD = "timecard", "Timecard"
        PETTY_CASH = "petty_cash", "Petty cash"
        CARD = "card", "Card"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="costs")
    account_number = models.CharField(max_length=12)
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    vendor = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=80, blank=True)
    description = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True, default="")
    exchange_rate = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    open = models.BooleanField(default=False, help_text="A purchase order not yet invoiced.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["production", "account_number", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.pk}"


class EstimateToComplete(models.Model):
    """An entered estimate to complete for one account; the newest one counts."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="estimates")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="estimates")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"ETC {self.account} {self.amount}"


class BudgetChange(models.Model):
    """Who changed what and when, like the board's history."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="budget_changes"
    )
    budget = models.ForeignKey(
        Budget, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    grand_total = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.summary
