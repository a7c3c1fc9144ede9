from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = "Collaboration"

    def ready(self) -> None:
        from collaboration.activity import activity_record
        from core import events

        events.subscribe(activity_record)
