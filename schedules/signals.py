"""Signals the schedule sends, and the stripboard's registry of board summaries.

Apps above schedules (budgets) listen without schedules importing them: ``board_changed`` is
sent inside the transaction of every board save, so a receiver's writes commit or roll back
with the board; ``board_summary_providers`` are called by the stripboard page for a line each
(the budget's change against the approved budget), uncached.
"""

from collections.abc import Callable

from django.dispatch import Signal

# Sent with production= inside the transaction of every change to the active board.
board_changed = Signal()

# Each provider takes (production, membership) and returns a line of text, or "".
board_summary_providers: list[Callable] = []


def board_summary_register(provider: Callable) -> None:
    if provider not in board_summary_providers:
        board_summary_providers.append(provider)


def board_summaries(production, membership) -> list[str]:
    """Return the registered providers' lines for the stripboard, leaving out empty ones."""
    lines = (provider(production, membership) for provider in board_summary_providers)
    return [line for line in lines if line]
