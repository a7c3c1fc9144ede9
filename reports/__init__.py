"""Reports: report files built by tasks, the daily production report, the weekly digest.

Imports: core, productions, crew, schedules, shots, callsheets. Must not import: webhooks,
demo, bench.
"""
