"""Casting: roles, candidates and their trade states, audition sessions and slots, picks,
offers with their history, and the emails and self-tapes of an invitation."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from casting.storage import private_storage
from crew.models import Assignment, Person
from productions.models import Character, Production, Script


def _random_name(folder: str, filename: str) -> str:
    # The uploaded name is never part of the path: it could be "../../x" or a script name.
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 6 else ""
    return f"casting/{folder}/{secrets.token_hex(16)}{suffix}"


def sides_path(instance, filename: str) -> str:
    return _random_name("sides", filename)


def tape_path(instance, filename: str) -> str:
    return _random_name("tapes", filename)


def headshot_path(instance, filename: str) -> str:
    return _random_name("headshots", filename)


def memo_path(instance, filename: str) -> str:
    return _random_name("memos", ".pdf")


class Role(models.Model):
    """A character of the script that needs casting: the casting breakdown's line."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CAST = "cast", "Cast"
        CLOSED = "closed", "Closed"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="roles")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    age_range = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=60, blank=True)
    union = models.CharField(max_length=60, blank=True, help_text='e.g. "SAG-AFTRA", "non-union"')
    rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Scale or offered rate per day.",
    )
    sides = models.FileField(
        upload_to=sides_path, blank=True, help_text="Uploaded sides; they override the script's."
    )
    # Sides made from the script (casting.sides): the PDF, the revision it came from, and
    # when it was asked for and made, so the page can say "being made" or "out of date".
    script_sides = models.FileField(upload_to=sides_path, blank=True, editable=False)
    script_sides_from = models.ForeignKey(
        Script, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    script_sides_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    script_sides_made_at = models.DateTimeField(null=True, blank=True, editable=False)
    script_sides_error = models.CharField(max_length=300, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["character"],
                name="casting_role_one_per_character",
                violation_error_message="This character already has a role in casting.",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0),
                name="casting_role_rate_not_negative",
                violation_error_message="The rate cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sides_file(self):
        """The sides an actor gets: the uploaded file, else those made from the script."""
        return self.sides or self.script_sides or None

    @property
    def script_sides_pending(self) -> bool:
        requested, made = self.script_sides_requested_at, self.script_sides_made_at
        return bool(
            requested and (made is None or made < requested) and not self.script_sides_error
        )


class Candidate(models.Model):
    """A person put forward for a role, moving along the trade's states."""

    class Source(models.TextChoices):
        AGENT = "agent_submission", "Agent submission"
        SELF = "self_submission", "Self-submission"
        CASTING = "casting_pick", "Casting director's pick"

    class Status(models.TextChoices):
        CONSIDERING = "considering", "Considering"
        SHORTLISTED = "shortlisted", "Shortlisted"
        CALLBACK = "callback", "Callback"
        PINNED = "pinned", "Pinned"
        ON_AVAIL = "on_avail", "On avail"
        ON_HOLD = "on_hold", "On hold"
        OFFERED = "offered", "Offered"
        BOOKED = "booked", "Booked"
        RELEASED = "released", "Released"

    S = Status
    HELD = [S.CALLBACK, S.PINNED, S.ON_AVAIL, S.ON_HOLD]
    LIVE = [S.CONSIDERING, S.SHORTLISTED, *HELD, S.OFFERED, S.BOOKED]

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="candidacies")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CASTING)
    status = FSMField(max_length=12, choices=Status.choices, default=Status.CONSIDERING)
    photo_url = models.URLField(blank=True)
    links = models.TextField(blank=True, help_text="Reels and profiles, one a line.")
    release_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "person"],
                name="casting_candidate_once_per_role",
                violation_error_message="This person is already a candidate for the role.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.role}"

    # The transitions. Services call them; nothing else sets ``status``.
    @transition(field=status, source=S.CONSIDERING, target=S.SHORTLISTED)
    def shortlist(self):
        """Shortlist a candidate under consideration."""

    @transition(field=status, source=S.SHORTLISTED, target=S.CALLBACK)
    def callback(self):
        """Call a shortlisted candidate back."""

    @transition(field=status, source=[S.CALLBACK, S.ON_AVAIL, S.ON_HOLD], target=S.PINNED)
    def pin(self):
        """Pin: the likely choice, not yet asked for dates."""

    @transition(field=status, source=[S.CALLBACK, S.PINNED, S.ON_HOLD], target=S.ON_AVAIL)
    def put_on_avail(self):
        """First refusal on the role's dates."""

    @transition(field=status, source=[S.CALLBACK, S.PINNED, S.ON_AVAIL], target=S.ON_HOLD)
    def put_on_hold(self):
        """Hold the candidate's dates."""

    @transition(field=status, source=[S.PINNED, S.ON_AVAIL, S.ON_HOLD], target=S.OFFERED)
    def offer(self):
        """An approved offer went out."""

    @transition(field=status, source=S.OFFERED, target=S.ON_HOLD)
    def offer_closed(self):
        """The offer was declined or withdrawn: the candidate is held again."""

    def has_accepted_offer(self) -> bool:
        return self.offers.filter(status=Offer.Status.ACCEPTED).exists()

    @transition(field=status, source=S.OFFERED, target=S.BOOKED, conditions=[has_accepted_offer])
    def book(self):
        """Booked: only through an accepted offer."""

    @transition(field=status, source=LIVE, target=S.RELEASED)
    def release(self):
        """Let the candidate go, from any state."""


