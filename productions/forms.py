import zoneinfo

from django import forms
from django.contrib.auth import get_user_model

from productions.models import Membership, Production
from productions.services import production_slug_for

User = get_user_model()

COMMON_ZONES = sorted(zoneinfo.available_timezones())


class ProductionForm(forms.ModelForm):
    time_zone = forms.CharField(
        initial="UTC",
        help_text="IANA name, e.g. Europe/London or America/Los_Angeles.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )

    class Meta:
        model = Production
        fields = [
            "title",
            "slug",
            "kind",
            "phase",
            "logline",
            "start_date",
            "wrap_date",
            "time_zone",
            "currency",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "wrap_date": forms.DateInput(attrs={"type": "date"}),
            "logline": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"slug": "Short name used in links; leave empty to make one from the title."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = production_slug_for(cleaned["title"])
            self.instance.slug = cleaned["slug"]
        return cleaned


class MembershipAddForm(forms.Form):
    username = forms.CharField(help_text="The username or email address of an existing account.")
    access = forms.ChoiceField(choices=Membership.Access.choices, initial=Membership.Access.CREW)

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        user = (
            User.objects.filter(username__iexact=value).first()
            or User.objects.filter(email__iexact=value).first()
        )
        if user is None:
            raise forms.ValidationError(f"No account is called '{value}'.")
        return user


class MembershipChangeForm(forms.Form):
    access = forms.ChoiceField(choices=Membership.Access.choices)


class ProductionDeleteForm(forms.Form):
    confirm_title = forms.CharField(label="Type the production's title to confirm")
