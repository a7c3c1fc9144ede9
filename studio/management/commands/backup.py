from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from studio.backup import backup_create


class Command(BaseCommand):
    help = "Write the database and uploaded files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: backups/studio-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(output or Path(settings.BASE_DIR) / "backups" / f"studio-{stamp}.tar.gz")
        backup_create(output=path)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
