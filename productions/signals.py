"""Signals other apps answer, so that productions never imports them."""

from django.dispatch import Signal

# Sent (``scene=``) inside the saving transaction when a scene's time is handed back to its shot
# list: the AD cleared their own figure or chose "from the plan". The shot list, which
# productions does not know, recomputes the time before the request answers.
scene_estimate_to_plan = Signal()
