import zoneinfo

from django import forms
from django.contrib.auth import get_user_model

from productions.eighths import format_eighths, parse_eighths
from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Script,
)
from productions.selectors import cast_assignments
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


# ---------------------------------------------------------------- the screenplay and its breakdown


class ScriptUploadForm(forms.Form):
    # Empty files reach the import so it refuses them in its own words.
    file = forms.FileField(
        allow_empty_file=True,
        label="Screenplay file",
        help_text="Fountain (.fountain, .spmd, .txt) or Final Draft (.fdx), up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".fountain,.spmd,.txt,.fdx"}),
    )
    revision_name = forms.CharField(
        max_length=80, required=False, help_text='For example "Blue revision, 3 May".'
    )
    revision_colour = forms.ChoiceField(
        choices=Script.Colour.choices,
        initial=Script.Colour.WHITE,
        required=False,
        label="Revision colour",
    )


class PageCountField(forms.CharField):
    """Pages written the trade's way, "2 3/8", read as eighths."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", 'Whole pages and eighths, e.g. "2 3/8" or "5/8".')
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "text", "size": 6}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_eighths(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            eighths = parse_eighths(value)
        except ValueError:
            raise forms.ValidationError(
                'Write the length as whole pages and eighths, such as "2 3/8" or "5/8".'
            ) from None
        if eighths < 1:
            raise forms.ValidationError("A scene is at least 1/8 of a page.")
        return eighths


class SceneForm(forms.Form):
    """What an AD edits on the breakdown sheet."""

    synopsis = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    page_eighths = PageCountField(label="Pages")
    estimated_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=24 * 60,
        label="Estimated shooting time (minutes)",
        help_text="Leave empty to estimate from the pages (about an hour a page).",
    )
    location = forms.ModelChoiceField(queryset=Location.objects.none(), required=False)
    omitted = forms.BooleanField(required=False, help_text="Cut from the script or the shoot.")

    context_name = "scene_form"

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = production.locations.order_by("name")


class ElementTagForm(forms.Form):
    """Tag a scene with an element in one go: its category and its name."""

    category = forms.ChoiceField(choices=BreakdownElement.Category.choices)
    name = forms.CharField(max_length=160, widget=forms.TextInput(attrs={"list": "element-names"}))

    context_name = "tag_form"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Name the element, e.g. “Revolver”.")
        return name


class SceneCharacterForm(forms.Form):
    character = forms.ModelChoiceField(
        queryset=Character.objects.none(), label="Add a character to the scene"
    )

    context_name = "character_form"

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["character"].queryset = production.characters.all()


class CharacterCastForm(forms.Form):
    """Link a character to the actor's cast role, right from the breakdown sheet."""

    character = forms.ModelChoiceField(queryset=Character.objects.none())
    # The cast's crew assignments; set per production below.
    assignment = forms.ModelChoiceField(queryset=Character.objects.none(), required=False)

    context_name = "cast_form"

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["character"].queryset = production.characters.all()
        self.fields["assignment"].queryset = cast_assignments(production)


class CharacterForm(forms.ModelForm):
    class Meta:
        model = Character
        fields = ["name", "cast_id", "assignment"]
        labels = {"cast_id": "Cast ID", "assignment": "Played by"}

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.production = production
        self.fields["assignment"].queryset = cast_assignments(production)
        self.fields["assignment"].help_text = "Cast roles of this production (Crew → Add a role)."


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
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
        ]
        widgets = {
            "parking": forms.Textarea(attrs={"rows": 2}),
            "basecamp": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "hospital_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {
            "latitude": "Decimal degrees, e.g. 34.052235.",
            "longitude": "Decimal degrees, e.g. -118.243685.",
        }

    def __init__(self, *args, production: Production, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.production = production


class LocationUnavailabilityForm(forms.ModelForm):
    class Meta:
        model = LocationUnavailability
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
