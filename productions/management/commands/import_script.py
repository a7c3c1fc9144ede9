import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import ApplicationError
from productions.models import Production, Script
from productions.scripts import ImportResult, script_import


class Command(BaseCommand):
    help = (
        "Import a Fountain (.fountain, .spmd, .txt) or Final Draft (.fdx) screenplay into a "
        "production. Bad input exits 1 with a one-line error and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The production's slug.")
        parser.add_argument("path", help="The screenplay file.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--revision-name", default="", help='e.g. "Blue revision".')
        parser.add_argument(
            "--colour",
            "--color",
            dest="colour",
            default=Script.Colour.WHITE,
            choices=Script.Colour.values,
            help="The revision's page colour (default white).",
        )

    def handle(self, *args, slug: str, path: str, **options):
        production = Production.objects.active().filter(slug=slug).first()
        if production is None:
            raise CommandError(f"No production has the slug '{slug}'.")
        data = self._read(Path(path))
        try:
            result = script_import(
                production=production,
                file=data,
                filename=Path(path).name,
                by=None,
                revision_name=options["revision_name"],
                revision_colour=options["colour"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_contract_dict(), ensure_ascii=False))
        else:
            self.stdout.write(self._summary(production, result))

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No file at {path}.") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a folder, not a screenplay file.") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

    def _summary(self, production: Production, result: ImportResult) -> str:
        title = result.title or "The script"
        lines = [
            self.style.SUCCESS(
                f"{title} imported into {production.title}: {result.created} created, "
                f"{result.updated} updated, {result.omitted} omitted, "
                f"{result.unchanged} unchanged."
            )
        ]
        if result.script is None:
            lines.append("This file is the current version already; no new version was stored.")
        lines.extend(self.style.WARNING(f"  {warning}") for warning in result.warnings)
        return "\n".join(lines)
