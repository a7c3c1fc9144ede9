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
