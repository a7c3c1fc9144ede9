from rest_framework import serializers

from core.openapi import ErrorSerializer  # noqa: F401 - the one error shape, re-exported
from productions.models import Location
from schedules import services
from schedules.conflicts import ConflictKind
from schedules.models import ShootDay, Strip
from schedules.selectors import Board, BoardStrip, DoodTable


class ProductionLocationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Location.objects.filter(production=self.context["production"])


class ShootDaySerializer(serializers.ModelSerializer):
    location = ProductionLocationField(required=False, allow_null=True)
    scenes = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Scene ids in shooting order. Sending it puts exactly these scenes on the day "
        "(in this order); scenes it leaves out go to the boneyard.",
    )

    class Meta:
        model = ShootDay
        fields = [
            "id",
            "date",
            "day_number",
            "general_call",
            "shooting_call",
            "estimated_wrap",
            "location",
            "notes",
            "scenes",
        ]
        read_only_fields = ["id", "day_number"]
        extra_kwargs = {"date": {"required": False}}
        # The service checks the date against the other days, with a message in words.
        validators: list = []

    def to_representation(self, day: ShootDay) -> dict:
        data = super().to_representation(day)
        # A scene split into parts on the same day is listed once.
        data["scenes"] = list(dict.fromkeys(strip.scene_id for strip in day.strips.all()))
        return data


class StripSerializer(serializers.Serializer):
    """A strip on the board: a scene (or one part of a split scene), or a banner."""

    id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Empty for a scene never placed, or a new banner.",
    )
    kind = serializers.ChoiceField(choices=Strip.Kind.choices, default=Strip.Kind.SCENE)
    scene = serializers.IntegerField(required=False, allow_null=True, help_text="Scene id.")
    part = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text='1, 2… for "23 pt 1"; empty: whole.'
    )
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="A banner's words."
    )
    eighths = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="A part's share of the scene's pages, in eighths; empty: the whole scene.",
    )

    def validate(self, data):
        if data.get("kind", Strip.Kind.SCENE) == Strip.Kind.SCENE and not data.get("scene"):
            raise serializers.ValidationError({"scene": ["A scene strip names its scene."]})
        return data


class BoardDaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(required=False)
    day_number = serializers.IntegerField(read_only=True)
    strips = StripSerializer(many=True)


class StripboardSerializer(serializers.Serializer):
    """The whole board. PUT it back as GET gives it, with ``If-Match: <version>``."""

    version = serializers.IntegerField(
        help_text="The board's version; the same number as the ETag.", required=False
    )
    name = serializers.CharField(read_only=True, help_text="The active schedule version's name.")
    days = BoardDaySerializer(many=True)
    unscheduled = StripSerializer(many=True, help_text="The boneyard: scenes not scheduled yet.")

    def board_input(self) -> services.BoardInput:
        data = self.validated_data
        return services.BoardInput(
            days=[
                services.DayInput(
                    id=day["id"],
                    date=day.get("date"),
                    strips=[_strip_input(strip) for strip in day["strips"]],
                )
                for day in data["days"]
            ],
            unscheduled=[_strip_input(strip) for strip in data["unscheduled"]],
        )


def _strip_input(data: dict) -> services.StripInput:
    return services.StripInput(
        kind=data.get("kind", Strip.Kind.SCENE),
        scene=data.get("scene"),
        part=data.get("part"),
        text=data.get("text", ""),
        id=data.get("id"),
        eighths=data.get("eighths"),
    )


def strip_data(strip: BoardStrip) -> dict:
    return {
        "id": strip.id,
        "kind": strip.kind,
        "scene": strip.scene.pk if strip.scene else None,
        "part": strip.part,
        "text": strip.text,
        "eighths": strip.eighths if strip.scene else None,
    }


def board_data(board: Board) -> dict:
    """Return the board in the shape PUT takes back."""
    return {
        "version": board.revision,
        "name": board.version.name if board.version else "",
        "days": [
            {
                "id": day.day.pk,
                "date": day.day.date.isoformat(),
                "day_number": day.day.day_number,
                "strips": [strip_data(strip) for strip in day.strips],
            }
            for day in board.days
        ],
        "unscheduled": [strip_data(strip) for strip in board.unscheduled],
    }


class ConflictSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[str(kind) for kind in ConflictKind])
    date = serializers.DateField()
    message = serializers.CharField()
    ids = serializers.DictField(help_text="What is involved, by kind: person, shoot_day, …")


class DoodRowSerializer(serializers.Serializer):
    cast_id = serializers.CharField()
    character = serializers.CharField(help_text="The character, or the element's name.")
    person = serializers.CharField(
        allow_null=True, help_text="The actor; null for a role no actor is booked for yet."
    )
    codes = serializers.ListField(child=serializers.CharField(allow_blank=True))
    work = serializers.IntegerField()
    hold = serializers.IntegerField()
    travel = serializers.IntegerField()
    holiday = serializers.IntegerField()
    rehearsal = serializers.IntegerField()
    fitting = serializers.IntegerField()
    drop_pickup = serializers.IntegerField()
    start = serializers.DateField(allow_null=True)
    finish = serializers.DateField(allow_null=True)
    total = serializers.IntegerField()
    daily_rate = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, required=False
    )
    hold_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, required=False
    )


class DoodSerializer(serializers.Serializer):
    category = serializers.CharField()
    days = serializers.ListField(child=serializers.DateField())
    columns = serializers.ListField(child=serializers.DictField())
    rows = DoodRowSerializer(many=True)
    hold_cost_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="Owners and producers only."
    )
    currency = serializers.CharField()


def dood_data(table: DoodTable, *, with_pay: bool) -> dict:
    rows = []
    for line in table.lines:
        row = line.row
        data = {
            "cast_id": line.cast_id,
            "character": line.character,
            "person": None if line.to_be_cast else line.person,
            "codes": row.codes,
            "work": row.work,
            "hold": row.hold,
            "travel": row.travel,
            "holiday": row.holiday,
            "rehearsal": row.rehearsal,
            "fitting": row.fitting,
            "drop_pickup": row.drop_pickup,
            "start": row.start.isoformat() if row.start else None,
            "finish": row.finish.isoformat() if row.finish else None,
            "total": row.total,
        }
        if with_pay:
            data["daily_rate"] = _money(line.daily_rate)
            data["hold_cost"] = _money(line.hold_cost)
        rows.append(data)
    data = {
        "category": table.category,
        "days": [day.isoformat() for day in table.days],
        "columns": [
            {
                "date": column.date.isoformat(),
                "kind": column.kind,
                "day_number": column.day_number,
                "holiday": column.holiday,
            }
            for column in table.columns
        ],
        "rows": rows,
        "currency": table.currency,
    }
    if with_pay:
        data["hold_cost_total"] = _money(table.hold_total)
    return data


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


class FeedLinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    webcal = serializers.CharField()


class FeedsSerializer(serializers.Serializer):
    production = FeedLinkSerializer()
    mine = FeedLinkSerializer(allow_null=True, help_text="My own calls, if I am on the crew.")
    can_reset = serializers.BooleanField()


class FeedResetSerializer(serializers.Serializer):
    feed = serializers.ChoiceField(choices=["production", "person"], default="production")
    person = serializers.IntegerField(required=False, help_text="For a person's feed.")


class PersonFeedItemSerializer(serializers.Serializer):
    production = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField()
    webcal = serializers.CharField()


class PersonFeedSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    feeds = PersonFeedItemSerializer(many=True)
