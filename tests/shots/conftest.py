"""Fixtures the shot-list tests share: a scene with cast, and a way to plan shots fast."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shots import services
from tests.factories import cast_member, scene_with, schedule_build

DAY_ONE = date(2027, 1, 12)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Storyboard frames are files: in the test's folder, not the project's media.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cast(production):
    return {
        name: cast_member(production, name, cid) for name, cid in (("MAYA", "1"), ("DANIEL", "2"))
    }


@pytest.fixture
def scene(production, cast):
    return scene_with(production, cast["MAYA"], cast["DANIEL"], number="12", page_eighths=8)


def plan_shots(scene, *setups, minutes=10, **fields):
    """Add one shot per setup name given (in order); return them."""
    return [
        services.shot_create(scene=scene, setup=setup, estimated_minutes=minutes, **fields)
        for setup in setups
    ]


def image_upload(name="frame.png", fmt="PNG", size=(64, 36), colour="navy") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}.get(fmt, "")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture
def day_plan(production, owner, scene, cast):
    """Scene 12 and scene 13 on day one of the active board."""
    other = scene_with(production, cast["MAYA"], number="13", page_eighths=4)
    version = schedule_build(production, {DAY_ONE: [scene, other]}, by=owner)
    return {"version": version, "day": version.days.get(), "scenes": [scene, other]}
