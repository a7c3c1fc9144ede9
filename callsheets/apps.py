"""Call sheets: drafts assembled from the schedule, published versions, deliveries,
personal links and pages, reminders, PDFs.

Imports: core, productions, crew, schedules, shots. Must not import: reports, webhooks, demo, bench.
"""

from django.apps import AppConfig


class CallsheetsConfig(AppConfig):
    name = "callsheets"
    verbose_name = "Call sheets"

    def ready(self) -> None:
        from callsheets import personal_pages
        from collaboration.registry import register

        personal_pages.receivers_connect()
        # What people can discuss and sign off in collaboration/.
        # Its rows are part of what is signed off: editing one marks a sign-off "changed".
        register(
            "callsheet",
            "callsheets.CallSheet",
            children=("cast_calls", "departments", "crew_calls"),
        )
