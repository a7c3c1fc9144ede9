from django.contrib.auth import get_user_model
from rest_framework import serializers

from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Scene,
    Script,
)

User = get_user_model()


class ProductionSerializer(serializers.ModelSerializer):
    access = serializers.SerializerMethodField(help_text="The requesting user's access.")

    class Meta:
        model = Production
        fields = [
            "slug",
            "title",
            "kind",
            "phase",
            "logline",
            "start_date",
            "wrap_date",
            "time_zone",
            "currency",
            "access",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at", "access"]
        extra_kwargs = {"slug": {"required": False}}

    def get_access(self, production: Production) -> str | None:
        accesses = self.context.get("accesses") or {}
        return accesses.get(production.pk)


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    name = serializers.SerializerMethodField()
    # Required: the model's default (crew) is no reason to grant access nobody asked for.
    access = serializers.ChoiceField(
        choices=Membership.Access.choices,
        error_messages={
            "required": "Choose an access level: " + ", ".join(Membership.Access.values) + ".",
            "invalid_choice": '"{input}" is not an access level: choose one of '
            + ", ".join(Membership.Access.values)
            + ".",
        },
    )

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "access", "created_at"]
        read_only_fields = ["id", "name", "created_at"]

    def get_name(self, membership: Membership) -> str:
        return membership.user.get_full_name() or membership.user.get_username()


class MembershipUpdateSerializer(serializers.Serializer):
    access = serializers.ChoiceField(choices=Membership.Access.choices)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="64 hex characters; send as `Token <token>`.")
    expiry = serializers.DateTimeField(
        help_text="When the token stops working unless used before (each use extends it)."
    )


# ---------------------------------------------------------------- the screenplay and its breakdown


class ProductionScopedIdField(serializers.PrimaryKeyRelatedField):
    """An id that must name something of the production in the URL; others are unknown ids."""

    default_error_messages = {
        "does_not_exist": "No such item on this production (id {pk_value}).",
        "incorrect_type": "Give the id as a number, not {data_type}.",
    }

    def get_queryset(self):
        return self.queryset.filter(production=self.context["production"])


class ScriptSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Script
        fields = [
            "id",
            "original_name",
            "format",
            "title",
            "revision_name",
            "revision_colour",
            "checksum",
            "uploaded_by",
            "uploaded_at",
            "result",
        ]
        read_only_fields = fields


class ScriptUploadSerializer(serializers.Serializer):
    # Empty files pass here so the import service refuses them with its own words.
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    revision_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    revision_colour = serializers.ChoiceField(
        choices=Script.Colour.choices, required=False, default=Script.Colour.WHITE
    )


class ImportedSceneSerializer(serializers.Serializer):
    number = serializers.CharField()
    int_ext = serializers.CharField()
    set_name = serializers.CharField()
    time_of_day = serializers.CharField()
    page_eighths = serializers.IntegerField()
    characters = serializers.ListField(child=serializers.CharField())


class ImportResultSerializer(serializers.Serializer):
    """The ``import_script --json`` result (documentation only)."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    omitted = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    title = serializers.CharField()
    scenes = ImportedSceneSerializer(many=True)
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Lines the reader could not read as written."
    )
    script = serializers.IntegerField(
        allow_null=True, help_text="The stored version's id; null when nothing changed."
    )


class SceneSerializer(serializers.ModelSerializer):
    characters = ProductionScopedIdField(
        queryset=Character.objects.all(), many=True, required=False
    )
    elements = ProductionScopedIdField(
        queryset=BreakdownElement.objects.all(), many=True, required=False
    )
    location = ProductionScopedIdField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    page_count = serializers.CharField(read_only=True, help_text='Pages as written: "2 3/8".')
    strip_colour = serializers.CharField(
        read_only=True, help_text="INT DAY white, EXT DAY yellow, INT NIGHT blue, EXT NIGHT green."
    )

    class Meta:
        model = Scene
        fields = [
            "id",
            "number",
            "int_ext",
            "set_name",
            "time_of_day",
            "page_eighths",
            "page_count",
            "synopsis",
            "characters",
            "elements",
            "location",
            "omitted",
            "estimated_minutes",
            "estimated_minutes_source",
            "heading",
            "script_order",
            "strip_colour",
        ]
        read_only_fields = ["id", "heading", "script_order", "page_count", "strip_colour"]
        # The production's unique number is checked by the service, in the same words as pages.
        validators: list = []


class CharacterSerializer(serializers.ModelSerializer):
    assignment = ProductionScopedIdField(
        queryset=Character.assignment.field.related_model.objects.all(),
        required=False,
        allow_null=True,
        help_text="The cast role (crew assignment) of the actor playing the part.",
    )
    actor = serializers.SerializerMethodField()
    scene_count = serializers.SerializerMethodField()

    class Meta:
        model = Character
        fields = ["id", "name", "cast_id", "assignment", "actor", "scene_count"]
        read_only_fields = ["id", "actor", "scene_count"]
        validators: list = []

    def get_actor(self, character: Character) -> str:
        return character.assignment.person.name if character.assignment else ""

    def get_scene_count(self, character: Character) -> int:
        return getattr(character, "scene_count", 0)


class ElementSerializer(serializers.ModelSerializer):
    colour = serializers.CharField(read_only=True, help_text="The category's breakdown colour.")
    scene_count = serializers.SerializerMethodField()

    class Meta:
        model = BreakdownElement
        fields = ["id", "category", "name", "notes", "colour", "scene_count"]
        read_only_fields = ["id", "colour", "scene_count"]
        validators: list = []

    def get_scene_count(self, element: BreakdownElement) -> int:
        return getattr(element, "scene_count", 0)


class LocationUnavailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = LocationUnavailability
        fields = ["id", "start_date", "end_date", "reason"]
        read_only_fields = ["id"]
        validators: list = []


class LocationSerializer(serializers.ModelSerializer):
    unavailabilities = LocationUnavailabilitySerializer(many=True, read_only=True)
    map_url = serializers.CharField(read_only=True)
    scene_count = serializers.SerializerMethodField()

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "address",
            "latitude",
            "longitude",
            "parking",
            "basecamp",
            "nearest_hospital",
            "hospital_address",
            "hospital_phone",
            "notes",
            "map_url",
            "unavailabilities",
            "scene_count",
        ]
        read_only_fields = ["id", "map_url", "unavailabilities", "scene_count"]
        validators: list = []

    def get_scene_count(self, location: Location) -> int:
        return getattr(location, "scene_count", 0)
