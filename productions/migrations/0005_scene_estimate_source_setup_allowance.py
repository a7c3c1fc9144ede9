import django.core.validators
from django.db import migrations, models


def typed_estimates_are_manual(apps, schema_editor):
    """Times typed before shot lists existed are the AD's own: keep them."""
    Scene = apps.get_model("productions", "Scene")
    Scene.objects.filter(estimated_minutes__isnull=False).update(estimated_minutes_source="manual")


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0004_access_accountant_casting"),
    ]

    operations = [
        migrations.AddField(
            model_name="production",
            name="setup_allowance_minutes",
            field=models.PositiveSmallIntegerField(
                default=20,
                help_text="Minutes added for each distinct camera setup of a scene's shot list.",
                validators=[django.core.validators.MaxValueValidator(240)],
            ),
        ),
        migrations.AddField(
            model_name="scene",
            name="estimated_minutes_source",
            field=models.CharField(
                choices=[("shots", "From the shot list"), ("manual", "Set by hand")],
                default="shots",
                max_length=8,
            ),
        ),
        migrations.RunPython(typed_estimates_are_manual, migrations.RunPython.noop),
    ]
