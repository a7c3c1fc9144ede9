"""Fixtures the report tests share."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Reports keep files: in the test's folder, not the project's media.
    settings.MEDIA_ROOT = tmp_path
