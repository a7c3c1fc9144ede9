"""The form that adds a webhook."""

from django import forms

from core.events import EVENTS


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Studio POSTs signed JSON here.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(event, event) for event in EVENTS],
        widget=forms.CheckboxSelectMultiple,
    )
