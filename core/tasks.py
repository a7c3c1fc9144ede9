"""The one place a service finds the Celery task it queues, by the task's name.

Tasks import services, never the reverse: a service that queues work names the task and
looks it up here when its transaction commits. The web process imports an app's ``tasks``
module only when something asks for one, so a name not registered yet makes Celery import
every app's tasks first.
"""

from celery import Task, current_app


def task_named(name: str) -> Task:
    """Return the registered task called ``name`` (raise ``NotRegistered`` if there is none)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


# The options of every task that sends one outbox row (``core.outbox``): idempotent, since the
# service claims its row first, so a retry or a redelivered message never sends twice.
# Mail-server errors (``OSError``, which ``smtplib.SMTPException`` is) are retried with
# exponential backoff and jitter: 30 s, 1 min, 2 min… at most 30 min apart, six times. A
# service whose failed send keeps its claim (until the lease ends, for its sweep) makes those
# retries find the row held and do nothing: it has one retry path, not two.
SENDING = {
    "bind": True,
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 6,
    "soft_time_limit": 50,
    "time_limit": 60,
    "acks_late": True,
}
