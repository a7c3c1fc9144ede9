from decimal import Decimal

from django import template
from django.utils.html import format_html

from schedules.conflicts import format_minutes
from schedules.eighths import format_eighths

register = template.Library()


@register.filter
def pages(eighths: int | None) -> str:
    """Render eighths as the trade writes pages: 19 -> "2 3/8"."""
    return "" if eighths is None else format_eighths(int(eighths))


@register.filter
def duration(minutes: int | None) -> str:
    return "" if minutes is None else format_minutes(int(minutes))


@register.filter
def money(amount: Decimal | None) -> str:
    """Render an amount with thousands separators and cents: 12500 -> "12,500.00"."""
    return "" if amount is None else f"{amount:,.2f}"


@register.filter
def code_class(code: str) -> str:
    """Return the CSS class of a Day Out of Days code."""
    if not code:
        return ""
    if "W" in code:
        return "c-work"
    return {"H": "c-hold", "/": "c-holiday", "TR": "c-travel", "R": "c-event", "FT": "c-event"}.get(
        code, ""
    )


@register.simple_tag
def strip(item) -> str:
    """Render one strip of the board.

    Built here rather than in a template because a feature's board has hundreds of strips
    and the template language's lookups would take most of the page's time.
    """
    if item.scene is None:
        return format_html(
            '<li class="strip strip-banner" tabindex="0" data-kind="banner" data-id="{}" '
            'data-label="{}" data-text="{}"><span class="strip-text">{}</span></li>',
            item.id,
            item.text,
            item.text,
            item.text,
        )
    scene = item.scene
    cast = item.cast_ids
    return format_html(
        '<li class="strip strip-{}" tabindex="0" data-kind="scene" data-id="{}" '
        'data-scene="{}" data-part="{}" data-label="{}" data-eighths="{}" data-minutes="{}" '
        'data-cast="{}"><span class="strip-no">{}</span><span class="strip-ie">{}</span>'
        '<span class="strip-set">{}</span><span class="strip-dn">{}</span>'
        '<span class="strip-pages">{}</span><span class="strip-cast">{}</span>'
        '<span class="strip-syn">{}</span></li>',
        item.colour,
        "" if item.id is None else item.id,
        scene.pk,
        "" if item.part is None else item.part,
        item.label,
        item.eighths,
        item.minutes,
        " ".join(cast),
        item.label,
        scene.int_ext,
        scene.set_name,
        item.day_night,
        item.pages,
        ", ".join(cast),
        scene.synopsis,
    )
