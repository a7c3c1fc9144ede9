"""Budgets: budget versions, categories, accounts, detail lines, fringes, globals,
contractual charges, actuals and the cost report.

Imports: core, productions, crew, schedules. Must not import: callsheets, reports, casting,
collaboration internals, webhooks, demo.
"""
