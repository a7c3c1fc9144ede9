from rest_framework import serializers

from productions.api.serializers import ProductionScopedIdField
from productions.models import Character, Scene
from shots.models import Shot


class FrameSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The image, for members only.")
    thumbnail_url = serializers.SerializerMethodField(
        help_text="A small JPEG; null until the task has made it."
    )

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, frame) -> str:
        return self._absolute(frame.url_for(self.context["production"].slug, "image"))

    def get_thumbnail_url(self, frame) -> str | None:
        if not frame.thumbnail:
            return None
        return self._absolute(frame.url_for(self.context["production"].slug, "thumbnail"))


class ShotSerializer(serializers.ModelSerializer):
    characters = ProductionScopedIdField(
        queryset=Character.objects.all(),
        many=True,
        required=False,
        help_text="Characters in frame: ids of the scene's cast.",
    )
    frames = FrameSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(choices=Shot.Status.choices, required=False)

    class Meta:
        model = Shot
        fields = [
            "id",
            "number",
            "position",
            "description",
            "size",
            "angle",
            "movement",
            "lens",
            "camera",
            "frame_rate",
            "characters",
            "sound",
            "setup",
            "estimated_minutes",
            "status",
            "frames",
            "number_locked",
            "vfx_notes",
            "sfx_notes",
            "stunt_notes",
            "props_notes",
            "notes",
        ]
        read_only_fields = ["id", "number", "position", "frames"]


class DayShotSerializer(ShotSerializer):
    """A shot of the day's list, read from what ``day_shot_list`` attached to it."""

    characters = serializers.ListField(
        source="character_ids", child=serializers.IntegerField(), read_only=True
    )
    frames = FrameSerializer(source="frame_list", many=True, read_only=True)
    scene = serializers.IntegerField(source="scene_id", read_only=True)
    scene_number = serializers.CharField(source="scene.number", read_only=True)

    class Meta(ShotSerializer.Meta):
        fields = [*ShotSerializer.Meta.fields, "scene", "scene_number"]
        read_only_fields = fields


class DayShotListSerializer(serializers.Serializer):
    order = serializers.ChoiceField(choices=["setup", "script"])
    minutes = serializers.IntegerField(help_text="Shots' minutes plus a setup allowance per setup.")
    setups = serializers.IntegerField(help_text="How many times the camera is set up.")
    counts = serializers.DictField(child=serializers.IntegerField())
    shots = DayShotSerializer(many=True)


class ShotOrderSerializer(serializers.Serializer):
    shots = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every shot id of the scene, in the new order."
    )


class ShotMarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[("shot", "Shot"), ("not_shot", "Not shot")])


class ShotMoveSerializer(serializers.Serializer):
    scene = ProductionScopedIdField(queryset=Scene.objects.all(), help_text="The scene to move to.")


class FrameUploadSerializer(serializers.Serializer):
    # Empty files pass here so the service refuses them in its own words.
    image = serializers.FileField(allow_empty_file=True, use_url=False)