class Headshot(models.Model):
    """An uploaded photo of a candidate: private, served only to who may see the candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="headshots")
    file = models.FileField(upload_to=headshot_path, storage=private_storage)
    content_type = models.CharField(max_length=20, help_text="Read from the image itself.")
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Headshot of {self.candidate.person}"


class Pick(models.Model):
    """A decider's yes / no / maybe on a candidate, with a note. Never shown to talent."""

    class Choice(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        MAYBE = "maybe", "Maybe"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="picks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pick = models.CharField(max_length=5, choices=Choice.choices)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "user"],
                name="casting_pick_one_per_user",
                violation_error_message="You have already picked this candidate.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.pick} on {self.candidate}"


class AuditionSession(models.Model):
    """An audition: in person at an address, virtual by a link, or self-tapes by a deadline."""

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        SELF_TAPE = "self_tape", "Self-tape"
        CALLBACK = "callback", "Callback"
        CHEMISTRY = "chemistry", "Chemistry read"

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="audition_sessions"
    )
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.IN_PERSON)
    date = models.DateField(help_text="The day of the session, or a self-tape's deadline.")
    start = models.TimeField()
    end = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField(default=15)
    place = models.CharField(
        max_length=300, blank=True, help_text="The address, or the video link."
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "date", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="casting_session_ends_after_start",
                violation_error_message="The session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
                name="casting_session_slot_length",
                violation_error_message="A slot lasts between 5 and 240 minutes.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Slot(models.Model):
    """A time in a session, and the invitation of the candidate given it."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        INVITED = "invited", "Invited"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        RESCHEDULE = "reschedule", "Asked for another time"

    session = models.ForeignKey(AuditionSession, on_delete=models.CASCADE, related_name="slots")
    start = models.TimeField()
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    note = models.TextField(blank=True, help_text="What the actor or agent wrote back.")
    # The link's token is an HMAC of the salt (see casting.tokens); only its hash is searched.
    salt = models.CharField(max_length=64, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the casting office last moved this invitation here from another time.
    rescheduled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="casting_slot_unique_token",
            ),
            models.UniqueConstraint(
                fields=["session", "candidate"],
                name="casting_slot_one_per_candidate",
                violation_error_message="This candidate already has a slot in the session.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.start:%H:%M}"


class InvitationEmail(models.Model):
    """One email of an invitation, claimed before it is sent so it goes at most once."""

    class Kind(models.TextChoices):
        INVITE = "invite", "Invitation"
        REMINDER = "reminder", "Reminder"
        MOVED = "moved", "New time"

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    to = models.EmailField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "kind"]
        constraints = [
            # One invitation and one reminder per slot; a new time is emailed at each move.
            models.UniqueConstraint(
                fields=["slot", "kind"],
                condition=Q(kind__in=["invite", "reminder"]),
                name="casting_email_once_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to}"


class SelfTape(models.Model):
    """A video uploaded at an invitation's link, stored under a random name."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="tapes")
    file = models.FileField(upload_to=tape_path, storage=private_storage)
    content_type = models.CharField(max_length=60, help_text="Sniffed from the file's bytes.")
    size = models.PositiveBigIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "-uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Self-tape for {self.slot}"


class Offer(models.Model):
    """The terms offered to a candidate, approved by a producer before they go out."""

    class RateUnit(models.TextChoices):
        DAY = "day", "Per day"
        WEEK = "week", "Per week"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"
        COUNTERED = "countered", "Countered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    OPEN = [S.DRAFT, S.APPROVED, S.SENT, S.COUNTERED]

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="offers")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="offers")
    rate = models.DecimalField(max_digits=10, decimal_places=2)
    rate_unit = models.CharField(max_length=4, choices=RateUnit.choices, default=RateUnit.DAY)
    guaranteed_days = models.PositiveSmallIntegerField(default=1)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    billing = models.CharField(max_length=200, blank=True)
    terms = models.TextField(blank=True, help_text="Perks, travel and other terms.")
    status = FSMField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal_memo = models.FileField(upload_to=memo_path, blank=True)
    # The agent's link to the deal memo (``/o/<token>/``), made when the offer is first sent;
    # like an invitation's, only the token's digest is stored.
    memo_salt = models.CharField(max_length=64, blank=True, editable=False)
    memo_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0),
                name="casting_offer_rate_not_negative",
                violation_error_message="The rate cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(guaranteed_days__gte=1),
                name="casting_offer_guarantees_a_day",
                violation_error_message="An offer guarantees at least one day.",
            ),
            models.UniqueConstraint(
                fields=["memo_token_hash"],
                condition=~Q(memo_token_hash=""),
                name="casting_offer_unique_memo_token",
            ),
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status__in=["draft", "approved", "sent", "countered"]),
                name="casting_offer_one_open_per_candidate",
                violation_error_message="This candidate already has an open offer.",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.candidate.person}"

    @transition(field=status, source=[S.DRAFT, S.COUNTERED], target=S.APPROVED)
    def approve(self):
        """A producer or owner approves the terms."""

    @transition(field=status, source=S.APPROVED, target=S.SENT)
    def send(self):
        """The approved terms go to the actor or their agent."""

    @transition(field=status, source=S.SENT, target=S.COUNTERED)
    def counter(self):
        """The other side asks for new terms; they need approving again."""

    @transition(field=status, source=S.SENT, target=S.ACCEPTED)
    def accept(self):
        """Accepted: books the actor."""

    @transition(field=status, source=S.SENT, target=S.DECLINED)
    def decline(self):
        """Declined."""

    @transition(field=status, source=OPEN, target=S.WITHDRAWN)
    def withdraw(self):
        """The production takes the offer back."""


class OfferEvent(models.Model):
    """One step of an offer's history, with the terms as they stood."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Offer.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    terms = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.offer}: {self.status}"


class OfferEmail(models.Model):
    """The email of one sending of an offer to the candidate's agent, sent at most once.

    The row is written in the transaction that sends the offer (the outbox): a broker that is
    down loses nothing, the beat sweep queues it again, and the claim keeps it to one email.
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="emails")
    event = models.OneToOneField(OfferEvent, on_delete=models.CASCADE, related_name="email")
    to = models.EmailField()
    cc = models.EmailField(blank=True)
    reply_to = models.EmailField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.offer} to {self.to}"
