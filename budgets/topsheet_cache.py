"""The topsheet's sums and the stripboard's budget line, from the cache while nothing changed.

A topsheet sums every line of the budget by account and category (3,000 lines for a feature)
and works out the contractual charges: the same numbers on every request until someone edits
the budget. So they are kept in the cache (``core.read_cache``) under the budget's generation
(``budgets.freshness``: any row of the budget saved or deleted, any recompute). The budget
itself (name, status) is read fresh on each request and put back.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from budgets import selectors
from budgets.freshness import generation_id, production_generation_id
from budgets.models import Budget
from core import read_cache

# Part of every key: change it whenever what is cached changes shape.
FORMAT = 2


def _table_html(sheet: selectors.Topsheet) -> str:
    return render_to_string("budgets/_topsheet_table.html", {"sheet": sheet})


def _cached(budget: Budget) -> tuple[selectors.Topsheet, str]:
    """Return the topsheet (without its budget) and its rendered table."""
    if not settings.STUDIO_BOARD_CACHE:
        sheet = selectors.topsheet(budget)
        return sheet, _table_html(sheet)
    key = f"budget:{FORMAT}:topsheet:{budget.pk}"
    generation = generation_id(budget.pk)
    value = read_cache.lookup_entry(key, generation)
    if value is None:
        # The generation is read before the data, so a change committed meanwhile wins.
        stamps = read_cache.generations([generation])
        sheet = replace(selectors.topsheet(budget), budget=None)
        value = (sheet, _table_html(sheet))
        read_cache.store(key, stamps, value)
    return value


def topsheet(budget: Budget) -> selectors.Topsheet:
    """Return ``selectors.topsheet(budget)``, from the cache while the budget is unchanged."""
    return replace(_cached(budget)[0], budget=budget)


def topsheet_and_table(budget: Budget) -> tuple[selectors.Topsheet, SafeString]:
    """Return the topsheet and its table as the page shows it (a few hundred cells rendered
    once per state of the budget), from the cache while the budget is unchanged."""
    sheet, table = _cached(budget)
    return replace(sheet, budget=budget), mark_safe(table)


def board_summary(production, membership) -> str:
    """Return ``selectors.board_summary``, from the cache while the production's budgets and
    its board are unchanged (the stripboard shows it on every request)."""
    if not settings.STUDIO_BOARD_CACHE or membership is None or not membership.can_see_money:
        return selectors.board_summary(production, membership)
    key = f"budget:{FORMAT}:board-line:{production.pk}"
    budgets = production_generation_id(production.pk)
    line = read_cache.lookup_entry(key, production.pk, budgets)
    if line is None:
        stamps = read_cache.generations([production.pk, read_cache.GLOBAL, budgets])
        line = selectors.board_summary(production, membership)
        read_cache.store(key, stamps, line)
    return line
