"""The forms of the reports pages: requesting a file, filling in a DPR."""

from django import forms

from productions.models import Production, Scene
from reports import dpr_services
from reports.models import DailyReport, DailyReportScene, Report
from schedules.eighths import format_eighths, parse_eighths
from schedules.models import ShootDay


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


# ---------------------------------------------------------------- report files


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Report")
    format = forms.ChoiceField(label="Format", choices=Report.Format.choices)
    date = forms.ChoiceField(
        label="Day (daily production report)", required=False, help_text="Only for the DPR."
    )
    version = forms.ChoiceField(
        label="Schedule version (hold cost)",
        required=False,
        help_text="Only for the hold cost; the active schedule if empty.",
    )

    def __init__(self, *args, kinds, production: Production, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        days = production.daily_reports.order_by("-date").values_list("date", "day_number")
        self.fields["date"].choices = [("", "—")] + [
            (day.isoformat(), f"Day {number}, {day:%a %d %b %Y}") for day, number in days
        ]
        versions = production.schedule_versions.order_by("-is_active", "name")
        self.fields["version"].choices = [("", "The active schedule")] + [
            (str(v.pk), v.name) for v in versions
        ]

    def params(self) -> dict:
        """Return the params the chosen kind takes, from the fields that apply to it."""
        kind = self.cleaned_data["kind"]
        if kind == Report.Kind.DPR:
            return {"date": self.cleaned_data.get("date")}
        if kind == Report.Kind.HOLD_COST and self.cleaned_data.get("version"):
            return {"version": int(self.cleaned_data["version"])}
        return {}


# ---------------------------------------------------------------- daily production reports


class DprStartForm(forms.Form):
    date = forms.ChoiceField(label="Shoot day")

    def __init__(self, *args, days: list[ShootDay], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [
            (day.date.isoformat(), f"Day {day.day_number}, {day.date:%a %d %b %Y}") for day in days
        ]


class DprForm(forms.ModelForm):
    general_call = _time_field("General call")
    first_shot = _time_field("First shot")
    lunch_start = _time_field("Lunch from")
    lunch_end = _time_field("Lunch to")
    wrap = _time_field("Wrap")
    last_out = _time_field("Last out")

    class Meta:
        model = DailyReport
        fields = [
            "general_call",
            "first_shot",
            "lunch_start",
            "lunch_end",
            "wrap",
            "last_out",
            "setups",
            "incidents",
            "notes",
        ]
        widgets = {
            "setups": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "incidents": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class DprSceneForm(forms.Form):
    scene = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Result", choices=DailyReportScene.Status.choices)
    pages_shot = forms.CharField(
        label="Pages shot", required=False, max_length=12, help_text='If part shot: "1 3/8".'
    )
    note = forms.CharField(label="Note", required=False, max_length=200)

    def clean_pages_shot(self) -> int | None:
        text = (self.cleaned_data.get("pages_shot") or "").strip()
        if not text:
            return None
        try:
            return parse_eighths(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def result(self) -> dpr_services.SceneResult:
        data = self.cleaned_data
        return dpr_services.SceneResult(
            scene=data["scene"],
            status=data["status"],
            eighths_shot=data.get("pages_shot"),
            note=data.get("note", ""),
        )


class DprSceneAddForm(forms.Form):
    """A scene shot on the day that the schedule did not plan."""

    scene = forms.TypedChoiceField(
        label="Add a scene shot today", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, production: Production, report: DailyReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        on_report = report.scenes.values("scene_id")
        scenes = Scene.objects.filter(production=production, omitted=False).exclude(
            pk__in=on_report
        )
        self.fields["scene"].choices = [("", "—")] + [
            (scene.pk, f"{scene.number} {scene.int_ext}. {scene.set_name}") for scene in scenes
        ]


class DprCastForm(forms.Form):
    character = forms.IntegerField(required=False, widget=forms.HiddenInput)
    cast_id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Actor", max_length=200)
    arrive = _time_field("Arrived")
    on_set = _time_field("On set")
    wrap = _time_field("Wrapped")
    note = forms.CharField(label="Note", required=False, max_length=200)

    def row(self) -> dpr_services.CastTime:
        return dpr_services.CastTime(**_fields(self))


class DprCrewForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    department = forms.CharField(label="Department", required=False, max_length=80)
    time_in = _time_field("In")
    time_out = _time_field("Out")
    note = forms.CharField(label="Note", required=False, max_length=200)

    def row(self) -> dpr_services.CrewTime:
        return dpr_services.CrewTime(**_fields(self))


class DprDelayForm(forms.Form):
    minutes = forms.IntegerField(label="Minutes", min_value=1)
    reason = forms.CharField(label="Reason", max_length=200)

    def row(self) -> dpr_services.Delay:
        return dpr_services.Delay(**_fields(self))


def _fields(form: forms.Form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}


def rows_of(formset) -> list:
    """Return the rows a formset keeps: filled in, and not ticked for removal."""
    return [
        form.row() for form in formset if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


DprSceneFormSet = forms.formset_factory(DprSceneForm, extra=0)
DprCastFormSet = forms.formset_factory(DprCastForm, extra=1, can_delete=True)
DprCrewFormSet = forms.formset_factory(DprCrewForm, extra=2, can_delete=True)
DprDelayFormSet = forms.formset_factory(DprDelayForm, extra=2, can_delete=True)


def scene_initial(report: DailyReport) -> list[dict]:
    return [
        {
            "scene": row.scene_id,
            "status": row.status,
            "pages_shot": format_eighths(row.eighths_shot)
            if row.status == DailyReportScene.Status.PART_SHOT
            else "",
            "note": row.note,
        }
        for row in report.scenes.all()
    ]


def rows_initial(rows, fields: tuple[str, ...]) -> list[dict]:
    """Return each row's ``fields`` as a form's initial data (``character_id`` as ``character``)."""
    return [{name.removesuffix("_id"): getattr(row, name) for name in fields} for row in rows]
