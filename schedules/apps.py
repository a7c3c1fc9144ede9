from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Schedules"

    def ready(self) -> None:
        from core import events
        from schedules import personal_pages
        from schedules.webhooks import webhooks_dispatch

        # Every event any app emits reaches the production's webhooks, after commit.
        events.subscribe(webhooks_dispatch)
        personal_pages.receivers_connect()
