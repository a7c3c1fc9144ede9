from django.apps import AppConfig


class CastingConfig(AppConfig):
    name = "casting"
    verbose_name = "Casting"

    def ready(self) -> None:
        from collaboration.registry import register

        # Candidates and offers are the casting office's; roles every member may discuss.
        register("role", "casting.Role")
        register("candidate", "casting.Candidate", production="role__production", visibility="cast")
        register("offer", "casting.Offer", visibility="cast")

        # The casting board's cached cards (casting/board_cache.py).
        from casting import board_cache

        board_cache.receivers_connect()
