"""The optimizer in the app: a run as a task, a proposal side by side, the AD's decision."""

from datetime import date, timedelta

import pytest

from crew.models import Unavailability
from schedules import optimize, selectors, services
from schedules.models import OptimizerRun, ScheduleVersion
from tests.conftest import client_for
from tests.factories import cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 3, 1)


def weekday(n: int) -> date:
    """Return the n-th working day (0-based) from Monday 1 March 2027, weekends skipped."""
    day, left = MONDAY, n
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@pytest.fixture
def wasteful_board(production, owner):
    """A board where the lead's two scenes sit at both ends: every day between is a hold."""
    lead = cast_member(production, "MAYA", "1", rate=1000)
    guest = cast_member(production, "VICTOR", "2", rate=500)
    scenes = [scene_with(production, lead, number="1", page_eighths=8)]
    scenes += [scene_with(production, guest, number=str(n), page_eighths=8) for n in (2, 3, 4)]
    scenes += [scene_with(production, lead, number="5", page_eighths=8)]
    plan = {weekday(i): [scene] for i, scene in enumerate(scenes)}
    schedule_build(production, plan, by=owner)
    return {"lead": lead, "guest": guest, "scenes": scenes}


def run_now(production, owner, django_capture_on_commit_callbacks, **options):
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = optimize.optimizer_run_start(
            production=production, by=owner, options=optimize.OptimizeOptions(**options)
        )
    run.refresh_from_db()
    return run


def placement(version: ScheduleVersion) -> dict[str, date]:
    return {
        strip.scene.number: strip.day.date
        for strip in version.strips.filter(kind="scene").select_related("scene", "day")
    }


