import json
from decimal import Decimal

from django import forms

from productions.models import Production
from schedules import selectors, services
from schedules.api.serializers import StripboardSerializer
from schedules.eighths import format_eighths, parse_eighths
from schedules.models import WEEKDAY_NAMES, CastEvent, Holiday, ScheduleSettings, ShootDay

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


class BoardSaveForm(forms.Form):
    """The whole board as the page posts it: the version it was loaded at, and the JSON."""

    version = forms.IntegerField(min_value=0)
    board = forms.CharField()

    def clean_board(self) -> services.BoardInput:
        try:
            data = json.loads(self.cleaned_data["board"])
        except ValueError as error:
            raise forms.ValidationError("The board could not be read; reload the page.") from error
        if not isinstance(data, dict):
            raise forms.ValidationError("The board could not be read; reload the page.")
        # The page posts exactly what the API takes, so one serializer checks both.
        serializer = StripboardSerializer(data={**data, "version": 0})
        if not serializer.is_valid():
            raise forms.ValidationError(
                "The board could not be read; reload the page.", code="invalid"
            )
        return serializer.board_input()


class ShootDayForm(forms.ModelForm):
    class Meta:
        model = ShootDay
        fields = ["date", "general_call", "shooting_call", "estimated_wrap", "location", "notes"]
        widgets = {
            "date": DATE,
            "general_call": TIME,
            "shooting_call": TIME,
            "estimated_wrap": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"estimated_wrap": "Earlier than the call means after midnight."}

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = production.locations.all()


class DayAddForm(forms.Form):
    date = forms.DateField(required=False, widget=DATE, help_text="Empty: the next working day.")


class DaysSplitForm(forms.Form):
    BY = [("pages", "pages"), ("hours", "hours")]
    every = forms.CharField(
        max_length=10, initial="5", help_text='Pages such as "5" or "4 4/8", or hours such as "10".'
    )
    by = forms.ChoiceField(choices=BY, initial="pages")

    def clean(self):
        cleaned = super().clean()
        every, by = cleaned.get("every", ""), cleaned.get("by")
        if by == "pages":
            try:
                cleaned["every_eighths"] = parse_eighths(every)
            except ValueError as error:
                raise forms.ValidationError({"every": str(error)}) from error
            if cleaned["every_eighths"] < 1:
                raise forms.ValidationError({"every": "Give at least 1/8 of a page."})
        elif by == "hours":
            try:
                hours = Decimal(every.replace(",", "."))
            except ArithmeticError as error:
                raise forms.ValidationError({"every": "Give the hours as a number."}) from error
            if not 0 < hours <= 24:
                raise forms.ValidationError({"every": "Give between 0 and 24 hours."})
            cleaned["every_minutes"] = int(hours * 60)
        return cleaned


class BannerForm(forms.Form):
    text = forms.CharField(max_length=200, help_text='e.g. "Company move", "Night work begins"')
    day = forms.ModelChoiceField(
        queryset=ShootDay.objects.none(), required=False, empty_label="The boneyard"
    )

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = ShootDay.objects.filter(
            version__production=production, version__is_active=True
        ).order_by("date")
        self.fields["day"].label_from_instance = lambda d: f"Day {d.day_number}, {d.date:%a %d %b}"


class StripActionForm(forms.Form):
    strip = forms.IntegerField()
    parts = forms.IntegerField(min_value=2, max_value=8, required=False, initial=2)


class VersionSaveAsForm(forms.Form):
    name = forms.CharField(max_length=120, help_text='e.g. "Blue schedule", "Without the ferry"')
    activate = forms.BooleanField(required=False, label="Make it the active schedule")


class VersionCompareForm(forms.Form):
    a = forms.IntegerField(label="From")
    b = forms.IntegerField(label="To")


class ScheduleSettingsForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        label="Working week",
        help_text="The days the company shoots.",
    )
    capacity_pages = forms.CharField(
        required=False,
        max_length=10,
        label="Most pages a day",
        help_text='e.g. "8" or "7 4/8"; empty for no limit.',
    )
    capacity_hours = forms.DecimalField(
        required=False,
        min_value=Decimal("0.25"),
        max_value=24,
        decimal_places=2,
        label="Most shooting hours a day",
        help_text="Empty for no limit.",
    )

    class Meta:
        model = ScheduleSettings
        fields = [
            "drop_after_days",
            "min_turnaround_hours",
            "default_general_call",
            "default_wrap",
            "reminder_hour",
        ]
        widgets = {"default_general_call": TIME, "default_wrap": TIME}
        labels = {
            "drop_after_days": "Drop an actor after a gap of more than (shoot days)",
            "min_turnaround_hours": "Minimum turnaround (hours)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = self.instance
        self.fields["weekdays"].initial = list(settings.working_weekdays)
        if settings.day_capacity_eighths:
            self.fields["capacity_pages"].initial = format_eighths(settings.day_capacity_eighths)
        if settings.day_capacity_minutes:
            self.fields["capacity_hours"].initial = Decimal(settings.day_capacity_minutes) / 60

    def clean_capacity_pages(self) -> int | None:
        text = self.cleaned_data.get("capacity_pages", "").strip()
        if not text:
            return None
        try:
            return parse_eighths(text) or None
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def service_fields(self) -> dict:
        data = {key: self.cleaned_data[key] for key in self.Meta.fields}
        data["working_weekdays"] = "".join(sorted(self.cleaned_data["weekdays"]))
        data["day_capacity_eighths"] = self.cleaned_data["capacity_pages"]
        hours = self.cleaned_data["capacity_hours"]
        data["day_capacity_minutes"] = int(hours * 60) if hours else None
        return data


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name"]
        widgets = {"date": DATE}


class CastEventForm(forms.ModelForm):
    class Meta:
        model = CastEvent
        fields = ["character", "date", "kind", "note"]
        widgets = {"date": DATE}
        labels = {"character": "Cast member"}

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.production = production
        self.fields["character"].queryset = selectors.cast_characters(production)
        self.fields["character"].label_from_instance = lambda c: (
            f"{c.cast_id}. {c.name} ({c.assignment.person.name})"
        )
