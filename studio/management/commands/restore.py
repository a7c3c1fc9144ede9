from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import ApplicationError
from studio.backup import backup_restore


class Command(BaseCommand):
    help = "Replace the database and uploaded files with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .tar.gz archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file: str, yes: bool = False, **options):
        if not yes and input(f"Replace ALL data with {file}? Type 'yes': ").strip() != "yes":
            raise CommandError("Restore cancelled; nothing changed.")
        try:
            backup_restore(archive_path=Path(file))
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}"))
