from django import forms

from casting.models import AuditionSession, Candidate, Offer, Pick, Role
from crew.selectors import people_for_user

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})
MOVE_TARGETS = [
    (s.value, s.label)
    for s in Candidate.Status
    if s not in (Candidate.Status.OFFERED, Candidate.Status.BOOKED)
]


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["name", "description", "age_range", "gender", "union", "rate", "status", "sides"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


class CandidateForm(forms.ModelForm):
    headshot = forms.FileField(
        required=False,
        label="Headshot (PNG, JPEG or WebP)",
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    class Meta:
        model = Candidate
        fields = ["person", "source", "photo_url", "links"]
        widgets = {"links": forms.Textarea(attrs={"rows": 2})}
        labels = {"photo_url": "Photo link"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for_user(user)


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=MOVE_TARGETS, label="Move to")
    message = forms.CharField(required=False, max_length=2000, label="Message (with a release)")


class BulkForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(choices=MOVE_TARGETS, label="Move them to")
    message = forms.CharField(required=False, max_length=2000, label="Message (with a release)")

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = Candidate.objects.filter(role=role).select_related(
            "person"
        )
        self.fields["candidates"].label_from_instance = lambda c: c.person.name


class PickForm(forms.Form):
    pick = forms.ChoiceField(choices=Pick.Choice.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=4000, widget=forms.Textarea({"rows": 2}))


class SessionForm(forms.ModelForm):
    class Meta:
        model = AuditionSession
        fields = ["role", "kind", "date", "start", "end", "slot_minutes", "place", "notes"]
        widgets = {"date": DATE, "start": TIME, "end": TIME, "notes": forms.Textarea({"rows": 2})}

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.production = production
        self.fields["role"].queryset = Role.objects.filter(production=production)


class InviteForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Candidate.objects.filter(
            role__production=session.production, status__in=Candidate.LIVE
        ).select_related("person", "role")
        if session.role_id:
            candidates = candidates.filter(role=session.role)
        self.fields["candidates"].queryset = candidates
        self.fields["candidates"].label_from_instance = lambda c: f"{c.person.name} ({c.role})"


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "rate",
            "rate_unit",
            "guaranteed_days",
            "start_date",
            "end_date",
            "billing",
            "terms",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "terms": forms.Textarea({"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guaranteed_days"].required = False
        self.fields["guaranteed_days"].help_text = "Empty: the role's work days on the schedule."


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            ("accepted", "Accepted"),
            ("countered", "Countered"),
            ("declined", "Declined"),
            ("withdrawn", "Withdrawn"),
        ]
    )
    rate = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    guaranteed_days = forms.IntegerField(required=False, min_value=1, max_value=1000)
    note = forms.CharField(required=False, max_length=2000)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            ("confirm", "I'll be there"),
            ("decline", "I can't make it"),
            ("reschedule", "Please offer another time"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea({"rows": 2}), label="Note"
    )


class TapeForm(forms.Form):
    file = forms.FileField(
        label="Your self-tape (MP4, MOV or WebM)",
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"}),
    )


class HeadshotForm(forms.Form):
    headshot = forms.FileField(
        label="Headshot", widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT})
    )
