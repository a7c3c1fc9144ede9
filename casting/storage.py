"""Where talent's self-tapes and headshots live: a folder no URL leads to.

Files here have no ``url``; they are streamed only by views that check who is asking.
"""

from functools import cache, cached_property
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """``MEDIA_ROOT/private``: read from the settings each time they change (tests do)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return Path(settings.MEDIA_ROOT) / "private"

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks.")


@cache
def private_storage() -> PrivateStorage:
    return PrivateStorage()
