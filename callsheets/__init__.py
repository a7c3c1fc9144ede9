"""Call sheets: drafts assembled from the schedule, published versions, deliveries,
personal links and pages, reminders, PDFs.

Imports: core, productions, crew, schedules, shots. Must not import: reports, webhooks, demo, bench.
"""
