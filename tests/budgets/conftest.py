import datetime as dt

import pytest

from budgets import services
from tests.factories import cast_member, scene_with, schedule_build

D = dt.date


@pytest.fixture
def budget(production, owner):
    return services.budget_create(production=production, by=owner, name="Shooting budget")


@pytest.fixture
def blank(production, owner):
    return services.budget_create(production=production, by=owner, name="Blank", template="blank")


@pytest.fixture
def scheduled(production, owner):
    """Two actors on three shoot days: ANNA works 1 and 3 (held on 2), BEN works day 2."""
    anna = cast_member(production, "ANNA", "1", rate="1000")
    ben = cast_member(production, "BEN", "2", rate="500")
    s1, s2, s3 = (
        scene_with(production, anna),
        scene_with(production, ben),
        scene_with(production, anna),
    )
    schedule_build(production, {D(2026, 3, 2): [s1], D(2026, 3, 3): [s2], D(2026, 3, 4): [s3]})
    return {"anna": anna, "ben": ben, "scenes": (s1, s2, s3)}
