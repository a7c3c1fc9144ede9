"""Webhooks: subscriptions, signing, delivery and the delivery log.

Listens to ``core.events`` (subscribed in ``ready``). Imports: core, productions (the
production a webhook belongs to). Must not import any other app: every domain app reaches
the webhooks only by emitting an event.
"""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from core import events
        from webhooks.services import webhooks_dispatch

        # Every event any app emits reaches the production's webhooks: the deliveries are
        # written in the emitting transaction and queued once it commits.
        events.subscribe(webhooks_dispatch, in_transaction=True)
