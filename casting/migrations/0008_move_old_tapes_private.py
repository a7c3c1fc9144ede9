from pathlib import Path

from django.conf import settings
from django.db import migrations


def _move(apps, source: Path, target: Path) -> None:
    SelfTape = apps.get_model("casting", "SelfTape")
    for name in SelfTape.objects.values_list("file", flat=True):
        old, new = source / name, target / name
        if name and old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            old.rename(new)


def tapes_to_private(apps, schema_editor):
    """Move self-tapes stored before 0003 from MEDIA_ROOT into MEDIA_ROOT/private."""
    root = Path(settings.MEDIA_ROOT)
    _move(apps, root, root / "private")


def tapes_back(apps, schema_editor):
    root = Path(settings.MEDIA_ROOT)
    _move(apps, root / "private", root)


class Migration(migrations.Migration):
    dependencies = [("casting", "0007_script_sides")]

    operations = [migrations.RunPython(tapes_to_private, tapes_back)]
