from django.apps import AppConfig


class CrewConfig(AppConfig):
    name = "crew"
    verbose_name = "Crew"

    def ready(self) -> None:
        from collaboration.registry import register_mention_groups

        # "@camera" mentions everyone in the production's Camera department.
        register_mention_groups(
            "crew.Assignment", name_field="department__name", user_field="person__user"
        )
