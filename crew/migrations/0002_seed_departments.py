from django.db import migrations

STANDARD_DEPARTMENTS = [
    "Production",
    "Direction",
    "Camera",
    "Grip",
    "Electric",
    "Sound",
    "Art",
    "Set Dressing",
    "Props",
    "Costume",
    "Hair & Makeup",
    "Locations",
    "Transport",
    "Catering",
    "Stunts",
    "VFX",
    "Post",
    "Cast",
]


def seed(apps, schema_editor):
    Department = apps.get_model("crew", "Department")
    for order, name in enumerate(STANDARD_DEPARTMENTS, start=1):
        Department.objects.update_or_create(
            name=name, production=None, defaults={"order": order * 10}
        )


def unseed(apps, schema_editor):
    Department = apps.get_model("crew", "Department")
    Department.objects.filter(production=None, name__in=STANDARD_DEPARTMENTS).delete()


class Migration(migrations.Migration):
    dependencies = [("crew", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
