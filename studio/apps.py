from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "studio"
    verbose_name = "Studio"

    def ready(self) -> None:
        # The API's cached tokens expire with any change of the token or its user.
        from core import authentication

        authentication.receivers_connect()
