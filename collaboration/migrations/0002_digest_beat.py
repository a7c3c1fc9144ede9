from django.db import migrations

NAME = "Collaboration: daily digests that are due"
TASK = "collaboration.tasks.digests_send_task"


def beat_task_create(apps, schema_editor):
    """Hourly: each person's digest goes at their production's local morning (created once)."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        timezone="UTC",
        minute="5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=crontab)


def beat_task_delete(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(beat_task_create, beat_task_delete)]
