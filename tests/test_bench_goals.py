"""`make bench` judges its own run against the issue's goals, from the numbers it measured."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "bench_run", Path(__file__).resolve().parent.parent / "bench" / "run.py"
)
bench_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_run)


def row(rps, p95_ms, errors=0):
    return {"rps": rps, "p95_ms": p95_ms, "errors": errors}


def http(sheet_rps, sheet_p95, errors=0):
    return {
        "floor": {"1": row(1000, 1), "50": row(3000, 30)},
        "callsheet_by_token": {"1": row(300, 5, errors), "50": row(sheet_rps, sheet_p95)},
    }


def test_a_third_of_the_floor_with_a_fast_p95_and_no_errors_meets_the_goals():
    goals = bench_run.goals(http(sheet_rps=1200, sheet_p95=90))

    assert goals["callsheet_share_of_floor_at_50"] == {"measured": 0.4, "goal": 0.333, "met": True}
    assert goals["all_met"] is True


def test_too_slow_a_sheet_or_any_error_misses():
    slow = bench_run.goals(http(sheet_rps=900, sheet_p95=260))
    failing = bench_run.goals(http(sheet_rps=1200, sheet_p95=90, errors=3))

    assert not slow["callsheet_share_of_floor_at_50"]["met"]
    assert not slow["callsheet_p95_ms_at_50"]["met"] and not slow["all_met"]
    assert failing["errors"] == {"measured": 3, "goal": 0, "met": False}
    assert not failing["all_met"]
