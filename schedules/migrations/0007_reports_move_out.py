"""The report models leave ``schedules`` for ``reports``: state only, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schedules", "0006_callsheets_move_out"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="dailyreport",
                    name="approved_by",
                ),
                migrations.RemoveField(
                    model_name="dailyreport",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="dailyreport",
                    name="production",
                ),
                migrations.RemoveField(
                    model_name="dailyreport",
                    name="shoot_day",
                ),
                migrations.RemoveField(
                    model_name="dailyreportcrew",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="dailyreportscene",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="dailyreportcast",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="dailyreportcast",
                    name="character",
                ),
                migrations.RemoveField(
                    model_name="dailyreportscene",
                    name="scene",
                ),
                migrations.RemoveField(
                    model_name="producerdigest",
                    name="production",
                ),
                migrations.RemoveField(
                    model_name="report",
                    name="production",
                ),
                migrations.RemoveField(
                    model_name="report",
                    name="requested_by",
                ),
                migrations.DeleteModel(
                    name="DailyReportDelay",
                ),
                migrations.DeleteModel(
                    name="DailyReportCrew",
                ),
                migrations.DeleteModel(
                    name="DailyReport",
                ),
                migrations.DeleteModel(
                    name="DailyReportCast",
                ),
                migrations.DeleteModel(
                    name="DailyReportScene",
                ),
                migrations.DeleteModel(
                    name="ProducerDigest",
                ),
                migrations.DeleteModel(
                    name="Report",
                ),
            ],
            database_operations=[],
        ),
    ]
