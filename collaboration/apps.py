from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = "Collaboration"

    def ready(self) -> None:
        from collaboration.activity import activity_record
        from collaboration.registry import register
        from core import events

        events.subscribe(activity_record)
        from collaboration.thread_cache import receivers_connect

        receivers_connect()
        # productions sits below collaboration, so its kinds are registered here; every other
        # app registers its own from its apps.py.
        register(
            "scene",
            "productions.Scene",
            url_name="productions:scene",
            label_of=lambda s: f"scene {s}",
        )
        register(
            "script",
            "productions.Script",
            url_of=lambda s: f"/productions/{s.production.slug}/script/",
        )
