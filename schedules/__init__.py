"""Schedules: shoot days, strips, the stripboard, versions, conflicts, Day Out of Days,
calendar feeds and the optimizer (``optimizer/``, plain Python).

Imports: core, productions, crew (and collaboration's registry). Must not import: shots,
callsheets, reports, budgets, casting, webhooks, demo, bench (they build on schedules).
"""
