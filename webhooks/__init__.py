"""Webhooks: subscriptions, signing, delivery and the delivery log.

Owns the Webhook, WebhookDelivery and WebhookAttempt models (tables ``schedules_webhook*``),
the SSRF guard, the signature, the delivery tasks and the owners' pages and API.
Imports only core and productions; it hears every other app through ``core.events``.
"""
