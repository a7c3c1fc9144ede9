from django import forms

from crew.models import Assignment, Person, Unavailability
from crew.selectors import departments_for_production, people_for_user


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "email",
            "phone",
            "phone_private",
            "notes",
            "agent",
            "agent_email",
            "agent_phone",
            "manager",
            "manager_email",
            "manager_phone",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "person",
            "department",
            "title",
            "role_kind",
            "key_contact",
            "start_date",
            "end_date",
            "daily_rate",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, production, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.production = production
        self.fields["person"].queryset = people_for_user(user)
        self.fields["department"].queryset = departments_for_production(production)


class UnavailabilityForm(forms.ModelForm):
    class Meta:
        model = Unavailability
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
