from django.db import migrations

NAME = "Casting: audition reminders the day before"
TASK = "casting.tasks.audition_reminders_task"


def beat_task_create(apps, schema_editor):
    """Run the reminders every 15 minutes; each slot's reminder is sent once whatever runs."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    interval, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.create(name=NAME, task=TASK, interval=interval)


def beat_task_delete(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casting", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(beat_task_create, beat_task_delete)]
