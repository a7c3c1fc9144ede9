"""Budgets: budget versions, categories, accounts, detail lines, fringes, globals,
contractual charges, actuals and the cost report.

Imports: core, productions, crew, schedules. Must not import: callsheets, reports, casting,
collaboration internals, webhooks, demo.
"""

from django.apps import AppConfig


def _follow_board(sender, production, **kwargs):
    from budgets.services import budgets_follow_schedule

    budgets_follow_schedule(production=production)


def _unlink_deleted_role(sender, instance, **kwargs):
    from budgets.services import lines_unlink_for_assignment

    lines_unlink_for_assignment(assignment=instance)


def _board_summary(production, membership):
    from budgets.topsheet_cache import board_summary

    return board_summary(production, membership)


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets"

    def ready(self):
        from collaboration.registry import register

        # Comments and sign-offs on budgets are for those who see money only.
        register("budget", "budgets.Budget", visibility="money")
        register("budget_line", "budgets.Line", production="budget__production", visibility="money")
        from schedules import signals

        signals.board_changed.connect(_follow_board, dispatch_uid="budgets.follow_board")
        signals.board_summary_register(_board_summary)
        from budgets import freshness

        freshness.receivers_connect()
        from django.db.models.signals import pre_delete

        pre_delete.connect(
            _unlink_deleted_role, sender="crew.Assignment", dispatch_uid="budgets.unlink_role"
        )
