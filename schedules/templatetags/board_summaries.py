"""``{% board_summaries %}``: the lines other apps add to the stripboard (signals.py).

Rendered on every request, outside any cached fragment: the budget's line is about money and
changes with every board save.
"""

from django import template

from schedules import signals

register = template.Library()


@register.inclusion_tag("schedules/_board_summaries.html", takes_context=True)
def board_summaries(context) -> dict:
    production = context.get("production")
    membership = context.get("membership")
    if production is None:
        return {"board_summaries": []}
    return {"board_summaries": signals.board_summaries(production, membership)}
