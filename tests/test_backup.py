"""A backup taken and restored brings back every row and every uploaded file."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crew.models import Assignment, Person
from productions.models import Production
from tests.factories import AssignmentFactory, UnavailabilityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_round_trip_restores_data_and_files(production, owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "scripts").mkdir(parents=True)
    (settings.MEDIA_ROOT / "scripts" / "draft.fountain").write_text("INT. KITCHEN - DAY\n")
    role = AssignmentFactory(production=production, title="Gaffer", daily_rate=650)
    UnavailabilityFactory(person=role.person, start_date="2027-01-04", end_date="2027-01-05")
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive))
    Production.objects.all().delete()
    Person.objects.all().delete()
    (settings.MEDIA_ROOT / "scripts" / "draft.fountain").unlink()
    call_command("restore", str(archive), yes=True)

    restored = Assignment.objects.select_related("person", "production").get(title="Gaffer")
    assert restored.production.slug == "long-night"
    assert restored.daily_rate == 650
    assert restored.person.unavailabilities.get().reason == "Holiday"
    assert Production.objects.get().memberships.get().user.username == "owner"
    assert Path(settings.MEDIA_ROOT / "scripts" / "draft.fountain").read_text().startswith("INT.")


def test_restoring_something_that_is_not_a_backup_changes_nothing(production, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="is not a Studio backup"):
        call_command("restore", str(bogus), yes=True)
    assert Production.objects.filter(slug="long-night").exists()
