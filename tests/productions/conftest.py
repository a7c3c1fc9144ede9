import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    """Keep uploaded scripts out of the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
