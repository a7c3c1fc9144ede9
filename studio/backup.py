"""Back up and restore the whole database and the uploaded files as one archive.

The archive is a gzipped tar holding ``data.json`` (``dumpdata`` with natural keys, so it
loads into any database Studio supports) and ``media/`` (scripts, reports).
"""

import io
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from core.exceptions import ApplicationError

# Rebuilt by migrations or meaningless after a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
FORMAT_VERSION = 1


def backup_create(*, output: Path) -> Path:
    """Write the database and media files to ``output``; return its path."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=True,
        indent=None,
        stdout=data,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT_VERSION, "created_at": datetime.now(UTC).isoformat()}
    with tarfile.open(output, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
        _add_bytes(archive, "data.json", data.getvalue().encode())
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    return output


def _add_bytes(archive: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    archive.addfile(info, io.BytesIO(payload))


def backup_restore(*, archive_path: Path) -> None:
    """Replace the database and media files with the archive's, all or nothing."""
    if not archive_path.is_file():
        raise ApplicationError(f"No backup file at {archive_path}.")
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise ApplicationError(f"{archive_path} is not a Studio backup: {error}.") from error
    with archive, tempfile.TemporaryDirectory() as scratch:
        names = set(archive.getnames())
        if not {"manifest.json", "data.json"} <= names:
            raise ApplicationError(f"{archive_path} is not a Studio backup: data.json is missing.")
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(scratch, filter="data")
        _load(Path(scratch) / "data.json")
        _replace_media(Path(scratch) / "media")


@transaction.atomic
def _load(data_file: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(data_file), verbosity=0)


def _replace_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if source.exists():
        shutil.copytree(source, media)
