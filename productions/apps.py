from django.apps import AppConfig


class ProductionsConfig(AppConfig):
    name = "productions"
    verbose_name = "Productions"

    def ready(self) -> None:
        from collaboration.registry import register

        # What people can discuss and sign off in collaboration/: one line a kind.
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
