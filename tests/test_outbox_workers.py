"""Nothing queued is lost, and nobody is emailed twice: real workers and beat over the real Redis.

* Published while the broker is down: the request answers at once, and once a worker and beat
  start against the real Redis every delivery is sent, once, without anyone pressing resend.
* Two workers racing on the same deliveries (each queued twice) send one email per person.
* A worker killed with ``kill -9`` mid-send: its claim expires and another worker sends what
  was left, still one email per person.

Each test counts the messages in the file email backend's folder.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import kombu.pools
import pytest

from callsheets import services
from callsheets.models import Delivery
from tests.conftest import REPO_ROOT, _database_url_for_worker
from tests.factories import callsheet_schedule

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CELERY = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


def recipients(mail_dir: Path) -> Counter:
    """Count the messages in the file backend's folder, by recipient."""
    found: Counter = Counter()
    for path in sorted(mail_dir.iterdir()):
        # The file backend writes every message of a connection to one file, 79 dashes apart.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found[message_from_bytes(chunk, policy=policy.default)["To"]] += 1
    return found


class Stack:
    """Workers and beat in their own processes, on the test database and the real Redis."""

    def __init__(self, tmp_path: Path, settings, **env: str):
        redis_url = os.environ.get("REDIS_URL")
        if not redis_url:
            pytest.fail("This test needs Redis: set REDIS_URL (make test does when it answers).")
        self.redis_url = redis_url
        self.queue = f"studio-outbox-{uuid.uuid4().hex[:8]}"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url_for_worker(),
            "REDIS_URL": redis_url,
            "STUDIO_TESTING": "1",
            "STUDIO_CELERY_QUEUE": self.queue,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "STUDIO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env,
        }
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log_path = self.tmp_path / f"{name}.log"
        log = open(log_path, "w")  # noqa: SIM115 - the process owns it until it ends
        process = subprocess.Popen(
            [CELERY, "-A", "studio", *args],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log_path))
        return process

    def worker(self, name: str) -> subprocess.Popen:
        process = self._start(
            name,
            "worker",
            "-P",
            "solo",
            "-Q",
            self.queue,
            "-n",
            f"{name}@%h-{self.queue}",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )
        log = self.tmp_path / f"{name}.log"
        if not wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, 60):
            pytest.fail(f"{name} did not start:\n{self.logs()}")
        if process.poll() is not None:
            pytest.fail(f"{name} exited:\n{self.logs()}")
        return process

    def beat(self) -> subprocess.Popen:
        # The file scheduler runs only CELERY_BEAT_SCHEDULE (the outbox), on this queue.
        return self._start(
            "beat",
            "beat",
            "-S",
            "celery.beat:PersistentScheduler",
            "-s",
            str(self.tmp_path / "beat-schedule"),
            "--pidfile=",
            "-l",
            "info",
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-4000:]}" for _, path in self.processes
        )

    def stop(self) -> None:
        for process, _ in self.processes:
            if process.poll() is None:
                process.terminate()
        for process, _ in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def stack_factory(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    from studio.celery import app

    stacks: list[Stack] = []
    previous = app.conf.task_default_queue

    def make(**env: str) -> Stack:
        stack = Stack(tmp_path, settings, **env)
        app.conf.task_default_queue = stack.queue
        app.conf.broker_url = stack.redis_url
        stacks.append(stack)
        return stack

    yield make
    app.conf.task_default_queue = previous
    for stack in stacks:
        stack.stop()


@contextmanager
def broker_at(url: str):
    """Point this process's Celery app at ``url``, dropping the connections it holds."""
    from studio.celery import app

    previous = app.conf.broker_url

    def reset() -> None:
        # kombu keeps its pools in process-wide registries keyed by URL; closing the app's pool
        # alone leaves a closed pool there that every later test would be handed back.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset()
    app.conf.broker_url = url
    try:
        yield
    finally:
        reset()
        app.conf.broker_url = previous


@pytest.fixture
def callsheet(production, owner):
    plan = callsheet_schedule(production, by=owner)
    return services.callsheet_generate(production=production, on=plan["days"][0])


def test_a_call_sheet_published_while_the_broker_is_down_is_sent_once_when_it_is_back(
    stack_factory, callsheet, owner
):
    from core.tasks import task_named

    stack = stack_factory(STUDIO_OUTBOX_GRACE_SECONDS="1", STUDIO_OUTBOX_REQUEUE_SECONDS="2")
    # A running server has found its tasks long before; the first lookup imports every app.
    task_named("schedules.tasks.delivery_send_task")

    with broker_at(f"redis://127.0.0.1:{refused_port()}/0"):
        started = time.monotonic()
        version = services.callsheet_publish(callsheet=callsheet, by=owner)
        took = time.monotonic() - started

    assert took < 3, f"publishing waited {took:.1f} s for a broker that is down"
    everyone = {d.email for d in version.deliveries.all()}
    assert len(everyone) == 6
    assert set(version.deliveries.values_list("state", flat=True)) == {"queued"}

    stack.worker("worker")
    stack.beat()
    sent = wait_for(
        lambda: Delivery.objects.filter(version=version, state="sent").count() == len(everyone),
        timeout=120,
    )

    assert sent, stack.logs()
    time.sleep(3)  # a second beat run must find nothing left to send
    assert recipients(stack.mail_dir) == Counter({email: 1 for email in everyone}), stack.logs()


def test_two_workers_racing_on_the_same_deliveries_send_one_email_per_person(
    stack_factory, callsheet, owner
):
    from callsheets.tasks import delivery_send_task

    stack = stack_factory()
    stack.worker("one")
    stack.worker("two")

    version = services.callsheet_publish(callsheet=callsheet, by=owner)
    # Every delivery queued twice more: three messages per row, two workers taking them.
    for delivery_id in version.deliveries.values_list("pk", flat=True):
        delivery_send_task.delay(delivery_id)
        delivery_send_task.delay(delivery_id)
    everyone = {d.email for d in version.deliveries.all()}

    sent = wait_for(
        lambda: Delivery.objects.filter(version=version, state="sent").count() == len(everyone),
        timeout=120,
    )
    assert sent, stack.logs()
    time.sleep(3)  # the duplicates drain
    assert recipients(stack.mail_dir) == Counter({email: 1 for email in everyone}), stack.logs()
    # Both workers took messages, so the race really ran (a log's tail may not name its worker).
    took_messages = [
        name
        for name in ("one", "two")
        if "received" in (stack.tmp_path / f"{name}.log").read_text()
    ]
    assert took_messages == ["one", "two"], stack.logs()


def test_a_worker_killed_mid_send_leaves_a_claim_that_expires_and_one_email_per_person(
    stack_factory, callsheet, owner, settings
):
    lease = {"STUDIO_DELIVERY_LEASE_SECONDS": "4"}
    stack = stack_factory(
        STUDIO_OUTBOX_GRACE_SECONDS="1", STUDIO_OUTBOX_REQUEUE_SECONDS="1", **lease
    )
    doomed = stack.worker("doomed")

    version = services.callsheet_publish(callsheet=callsheet, by=owner)
    everyone = {d.email for d in version.deliveries.all()}
    # Mid-send: a delivery claimed and not yet sent (the first renders the PDF, which is slow).
    claimed = wait_for(
        lambda: Delivery.objects.filter(
            version=version, state="queued", claimed_at__isnull=False
        ).exists(),
        timeout=60,
    )
    assert claimed, stack.logs()
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    stuck = Delivery.objects.filter(version=version, state="queued").count()
    assert stuck >= 1

    stack.worker("survivor")
    stack.beat()
    sent = wait_for(
        lambda: Delivery.objects.filter(version=version, state="sent").count() == len(everyone),
        timeout=120,
    )

    assert sent, stack.logs()
    time.sleep(3)
    assert recipients(stack.mail_dir) == Counter({email: 1 for email in everyone}), stack.logs()


def test_two_workers_racing_on_the_same_reminders_and_summary_remind_each_person_once(
    stack_factory, callsheet, owner
):
    from callsheets.tasks import callsheet_summary_task, delivery_remind_task

    stack = stack_factory()
    stack.worker("one")
    stack.worker("two")

    # Sent without the outbox (the demo's way), so the only emails are reminders and summary.
    version = services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    for _ in range(3):
        for delivery_id in version.deliveries.values_list("pk", flat=True):
            delivery_remind_task.delay(delivery_id)
        callsheet_summary_task.delay(version.pk)
    everyone = {d.email for d in version.deliveries.all()}

    def done() -> bool:
        version.refresh_from_db()
        reminded = Delivery.objects.filter(version=version, reminded_at__isnull=False).count()
        return reminded == len(everyone) and version.summary_sent_at is not None

    assert wait_for(done, timeout=120), stack.logs()
    time.sleep(3)  # the duplicates drain
    expected = Counter({email: 1 for email in everyone} | {owner.email: 1})
    assert recipients(stack.mail_dir) == expected, stack.logs()
