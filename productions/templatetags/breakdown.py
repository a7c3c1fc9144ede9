from django import template

from productions.eighths import format_eighths

register = template.Library()


@register.filter
def eighths(value) -> str:
    """Write a number of eighths as pages: {{ 19|eighths }} is "2 3/8"."""
    try:
        return format_eighths(int(value or 0))
    except (TypeError, ValueError):
        return ""
