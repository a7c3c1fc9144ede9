"""Webhooks: subscriptions, signing, delivery and the delivery log. Listens to core's
events; imports no domain app's internals.
"""
