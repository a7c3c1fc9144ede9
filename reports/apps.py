"""Reports: report files built by tasks, the daily production report, the weekly digest.

Imports: core, productions, crew, schedules, shots, callsheets. Must not import: webhooks,
demo, bench.
"""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from collaboration.registry import register

        # What people can discuss and sign off in collaboration/.
        register(
            "dpr",
            "reports.DailyReport",
            # A sign-off covers the report's rows too, and approving it changes no content.
            children=("scenes", "cast_times", "crew_times", "delays"),
        )
