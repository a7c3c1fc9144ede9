from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the demo production and its users (idempotent; development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (known passwords!)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password; it runs only with "
                "DJANGO_DEBUG=1, or with --force."
            )
        production = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo production '{production.title}' ready: sign in as 'producer' or 'crew' "
                f"with password '{DEMO_PASSWORD}'."
            )
        )
