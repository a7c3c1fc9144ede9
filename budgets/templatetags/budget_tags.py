"""Filters of the budget pages: money with separators, and a class for negative numbers."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(amount) -> str:
    """Render an amount with thousands separators and cents: -4200 -> "-4,200.00"."""
    if amount is None or amount == "":
        return ""
    return f"{Decimal(amount):,.2f}"


@register.filter
def neg(amount) -> str:
    """Return the class of a negative amount (shown in red), or ""."""
    try:
        return "neg" if amount is not None and Decimal(amount) < 0 else ""
    except (ArithmeticError, TypeError, ValueError):
        return ""


@register.filter
def cell(value) -> str:
    """Render a stored cell value without trailing zeros: 3.5000 -> "3.5"."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
