from django.apps import AppConfig


class ShotsConfig(AppConfig):
    name = "shots"
    verbose_name = "Shots"

    def ready(self) -> None:
        from collaboration.registry import register

        register("shot", "shots.Shot")

        from productions.signals import scene_estimate_to_plan
        from shots.services import scene_estimate_refresh

        def estimate_to_plan(sender, scene, **kwargs) -> None:
            scene_estimate_refresh(scene=scene)

        scene_estimate_to_plan.connect(estimate_to_plan, weak=False, dispatch_uid="shots.estimate")
