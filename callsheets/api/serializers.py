"""The call sheet's REST shapes: the draft, publishing, deliveries and the personal view."""

from rest_framework import serializers

from callsheets import assembly, links, personal, selectors, services
from callsheets.models import CallSheet, CallSheetVersion, Delivery
from schedules.api.serializers import ProductionLocationField
from schedules.models import ShootDay

TIME = {"format": "%H:%M", "required": False, "allow_null": True}


class CastTimesSerializer(serializers.Serializer):
    character = serializers.IntegerField(help_text="Character id.")
    pickup = serializers.TimeField(**TIME)
    makeup = serializers.TimeField(**TIME, help_text="Hair and makeup; empty: the general call.")
    wardrobe = serializers.TimeField(**TIME)
    on_set = serializers.TimeField(**TIME, help_text="Empty: the shooting call.")
    remarks = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DepartmentCallSerializer(serializers.Serializer):
    department = serializers.IntegerField(help_text="Department id.")
    call = serializers.TimeField(**TIME, help_text="Empty: the general crew call.")
    notes = serializers.CharField(required=False, allow_blank=True)


class CrewCallSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="Person id.")
    call = serializers.TimeField(**TIME, help_text="Empty: the department's call.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class VersionSummarySerializer(serializers.ModelSerializer):
    published_by = serializers.StringRelatedField()

    class Meta:
        model = CallSheetVersion
        fields = ["number", "published_at", "published_by"]


class CallSheetSerializer(serializers.ModelSerializer):
    """The draft's own fields; ``cast``, ``departments`` and ``crew`` set times on PATCH."""

    location = ProductionLocationField(required=False, allow_null=True)
    latest_version = serializers.IntegerField(
        source="latest_number",
        read_only=True,
        allow_null=True,
        help_text="Empty until the sheet is first published.",
    )
    cast = CastTimesSerializer(many=True, required=False, write_only=True)
    departments = DepartmentCallSerializer(many=True, required=False, write_only=True)
    crew = CrewCallSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = CallSheet
        fields = [
            "id",
            "date",
            *services.DRAFT_FIELDS,
            "latest_version",
            "cast",
            "departments",
            "crew",
            "updated_at",
        ]
        read_only_fields = ["id", "date", "updated_at"]
        extra_kwargs = {
            name: {"format": "%H:%M"}
            for name in (*services.TIME_FIELDS, "background_call", "background_on_set")
        }


class CallSheetDetailSerializer(CallSheetSerializer):
    """One call sheet: the draft, its versions and the draft as it would be published."""

    versions = serializers.SerializerMethodField()
    sheet = serializers.SerializerMethodField(
        help_text="The draft as the sheet shows it (scenes, cast, crew, times, warnings)."
    )

    class Meta(CallSheetSerializer.Meta):
        fields = [*CallSheetSerializer.Meta.fields, "versions", "sheet"]

    def get_versions(self, callsheet) -> list[dict]:
        versions = selectors.versions_of(callsheet)
        return VersionSummarySerializer(versions, many=True).data

    def get_sheet(self, callsheet) -> dict:
        return assembly.callsheet_sheet(callsheet)


class CallSheetCreateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="A shoot day of the active schedule.")
    shoot_day = serializers.PrimaryKeyRelatedField(
        queryset=ShootDay.objects.none(), required=False, help_text="Or the shoot day's id."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        production = self.context.get("production")
        if production is not None:
            self.fields["shoot_day"].queryset = ShootDay.objects.filter(
                version__production=production, version__is_active=True
            )

    def validate(self, data):
        if not data.get("date") and not data.get("shoot_day"):
            raise serializers.ValidationError({"date": ["Give a date or a shoot_day."]})
        return data


class PublishedSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="number")
    revised = serializers.BooleanField()
    deliveries = serializers.SerializerMethodField()

    class Meta:
        model = CallSheetVersion
        fields = ["version", "revised", "published_at", "deliveries"]

    def get_deliveries(self, version) -> int:
        return version.deliveries.count()


class DeliverySerializer(serializers.ModelSerializer):
    """One person's copy; ``link`` and ``email`` only for owners, producers and coordinators."""

    person_name = serializers.CharField(source="person.name")
    version = serializers.IntegerField(source="version.number")
    status = serializers.CharField(
        source="current", help_text="queued, sent, failed, opened, confirmed"
    )
    call_time = serializers.TimeField(format="%H:%M", allow_null=True)
    email = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "person",
            "person_name",
            "version",
            "status",
            "call_time",
            "changes",
            "attempts",
            "error",
            "queued_at",
            "sent_at",
            "failed_at",
            "opened_at",
            "confirmed_at",
            "reminded_at",
            "email",
            "link",
        ]

    def _editor(self) -> bool:
        return bool(self.context.get("can_edit"))

    def get_email(self, delivery) -> str | None:
        return delivery.email if self._editor() else None

    def get_link(self, delivery) -> str | None:
        if not self._editor():
            return None
        link = self.context.get("links", {}).get(delivery.person_id)
        return links.link_url(link) if link and not link.revoked_at else None


class PersonalSerializer(serializers.Serializer):
    """One person's view of the latest published version, by their link."""

    production = serializers.CharField()
    date = serializers.DateField()
    version = serializers.IntegerField()
    revised = serializers.BooleanField()
    person = serializers.CharField()
    called = serializers.BooleanField()
    call = serializers.CharField(allow_blank=True)
    changes = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    sheet = serializers.DictField(help_text="The whole call sheet as it was published.")

    @staticmethod
    def of(view: personal.PersonalView) -> dict:
        delivery = view.delivery
        return {
            "production": view.sheet["production"],
            "date": view.callsheet.date,
            "version": view.version.number,
            "revised": view.version.revised,
            "person": view.person.name,
            "called": view.called,
            "call": (view.you or {}).get("call", ""),
            "changes": delivery.changes if delivery else [],
            "status": delivery.status if delivery else None,
            "confirmed_at": delivery.confirmed_at if delivery else None,
            "sheet": assembly.sheet_without_calls(view.sheet),
        }
