"""The REST shapes of report files and daily production reports."""

from rest_framework import serializers

from reports import dpr_selectors, dpr_services, selectors
from reports.models import DailyReport, DailyReportScene, Report

# ---------------------------------------------------------------- report files


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This report's status URL.")
    file = serializers.SerializerMethodField(help_text="The download URL, once it is done.")
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "format",
            "params",
            "status",
            "progress",
            "error",
            "file",
            "url",
            "requested_by",
            "created_at",
            "finished_at",
            "expires_at",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, report: Report) -> str:
        return self._absolute(selectors.report_api_url(report))

    def get_file(self, report: Report) -> str | None:
        if report.status != Report.Status.DONE or not report.file:
            return None
        return self._absolute(selectors.report_download_path(report))


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    format = serializers.ChoiceField(choices=Report.Format.choices)
    params = serializers.JSONField(
        required=False,
        help_text='{"date": "2027-01-11"} for the DPR; {"version": id} for the hold cost of a '
        "schedule version other than the active one.",
    )


# ---------------------------------------------------------------- daily production reports


class DprSceneSerializer(serializers.Serializer):
    scene = serializers.IntegerField(source="scene_id", help_text="Scene id.")
    number = serializers.CharField(read_only=True, source="scene.number")
    planned = serializers.BooleanField(read_only=True)
    planned_eighths = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(
        choices=DailyReportScene.Status.choices, default=DailyReportScene.Status.SHOT
    )
    eighths_shot = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="Only for a part-shot scene."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DprCastSerializer(serializers.Serializer):
    character = serializers.IntegerField(source="character_id", required=False, allow_null=True)
    cast_id = serializers.CharField(required=False, allow_blank=True, max_length=8)
    name = serializers.CharField(max_length=200)
    arrive = serializers.TimeField(required=False, allow_null=True)
    on_set = serializers.TimeField(required=False, allow_null=True)
    wrap = serializers.TimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DprCrewSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    department = serializers.CharField(required=False, allow_blank=True, max_length=80)
    time_in = serializers.TimeField(required=False, allow_null=True)
    time_out = serializers.TimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DprDelaySerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200)


def totals_data(totals: dpr_selectors.Totals) -> dict:
    return {
        "eighths_shot": totals.eighths_shot,
        "eighths_planned": totals.eighths_planned,
        "eighths_shot_to_date": totals.eighths_shot_to_date,
        "eighths_planned_to_date": totals.eighths_planned_to_date,
        "pages_shot_to_date": totals.pages_shot_to_date,
        "scenes_total": totals.scenes_total,
        "scenes_remaining": totals.scenes_remaining,
        "days_ahead": totals.days_ahead,
        "schedule_status": totals.schedule_status,
        "setups_to_date": totals.setups_to_date,
    }


def flags_data(flags: list[dpr_selectors.Flag]) -> list[dict]:
    return [{"kind": flag.kind, "message": flag.message} for flag in flags]


DPR_FIELDS = [
    "id",
    "date",
    "day_number",
    "status",
    "general_call",
    "first_shot",
    "lunch_start",
    "lunch_end",
    "wrap",
    "last_out",
    "setups",
    "incidents",
    "notes",
    "approved_by",
    "approved_at",
]


class DprSummarySerializer(serializers.ModelSerializer):
    """A report as the list shows it: times, totals and flags, without its rows."""

    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DailyReport
        fields = DPR_FIELDS
        read_only_fields = fields


class DprSerializer(serializers.ModelSerializer):
    """One report with its rows; PATCH replaces the lists it sends (``scenes`` merges)."""

    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    scenes = DprSceneSerializer(many=True, required=False)
    cast = DprCastSerializer(many=True, required=False, source="cast_times")
    crew = DprCrewSerializer(many=True, required=False, source="crew_times")
    delays = DprDelaySerializer(many=True, required=False)

    class Meta:
        model = DailyReport
        fields = [*DPR_FIELDS, "scenes", "cast", "crew", "delays"]
        read_only_fields = ["id", "date", "day_number", "status", "approved_by", "approved_at"]

    def update_input(self) -> dict:
        """Return the validated data as ``dpr_update`` takes it."""
        data = dict(self.validated_data)
        renamed = {"scene_id": "scene", "character_id": "character"}
        lists = {
            "scenes": (data.pop("scenes", None), dpr_services.SceneResult),
            "cast": (data.pop("cast_times", None), dpr_services.CastTime),
            "crew": (data.pop("crew_times", None), dpr_services.CrewTime),
            "delays": (data.pop("delays", None), dpr_services.Delay),
        }
        for name, (rows, kind) in lists.items():
            if rows is not None:
                data[name] = [
                    kind(**{renamed.get(key, key): value for key, value in row.items()})
                    for row in rows
                ]
        return data


class DprStartSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="A shoot day of the active schedule.")
