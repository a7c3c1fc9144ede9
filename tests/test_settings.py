"""Production settings pass Django's deployment checks; development ones stay convenient."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDIO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-the-check",
        DJANGO_ALLOWED_HOSTS="studio.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_seed_demo_refuses_to_run_with_debug_off():
    result = run_manage(
        "seed_demo", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 60, DATABASE_URL="sqlite://:memory:"
    )
    assert result.returncode == 1
    assert "runs only with DJANGO_DEBUG=1" in result.stderr


def test_every_outbox_sweep_runs_on_beat_from_the_settings_under_one_name_each():
    from django.conf import settings

    from studio.celery import app

    app.loader.import_default_modules()
    sweeps = {name for name in app.tasks if name.endswith(("requeue_task", "retry_due_task"))}
    scheduled = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert len(sweeps) == 6 and sweeps == set(scheduled)
    assert len(scheduled) == len(set(scheduled))
