from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Schedules"

    def ready(self) -> None:
        from collaboration.registry import register

        # What people can discuss and sign off in collaboration/: one line a kind.
        register("shoot_day", "schedules.ShootDay", production="version__production")
        register("schedule_version", "schedules.ScheduleVersion", version_of=lambda v: v.revision)

        # The stripboard's cached board and the API's cached lists (schedules/board_cache.py).
        from schedules import board_cache

        board_cache.receivers_connect()
