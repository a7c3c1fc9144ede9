"""The call sheet's forms: generate, the draft's own fields, the cast's and the crew's times.

The cast and crew forms are built from the draft's rows (``callsheet_sheet``), so they show
exactly who is on the sheet; an empty time means "the default" (the general call, the
department's call), shown as the field's placeholder.
"""

from django import forms

from callsheets.models import CallSheet, CallSheetCast, CallSheetCrew, CallSheetDepartment
from callsheets.services import CAST_TIMES, DRAFT_FIELDS, CastTimes, CrewCall, DepartmentCall


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def _default(value: str) -> str:
    # Browsers show no placeholder in a time field, so the default is said under it.
    return f"Empty: {value}" if value else "Empty: none"


class CallSheetGenerateForm(forms.Form):
    day = forms.TypedChoiceField(label="Shoot day", coerce=int)

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.days = {day.pk: day for day in days}
        self.fields["day"].choices = [
            (day.pk, f"Day {day.day_number} — {day.date:%a} {day.date.day} {day.date:%b %Y}")
            for day in days
        ]


class CallSheetForm(forms.ModelForm):
    class Meta:
        model = CallSheet
        fields = list(DRAFT_FIELDS)
        widgets = {
            **{
                name: _time_input()
                for name in (
                    "general_call",
                    "shooting_call",
                    "breakfast",
                    "lunch",
                    "estimated_wrap",
                    "background_call",
                    "background_on_set",
                )
            },
            "basecamp": forms.Textarea(attrs={"rows": 2}),
            "crew_parking": forms.Textarea(attrs={"rows": 2}),
            "background_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "safety_notes": forms.Textarea(attrs={"rows": 3}),
            "walkie_channels": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "basecamp": "Empty: the location's own.",
            "crew_parking": "Empty: the location's own.",
            "hospital_name": "Empty: the location's nearest hospital.",
            "weather": "As the forecast gives it: “Sunny, 18 °C, wind 10 km/h”.",
        }

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = production.locations.all()


CAST_LABELS = {
    "pickup": "Pickup",
    "makeup": "Hair & makeup",
    "wardrobe": "Wardrobe",
    "on_set": "On set",
}


class CastTimesForm(forms.Form):
    """One row of times per cast member on the sheet: pickup, hair & makeup, wardrobe, set."""

    def __init__(self, *args, rows: list[dict], own: dict[int, CallSheetCast], **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_rows = rows
        for row in rows:
            mine = own.get(row["character_id"])
            defaults = {"makeup": row["makeup"] if not getattr(mine, "makeup", None) else ""}
            defaults["on_set"] = row["on_set"] if not getattr(mine, "on_set", None) else ""
            for name in CAST_TIMES:
                self.fields[self._key(row, name)] = forms.TimeField(
                    required=False,
                    label=CAST_LABELS[name],
                    initial=getattr(mine, name, None),
                    widget=_time_input(),
                    help_text=_default(defaults[name]) if defaults.get(name) else "",
                )
            self.fields[self._key(row, "remarks")] = forms.CharField(
                required=False,
                max_length=200,
                label="Remarks",
                initial=mine.remarks if mine else "",
            )

    @staticmethod
    def _key(row: dict, name: str) -> str:
        return f"c{row['character_id']}_{name}"

    def rows(self):
        """Yield each cast row with its bound fields, for the template."""
        for row in self.sheet_rows:
            names = (*CAST_TIMES, "remarks")
            yield row, [self[self._key(row, name)] for name in names]

    def cast_times(self) -> list[CastTimes]:
        data = self.cleaned_data
        return [
            CastTimes(
                character=row["character_id"],
                **{name: data[self._key(row, name)] for name in CAST_TIMES},
                remarks=data[self._key(row, "remarks")],
            )
            for row in self.sheet_rows
        ]


class CrewCallsForm(forms.Form):
    """Each department's call and notes, and each person's own call and note."""

    def __init__(
        self,
        *args,
        departments: list[dict],
        own_departments: dict[int, CallSheetDepartment],
        own_people: dict[int, CallSheetCrew],
        general_call: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.departments = departments
        for dept in departments:
            mine = own_departments.get(dept["id"])
            self.fields[f"d{dept['id']}_call"] = forms.TimeField(
                required=False,
                label=f"{dept['name']} call",
                initial=mine.call if mine else None,
                widget=_time_input(),
                help_text=_default(general_call),
            )
            self.fields[f"d{dept['id']}_notes"] = forms.CharField(
                required=False,
                label=f"{dept['name']} notes",
                initial=mine.notes if mine else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for person in dept["people"]:
                self._person_fields(person, own_people.get(person["person_id"]), dept)

    def _person_fields(self, person: dict, mine: CallSheetCrew | None, dept: dict) -> None:
        key = f"p{person['person_id']}"
        if f"{key}_call" in self.fields:
            return  # someone with two roles has one call
        self.fields[f"{key}_call"] = forms.TimeField(
            required=False,
            label=f"{person['name']} call",
            initial=mine.call if mine else None,
            widget=_time_input(),
            help_text=_default(dept["call"]),
        )
        self.fields[f"{key}_note"] = forms.CharField(
            required=False,
            max_length=200,
            label=f"{person['name']} note",
            initial=mine.note if mine else "",
        )

    def groups(self):
        """Yield each department's fields and its people's, for the template."""
        seen: set[int] = set()
        for dept in self.departments:
            people = []
            for person in dept["people"]:
                if person["person_id"] in seen:
                    continue
                seen.add(person["person_id"])
                key = f"p{person['person_id']}"
                people.append((person, self[f"{key}_call"], self[f"{key}_note"]))
            yield dept, self[f"d{dept['id']}_call"], self[f"d{dept['id']}_notes"], people

    def calls(self) -> tuple[list[DepartmentCall], list[CrewCall]]:
        data = self.cleaned_data
        departments = [
            DepartmentCall(d["id"], data[f"d{d['id']}_call"], data[f"d{d['id']}_notes"])
            for d in self.departments
        ]
        people = {
            p["person_id"]: CrewCall(
                p["person_id"], data[f"p{p['person_id']}_call"], data[f"p{p['person_id']}_note"]
            )
            for d in self.departments
            for p in d["people"]
        }
        return departments, list(people.values())