def test_the_api_starts_a_run_and_the_proposal_cuts_hold_days(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    client = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/productions/long-night/optimize/", {"time_limit": 5}, format="json"
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["url"].endswith(f"/optimize/{body['id']}/")
    run = client.get(body["url"]).json()
    assert run["status"] == "done"
    assert run["result"]["hold_days_before"] == 3
    assert run["result"]["hold_days_after"] == 0
    assert run["best_cost"] < run["input_cost"]
    assert run["explanation"].startswith("Saves 3 hold days")
    lead = next(row for row in run["result"]["cast"] if row["cast_id"] == "1")
    assert (lead["hold_days_before"], lead["hold_days_after"]) == (3, 0)


def test_nothing_changes_until_the_proposal_is_accepted(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    active = selectors.active_version(production)
    before = placement(active)
    run = run_now(production, owner, django_capture_on_commit_callbacks)
    assert selectors.active_version(production).pk == active.pk
    assert placement(selectors.active_version(production)) == before
    assert run.proposal is not None and not run.proposal.is_active

    response = client_for(owner).post(f"/api/v1/productions/long-night/optimize/{run.pk}/accept/")
    assert response.status_code == 200
    now_active = selectors.active_version(production)
    assert now_active.pk == run.proposal_id
    lead_days = sorted(placement(now_active)[n] for n in ("1", "5"))
    assert (lead_days[1] - lead_days[0]).days in (0, 1, 3)  # together, or the next working day


def test_a_proposal_for_a_board_that_changed_since_is_refused(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    run = run_now(production, owner, django_capture_on_commit_callbacks)
    services.banner_add(production=production, by=owner, text="Company move")
    response = client_for(owner).post(f"/api/v1/productions/long-night/optimize/{run.pk}/accept/")
    assert response.status_code == 412
    assert "changed after the optimizer ran" in response.json()["message"]
    assert selectors.active_version(production).pk == run.source_id


def test_discarding_drops_the_proposal_and_keeps_the_board(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    run = run_now(production, owner, django_capture_on_commit_callbacks)
    proposal_id = run.proposal_id
    response = client_for(owner).post(f"/api/v1/productions/long-night/optimize/{run.pk}/discard/")
    assert response.status_code == 200 and response.json()["status"] == "discarded"
    assert not ScheduleVersion.objects.filter(pk=proposal_id).exists()


def test_the_same_board_and_options_give_the_same_proposal(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    first = run_now(production, owner, django_capture_on_commit_callbacks)
    second = run_now(production, owner, django_capture_on_commit_callbacks)
    assert first.pk != second.pk
    assert placement(first.proposal) == placement(second.proposal)
    assert first.best_cost == second.best_cost


def test_locked_strips_stay_and_nobody_works_a_day_off(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    version = selectors.active_version(production)
    locked = version.strips.get(scene__number="5")
    optimize.strips_lock(production=production, strip_ids=[locked.pk], by=owner)
    victor = wasteful_board["guest"].assignment.person
    Unavailability.objects.create(person=victor, start_date=weekday(0), end_date=weekday(0))
    run = run_now(production, owner, django_capture_on_commit_callbacks)
    proposed = placement(run.proposal)
    assert proposed["5"] == weekday(4)
    for number in ("2", "3", "4"):
        assert proposed[number] != weekday(0)
    capacity = selectors.settings_of(production).day_capacity_eighths
    per_day: dict[date, int] = {}
    for strip in run.proposal.strips.filter(kind="scene").select_related("scene", "day"):
        per_day[strip.day.date] = per_day.get(strip.day.date, 0) + strip.scene.page_eighths
    assert max(per_day.values()) <= capacity
    assert run.best_cost <= run.input_cost


def test_an_identical_request_while_running_returns_the_same_run(production, owner, wasteful_board):
    options = optimize.OptimizeOptions(time_limit=10)
    first, created = optimize.optimizer_run_start(production=production, by=owner, options=options)
    again, created_again = optimize.optimizer_run_start(
        production=production, by=owner, options=options
    )
    assert created and not created_again and first.pk == again.pk


def test_a_queued_run_can_be_cancelled(production, owner, wasteful_board):
    run, _ = optimize.optimizer_run_start(
        production=production, by=owner, options=optimize.OptimizeOptions()
    )
    response = client_for(owner).post(f"/api/v1/productions/long-night/optimize/{run.pk}/cancel/")
    assert response.json()["status"] == "cancelled"
    assert optimize.optimizer_run_execute(run_id=run.pk).status == "cancelled"


def test_a_running_search_stops_when_cancelled(production, owner, wasteful_board):
    run, _ = optimize.optimizer_run_start(
        production=production, by=owner, options=optimize.OptimizeOptions()
    )
    OptimizerRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    reporter = optimize._Reporter(run, time_limit=30)
    assert reporter.should_stop() is True


def test_an_empty_schedule_is_refused_in_words(production, owner):
    response = client_for(owner).post("/api/v1/productions/long-night/optimize/", {}, format="json")
    assert response.status_code == 400
    assert "no schedule to optimize" in response.json()["message"]


def test_a_time_limit_out_of_range_is_refused(production, owner, wasteful_board):
    response = client_for(owner).post(
        "/api/v1/productions/long-night/optimize/", {"time_limit": 100000}, format="json"
    )
    assert response.status_code == 400
    assert "time_limit" in response.json()["errors"]
    assert not OptimizerRun.objects.exists()


@pytest.mark.parametrize(
    "who,expected", [("anonymous", 401), ("outsider", 404), ("crew", 403), ("coordinator", 202)]
)
def test_who_may_start_the_optimizer(
    production, wasteful_board, owner, outsider, crew_member, coordinator, who, expected
):
    users = {"anonymous": None, "outsider": outsider, "crew": crew_member,
             "coordinator": coordinator}  # fmt: skip
    response = client_for(users[who]).post(
        "/api/v1/productions/long-night/optimize/", {"time_limit": 1}, format="json"
    )
    assert response.status_code == expected


def test_another_productions_run_is_not_found(
    production, owner, outsider, wasteful_board, django_capture_on_commit_callbacks
):
    run = run_now(production, owner, django_capture_on_commit_callbacks)
    client = client_for(outsider)
    assert client.get(f"/api/v1/productions/long-night/optimize/{run.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/productions/another-show/optimize/{run.pk}/accept/").status_code
        == 404
    )


def test_the_optimize_page_shows_the_proposal_side_by_side(
    production, owner, wasteful_board, django_capture_on_commit_callbacks
):
    from django.test import Client

    client = Client()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/productions/long-night/schedule/optimize/", {
            "time_limit": 5, "move_cost": "0", "locked_strips": []})  # fmt: skip
    assert started.status_code == 302
    page = client.get("/productions/long-night/schedule/optimize/").content.decode()
    assert "Saves 3 hold days" in page
    assert "Accept: make it the active schedule" in page
    assert "Hold days by cast member" in page


def test_the_optimize_page_refuses_crew_changes(production, crew_member, wasteful_board):
    from django.test import Client

    client = Client()
    client.force_login(crew_member)
    assert client.get("/productions/long-night/schedule/optimize/").status_code == 200
    client.post("/productions/long-night/schedule/optimize/", {"time_limit": 5, "move_cost": "0"})
    assert not OptimizerRun.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_optimizer_and_reports_progress(
    celery_worker_process, production, owner, wasteful_board
):
    import time

    run, _ = optimize.optimizer_run_start(
        production=production, by=owner, options=optimize.OptimizeOptions(time_limit=5)
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.in_progress:
            break
        time.sleep(0.2)
    assert run.status == "done", celery_worker_process["log"].read_text()
    assert run.progress == 100 and run.lower_bound is not None
    assert run.result["hold_days_after"] == 0
