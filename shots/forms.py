from django import forms

from productions.models import Scene
from shots.frames import MAX_FRAME_BYTES
from shots.models import Shot


class ShotForm(forms.ModelForm):
    """The director's fields of one shot; characters are the scene's own cast."""

    context_name = "shot_form"

    class Meta:
        model = Shot
        fields = [
            "description",
            "size",
            "angle",
            "movement",
            "lens",
            "camera",
            "frame_rate",
            "characters",
            "sound",
            "setup",
            "estimated_minutes",
            "status",
            "number_locked",
            "vfx_notes",
            "sfx_notes",
            "stunt_notes",
            "props_notes",
            "notes",
        ]
        labels = {
            "lens": "Lens (mm)",
            "estimated_minutes": "Estimated minutes",
            "number_locked": "Lock the number",
            "vfx_notes": "VFX notes",
            "sfx_notes": "SFX notes",
            "stunt_notes": "Stunt notes",
            "props_notes": "Props notes",
            "characters": "In frame",
        }
        widgets = {
            "characters": forms.CheckboxSelectMultiple,
            "vfx_notes": forms.Textarea(attrs={"rows": 2}),
            "sfx_notes": forms.Textarea(attrs={"rows": 2}),
            "stunt_notes": forms.Textarea(attrs={"rows": 2}),
            "props_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, scene: Scene, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["characters"].queryset = scene.characters.order_by("cast_id", "name")
        self.fields["characters"].required = False


class QuickShotForm(forms.Form):
    """Add a shot in one line; the rest is edited on the shot's own page."""

    description = forms.CharField(max_length=500, required=False)
    size = forms.ChoiceField(choices=Shot.Size.choices, initial=Shot.Size.WS)
    setup = forms.CharField(max_length=80, required=False)
    estimated_minutes = forms.IntegerField(
        min_value=0, max_value=24 * 60, initial=10, label="Minutes"
    )


class ShotMoveForm(forms.Form):
    scene = forms.ModelChoiceField(queryset=Scene.objects.none(), label="Move to scene")

    def __init__(self, *args, scenes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scene"].queryset = scenes
        self.fields["scene"].label_from_instance = lambda s: f"{s.number} {s.int_ext}. {s.set_name}"


class AllowanceForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=0, max_value=240, label="Minutes per setup", help_text="For every scene's plan."
    )


class FrameUploadForm(forms.Form):
    image = forms.FileField(
        label="Storyboard frame",
        help_text=f"PNG, JPEG or WebP, up to {MAX_FRAME_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
