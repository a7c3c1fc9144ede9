"""The call sheet models leave ``schedules`` for ``callsheets``: state only, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schedules", "0005_webhooks_move_out"),
        ("callsheets", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="callsheetcast",
                    name="callsheet",
                ),
                migrations.RemoveField(
                    model_name="callsheetlink",
                    name="callsheet",
                ),
                migrations.RemoveField(
                    model_name="callsheetversion",
                    name="callsheet",
                ),
                migrations.RemoveField(
                    model_name="callsheetcrew",
                    name="callsheet",
                ),
                migrations.RemoveField(
                    model_name="callsheetdepartment",
                    name="callsheet",
                ),
                migrations.RemoveField(
                    model_name="callsheetcast",
                    name="character",
                ),
                migrations.RemoveField(
                    model_name="callsheetcrew",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="callsheetdepartment",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="callsheetlink",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="callsheetversion",
                    name="published_by",
                ),
                migrations.RemoveField(
                    model_name="delivery",
                    name="version",
                ),
                migrations.RemoveField(
                    model_name="delivery",
                    name="person",
                ),
                migrations.DeleteModel(
                    name="CallSheet",
                ),
                migrations.DeleteModel(
                    name="CallSheetCast",
                ),
                migrations.DeleteModel(
                    name="CallSheetCrew",
                ),
                migrations.DeleteModel(
                    name="CallSheetDepartment",
                ),
                migrations.DeleteModel(
                    name="CallSheetLink",
                ),
                migrations.DeleteModel(
                    name="CallSheetVersion",
                ),
                migrations.DeleteModel(
                    name="Delivery",
                ),
            ],
            database_operations=[],
        ),
    ]
