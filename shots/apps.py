from django.apps import AppConfig


class ShotsConfig(AppConfig):
    name = "shots"
    verbose_name = "Shots"

    def ready(self) -> None:
        from collaboration.registry import register

        register("shot", "shots.Shot")
