"""``manage.py solve_talent PATH [--time-limit SECONDS]``: one line of JSON, or a one-line error."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from schedules.management.commands.solve_talent import Command
from schedules.optimizer import TALENT_INSTANCES

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = TALENT_INSTANCES


def _run(*args: str) -> tuple[int, str, str]:
    """Run the command as a user would: through manage.py when the project has one."""
    if (REPO_ROOT / "manage.py").exists():
        env = dict(os.environ)
        env.setdefault("DJANGO_SECRET_KEY", "solve-talent-test-only")
        done = subprocess.run(
            [sys.executable, "manage.py", "solve_talent", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.returncode, done.stdout, done.stderr
    return _run_in_process(*args)


def _run_in_process(*args: str) -> tuple[int, str, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            Command().run_from_argv(["manage.py", "solve_talent", *args])
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(params=["manage.py", "in-process"])
def run(request):
    return _run if request.param == "manage.py" else _run_in_process


def test_solves_an_instance_and_prints_one_line_of_json(run):
    code, out, _ = run(str(BENCHMARKS / "rehearsal_smith.json"))
    data = json.loads(BENCHMARKS.joinpath("rehearsal_smith.json").read_text())

    assert code == 0
    assert out.count("\n") <= 1
    payload = json.loads(out)
    assert set(payload) == {"order", "cost", "optimal", "lower_bound", "seconds"}
    assert payload["cost"] == payload["lower_bound"] == data["optimum"] == 17
    assert payload["optimal"] is True
    assert sorted(payload["order"]) == sorted(data["scenes"])
    assert payload["seconds"] >= 0


def test_a_time_limit_gives_a_bound_and_a_valid_order(run):
    code, out, _ = run(str(BENCHMARKS / "MobStory.json"), "--time-limit", "0.01")
    payload = json.loads(out)

    assert code == 0
    assert len(payload["order"]) == 28
    assert payload["lower_bound"] <= 146 <= payload["cost"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("not json at all", "not JSON"),
        ('{"scenes": ["a"]}', "not a talent scheduling instance"),
    ],
)
def test_a_bad_file_is_a_one_line_error_with_exit_status_1(run, tmp_path, content, message):
    path = tmp_path / "instance.json"
    if content is not None:
        path.write_text(content)
    code, out, err = run(str(path))

    assert code == 1
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert message in lines[0]
    assert "Traceback" not in err


def test_a_negative_time_limit_is_refused(run):
    code, _, err = run(str(BENCHMARKS / "mzn_tiny.json"), "--time-limit", "-1")
    assert code == 1
    assert "time limit" in err
