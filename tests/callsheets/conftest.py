"""Fixtures the call-sheet tests share."""

import pytest

from callsheets import services
from tests.factories import callsheet_schedule


@pytest.fixture(autouse=True)
def _eve_of_the_shoot():
    """Run on the day before ``callsheet_schedule``'s first shoot day (12 January 2027), the
    clock ticking from there: personal links stop working a week after the shoot day, so on
    the real clock these tests would start failing on 20 January 2027. A test that sets the
    clock itself (time_machine, monkeypatch) still wins."""
    import time_machine

    with time_machine.travel("2027-01-11 12:00:00+00:00", tick=True):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Published versions and reports keep files: in the test's folder, not the project's media.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(production, owner):
    """Three shoot days with cast, crew and a location (``callsheet_schedule``)."""
    return callsheet_schedule(production, by=owner)


@pytest.fixture
def version(production, plan):
    """The first shoot day's call sheet, published without sending."""
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    return services.callsheet_publish(callsheet=callsheet, send=False)
