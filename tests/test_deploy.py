"""The compose stack: a broker that keeps its queue, a cache that may forget, and a secret key
generated on first start and kept, never one from a file anyone can read."""

import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from studio.settings.base import KNOWN_SECRET_KEYS, refuse_weak_secret_key

REPO_ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = REPO_ROOT / "scripts" / "docker-entrypoint.sh"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_the_broker_redis_appends_every_task_to_a_volume_and_never_evicts(compose):
    broker = compose["services"]["broker"]
    assert "--appendonly yes" in broker["command"]
    assert "--maxmemory-policy noeviction" in broker["command"]
    assert "broker:/data" in broker["volumes"] and "broker" in compose["volumes"]


def test_the_cache_is_a_second_redis_that_evicts_the_least_recently_used(compose):
    cache = compose["services"]["cache"]
    assert "allkeys-lru" in cache["command"] and "--appendonly no" in cache["command"]
    studio = compose["services"]["web"]["environment"]
    assert studio["REDIS_URL"].startswith("redis://broker:")
    assert studio["STUDIO_CACHE_URL"].startswith("redis://cache:")


def test_the_stack_has_no_secret_key_of_its_own_and_keeps_the_generated_one(compose):
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    assert not any(key in text for key in KNOWN_SECRET_KEYS)
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service["environment"]["DJANGO_SECRET_KEY"] == "${DJANGO_SECRET_KEY:-}"
        assert "secret:/var/lib/studio/secret" in service["volumes"]


def start(secret_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the entrypoint as a container would, printing the key file it settled on."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        ["sh", str(ENTRYPOINT), "sh", "-c", 'echo "file=${DJANGO_SECRET_KEY_FILE:-none}"'],
        env={**clean, "STUDIO_SECRET_DIR": str(secret_dir), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_first_start_generates_a_strong_key_and_later_starts_keep_it(tmp_path):
    secret_dir = tmp_path / "secret"

    first, second = start(secret_dir), start(secret_dir)

    key_file = secret_dir / "secret_key"
    key = key_file.read_text().strip()
    assert "generated a new secret key" in first.stdout
    assert "generated" not in second.stdout and f"file={key_file}" in second.stdout
    assert key_file.read_text().strip() == key
    refuse_weak_secret_key(key)  # accepted in production
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_web_worker_and_beat_starting_together_share_one_key(tmp_path):
    secret_dir = tmp_path / "secret"
    with ThreadPoolExecutor(3) as pool:
        runs = list(pool.map(lambda _: start(secret_dir), range(3)))
    assert sum("generated a new secret key" in run.stdout for run in runs) == 1
    assert all(run.returncode == 0 for run in runs)
    assert len((secret_dir / "secret_key").read_text().strip()) >= 50


def test_a_key_given_in_the_environment_is_used_and_nothing_is_written(tmp_path):
    run = start(tmp_path / "secret", DJANGO_SECRET_KEY="x" * 60)
    assert "file=none" in run.stdout
    assert not (tmp_path / "secret").exists()
