from django.apps import AppConfig


class CastingConfig(AppConfig):
    name = "casting"
    verbose_name = "Casting"
