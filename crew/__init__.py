"""Crew: the directory of people, the film departments, roles on a production, dates off.

Imports: core, productions (and collaboration's registry). Must not import: schedules or any
app above it.
"""
