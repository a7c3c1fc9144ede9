"""The casting API's shapes, as the contract's "Casting" section fixes them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casting import selectors
from casting.models import (
    AuditionSession,
    Candidate,
    Headshot,
    Offer,
    OfferEmail,
    OfferEvent,
    Pick,
    Role,
    Slot,
)
from crew.selectors import people_for_user
from productions.models import Character


def _access(context) -> selectors.CastingAccess | None:
    return context.get("casting_access")


class SidesSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["upload", "script"], allow_null=True)
    url = serializers.CharField(allow_null=True)
    pending = serializers.BooleanField()
    error = serializers.CharField()
    made_at = serializers.DateTimeField(allow_null=True)


class RoleSerializer(serializers.ModelSerializer):
    character = serializers.PrimaryKeyRelatedField(queryset=Character.objects.none())
    name = serializers.CharField(max_length=120, required=False)
    work_days = serializers.SerializerMethodField()
    first_day = serializers.SerializerMethodField()
    last_day = serializers.SerializerMethodField()
    needed = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    sides = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = [
            "id",
            "character",
            "name",
            "description",
            "age_range",
            "gender",
            "union",
            "rate",
            "status",
            "work_days",
            "first_day",
            "last_day",
            "needed",
            "actor",
            "sides",
        ]
        read_only_fields = ["id", "work_days", "first_day", "last_day", "needed", "actor", "sides"]

    def get_fields(self):
        fields = super().get_fields()
        production = self.context.get("production")
        if production is not None:
            fields["character"].queryset = production.characters.all()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["character"].read_only = True
        return fields

    def _days(self, role) -> list:
        return getattr(role, "work_days", [])

    def get_work_days(self, role) -> list[str]:
        return [day.isoformat() for day in self._days(role)]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_first_day(self, role) -> str | None:
        days = self._days(role)
        return days[0].isoformat() if days else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_last_day(self, role) -> str | None:
        days = self._days(role)
        return days[-1].isoformat() if days else None

    def get_needed(self, role) -> str:
        return selectors.work_days_label(self._days(role))

    @extend_schema_field(SidesSerializer)
    def get_sides(self, role) -> dict:
        from django.urls import reverse

        source = "upload" if role.sides else ("script" if role.script_sides else None)
        url = None
        if source and self.context.get("production") is not None:
            slug = self.context["production"].slug
            url = reverse("casting:role_sides", kwargs={"slug": slug, "pk": role.pk})
        return {
            "source": source,
            "url": url,
            "pending": role.script_sides_pending,
            "error": role.script_sides_error,
            "made_at": role.script_sides_made_at,
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, role) -> str | None:
        return role.assignment.person.name if role.assignment_id else None

    def to_representation(self, role):
        data = super().to_representation(role)
        access = _access(self.context)
        if access is None or not access.money:
            data.pop("rate", None)
        return data


class PickSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    director = serializers.SerializerMethodField()

    class Meta:
        model = Pick
        fields = ["user", "pick", "note", "director"]

    def get_director(self, pick) -> bool:
        return getattr(pick, "by_director", False)


class PickRequestSerializer(serializers.Serializer):
    pick = serializers.ChoiceField(choices=Pick.Choice.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class CandidateConflictSerializer(serializers.Serializer):
    day = serializers.DateField()
    text = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    """Talent's contact details: the casting office only."""

    email = serializers.CharField()
    phone = serializers.CharField()
    agent = serializers.CharField()
    agent_email = serializers.CharField()
    agent_phone = serializers.CharField()
    manager = serializers.CharField()
    manager_email = serializers.CharField()
    manager_phone = serializers.CharField()


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return people_for_user(self.context["request"].user)


class HeadshotSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Headshot
        fields = ["id", "url", "content_type", "width", "height", "uploaded_at"]

    def get_url(self, photo) -> str:
        from django.urls import reverse

        slug = self.context["production"].slug
        return reverse("casting:headshot", kwargs={"slug": slug, "pk": photo.pk})


class HeadshotUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PNG, JPEG or WebP, read from its bytes.")


class CandidateSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.name", read_only=True)
    status = serializers.ChoiceField(choices=Candidate.Status.choices, required=False)
    message = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000,
        help_text="Sent with a release.",
    )  # fmt: skip
    picks = PickSerializer(many=True, read_only=True)
    photos = HeadshotSerializer(source="headshots", many=True, read_only=True)
    conflicts = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "person",
            "person_name",
            "source",
            "status",
            "message",
            "photo_url",
            "photos",
            "links",
            "picks",
            "conflicts",
            "contact",
        ]
        read_only_fields = ["id", "person_name", "picks", "photos", "conflicts", "contact"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["person"].read_only = True
        return fields

    @extend_schema_field(CandidateConflictSerializer(many=True))
    def get_conflicts(self, candidate) -> list[dict]:
        return CandidateConflictSerializer(getattr(candidate, "conflicts", []), many=True).data

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, candidate) -> dict | None:
        access = _access(self.context)
        if access is None or not access.office:
            return None
        person = candidate.person
        return {
            "email": person.email,
            "phone": person.phone,
            "agent": person.agent,
            "agent_email": person.agent_email,
            "agent_phone": person.agent_phone,
            "manager": person.manager,
            "manager_email": person.manager_email,
            "manager_phone": person.manager_phone,
        }


class BulkMoveSerializer(serializers.Serializer):
    candidates = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    status = serializers.ChoiceField(choices=Candidate.Status.choices)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SlotSerializer(serializers.ModelSerializer):
    link = serializers.SerializerMethodField()
    candidate_name = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = [
            "id",
            "start",
            "candidate",
            "candidate_name",
            "state",
            "note",
            "rescheduled_at",
            "link",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_link(self, slot) -> str | None:
        access = _access(self.context)
        if access is None or not access.office:
            return None
        return selectors.slot_link(slot) or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_candidate_name(self, slot) -> str | None:
        return slot.candidate.person.name if slot.candidate_id else None


class AuditionSessionSerializer(serializers.ModelSerializer):
    role = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True
    )
    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = AuditionSession
        fields = [
            "id",
            "kind",
            "date",
            "start",
            "end",
            "slot_minutes",
            "place",
            "notes",
            "role",
            "slots",
        ]
        read_only_fields = ["id", "slots"]

    def get_fields(self):
        fields = super().get_fields()
        production = self.context.get("production")
        if production is not None:
            fields["role"].queryset = Role.objects.filter(production=production)
        return fields


class SlotMoveSerializer(serializers.Serializer):
    slot = serializers.IntegerField(help_text="The invited slot of this session.")
    to = serializers.IntegerField(help_text="An open slot of this or another session.")


class InviteSerializer(serializers.Serializer):
    candidates = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class InvitationSerializer(serializers.Serializer):
    """What the invited person sees at their link: their own slot, nothing else."""

    production = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    date = serializers.DateField()
    start = serializers.TimeField()
    place = serializers.CharField()
    state = serializers.CharField()
    note = serializers.CharField()
    expired = serializers.BooleanField()
    rescheduled_at = serializers.DateTimeField(
        allow_null=True, help_text="When the casting office last moved it to this time."
    )
    sides = serializers.BooleanField()


class AnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["confirm", "decline", "reschedule"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class OfferEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None, read_only=True, allow_null=True)

    class Meta:
        model = OfferEvent
        fields = ["status", "by", "note", "terms", "at"]


class OfferEmailSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferEmail
        fields = ["to", "cc", "created_at", "sent_at"]


class OfferSerializer(serializers.ModelSerializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    rate = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    approved_by = serializers.SerializerMethodField()
    history = OfferEventSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True)
    deal_memo = serializers.SerializerMethodField()
    emails = OfferEmailSerializer(many=True, read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "candidate",
            "rate",
            "rate_unit",
            "guaranteed_days",
            "start_date",
            "end_date",
            "billing",
            "terms",
            "status",
            "approved_by",
            "history",
            "deal_memo",
            "emails",
        ]
        read_only_fields = ["id", "status", "approved_by", "history", "deal_memo", "emails"]
        extra_kwargs = {"guaranteed_days": {"required": False, "min_value": 1}}

    def get_fields(self):
        fields = super().get_fields()
        production = self.context.get("production")
        if production is not None:
            fields["candidate"].queryset = Candidate.objects.filter(
                role__production=production
            ).select_related("role", "person")
        if self.instance is not None and not isinstance(self.instance, list):
            fields["candidate"].read_only = True
        return fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_approved_by(self, offer) -> str | None:
        # A method, not a source path: partial updates skip a field whose source is missing.
        return offer.approved_by.username if offer.approved_by_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_deal_memo(self, offer) -> str | None:
        if not offer.deal_memo:
            return None
        from django.urls import reverse

        return reverse(
            "casting:deal_memo", kwargs={"slug": self.context["production"].slug, "pk": offer.pk}
        )


class OfferAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accepted", "countered", "declined", "withdrawn"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    rate = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    rate_unit = serializers.ChoiceField(choices=Offer.RateUnit.choices, required=False)
    guaranteed_days = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    billing = serializers.CharField(required=False, max_length=200)
    terms = serializers.CharField(required=False, allow_blank=True)


class ReleaseResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    changes = serializers.ListField(child=serializers.CharField())
