import json

from django.core.management.base import BaseCommand, CommandError

from schedules.optimizer.talent import solve_talent_file


class Command(BaseCommand):
    help = (
        "Solve one talent scheduling instance (the format of schedules/optimizer/instances/"
        "README.md) and print "
        '{"order", "cost", "optimal", "lower_bound", "seconds"} as one line of JSON.'
    )
    # Pure computation on a file: nothing to check in the project's models or database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="the instance file (JSON)")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            metavar="SECONDS",
            help="stop after this long with the best order and a lower bound (default: prove it)",
        )

    def handle(self, *args, path, time_limit=None, **options):
        try:
            payload = solve_talent_file(path, time_limit=time_limit)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(payload))
