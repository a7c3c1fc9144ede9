"""The hot cost of a day from its production report's actual times."""

from datetime import date, time
from decimal import Decimal as D

import pytest
from django.apps import apps

from budgets.hot_cost import hot_cost_days
from schedules.models import ShootDay

pytestmark = pytest.mark.django_db


def _model(name):
    try:
        return apps.get_model("reports", name)
    except LookupError:
        return apps.get_model("schedules", name)


def test_cast_hours_beyond_the_schedule_and_a_meal_penalty_make_the_hot_cost(production, scheduled):
    day = ShootDay.objects.filter(version__production=production).order_by("date").first()
    day.general_call, day.estimated_wrap = time(7, 0), time(19, 0)  # 12 hours scheduled
    day.save()
    report = _model("DailyReport").objects.create(
        production=production,
        date=day.date,
        shoot_day=day,
        day_number=1,
        general_call=time(7, 0),
        lunch_start=time(13, 30),
        wrap=time(21, 0),
    )
    anna = scheduled["anna"]
    _model("DailyReportCast").objects.create(
        report=report,
        character=anna,
        name="ANNA",
        cast_id="1",
        arrive=time(6, 0),
        wrap=time(21, 0),
    )  # 15 h: 3 over at 1,000/8 × 1.5 = 562.50
    _model("DailyReportCrew").objects.create(
        report=report, name="Gaffer", time_in=time(6, 30), time_out=time(20, 0)
    )  # 13.5 h: 1.5 over
    [hot] = hot_cost_days(production, through=date(2026, 3, 31))
    assert hot.scheduled_hours == D("12")
    assert hot.cast_hours_over == D("3.00") and hot.crew_hours_over == D("1.50")
    assert hot.meal_penalties == 2  # lunch 6.5 h after call: everyone on the report
    assert hot.cost == D("612.50") and hot.variance == D("-612.50")
    assert hot_cost_days(production, through=date(2026, 3, 1)) == []
