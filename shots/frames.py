"""Storyboard frames: refusing what is not a PNG, JPEG or WebP image, storing what is, and
making thumbnails (in a task)."""

import io
import logging
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from PIL import Image, UnidentifiedImageError

from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from core.tasks import task_named
from shots.models import Frame, Shot

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 5 * 1024 * 1024
# A small file can still unpack into a huge bitmap (a "decompression bomb").
MAX_FRAME_PIXELS = 40_000_000
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
THUMBNAIL_SIZE = (480, 270)
MAX_FRAMES_PER_SHOT = 12


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    format: str
    width: int
    height: int


def _refuse(message: str, status_code: int = 400) -> ApplicationError:
    return ApplicationError(message, errors={"image": [message]}, status_code=status_code)


def image_check(upload) -> CheckedImage:
    """Return the upload's bytes if Pillow reads them as a PNG, JPEG or WebP image.

    The file's name and declared type are not trusted: a text file named frame.png is refused.
    """
    if upload is None:
        raise _refuse("Choose an image file (PNG, JPEG or WebP).")
    size = getattr(upload, "size", None) or 0
    if size > MAX_FRAME_BYTES:
        raise _refuse(
            f"The image is {size / (1024 * 1024):.1f} MB; the limit is "
            f"{MAX_FRAME_BYTES // (1024 * 1024)} MB.",
            status_code=413,
        )
    upload.seek(0)
    data = upload.read(MAX_FRAME_BYTES + 1)
    if len(data) > MAX_FRAME_BYTES:
        raise _refuse(
            f"The image is over the limit of {MAX_FRAME_BYTES // (1024 * 1024)} MB.",
            status_code=413,
        )
    if not data:
        raise _refuse("The file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format, (width, height) = probe.format, probe.size
                if width * height > MAX_FRAME_PIXELS:
                    raise _refuse(
                        f"The image is {width}×{height} pixels; frames are at most "
                        f"{MAX_FRAME_PIXELS // 1_000_000} megapixels."
                    )
                probe.verify()
    except ApplicationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            "This file is not an image Studio can read; upload a PNG, JPEG or WebP picture."
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise _refuse("The image is damaged or cut short; export it again and retry.") from None
    if image_format not in FORMATS:
        raise _refuse(
            f"Frames are PNG, JPEG or WebP images; this one is {image_format or 'unknown'}.",
            status_code=415,
        )
    return CheckedImage(data, image_format, width, height)


@transaction.atomic
def frame_add(*, shot: Shot, upload, by=None) -> Frame:
    """Add a storyboard frame to a shot; its thumbnail follows from a task."""
    checked = image_check(upload)
    shot = Shot.objects.select_for_update().get(pk=shot.pk)
    if shot.frames.count() >= MAX_FRAMES_PER_SHOT:
        raise _refuse(f"A shot has at most {MAX_FRAMES_PER_SHOT} frames; delete one first.")
    last = shot.frames.aggregate(last=Max("position"))["last"] or 0
    frame = Frame(
        shot=shot,
        position=last + 1,
        content_type=FORMATS[checked.format],
        width=checked.width,
        height=checked.height,
        original_name=str(getattr(upload, "name", "") or "")[:255],
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    frame.image.save(f"frame{SUFFIXES[checked.format]}", ContentFile(checked.data), save=False)
    save_validated(frame)
    # Tasks import this module, so the task is found by name when it is queued.
    thumbnail_task = task_named("shots.tasks.frame_thumbnail_task")
    transaction.on_commit(lambda: thumbnail_task.delay(frame.pk))
    events.emit(
        production_id=shot.production_id,
        event="shot.changed",
        payload={"cause": "frame_add", "shot": shot.pk, "frame": frame.pk},
    )
    return frame


def frames_copy(*, source: Shot, target: Shot, by=None) -> list[Frame]:
    """Give ``target`` copies of ``source``'s frames, each in its own files, so deleting one
    shot's frame never takes the other's picture. Thumbnails are copied, not made again."""
    copies = []
    for frame in source.frames.order_by("position", "pk"):
        copy = Frame(
            shot=target,
            position=frame.position,
            content_type=frame.content_type,
            width=frame.width,
            height=frame.height,
            original_name=frame.original_name,
            uploaded_by=by if getattr(by, "pk", None) else frame.uploaded_by,
        )
        for field in ("image", "thumbnail"):
            stored = getattr(frame, field)
            if stored:
                with stored.open("rb") as file:
                    suffix = "." + stored.name.rsplit(".", 1)[-1] if "." in stored.name else ""
                    getattr(copy, field).save(
                        f"{field}{suffix}", ContentFile(file.read()), save=False
                    )
        save_validated(copy)
        copies.append(copy)
    thumbnail_task = task_named("shots.tasks.frame_thumbnail_task")
    for copy in copies:
        if not copy.thumbnail:
            transaction.on_commit(lambda pk=copy.pk: thumbnail_task.delay(pk))
    return copies


@transaction.atomic
def frame_delete(*, frame: Frame, by=None) -> None:
    shot = frame.shot
    files = [frame.image.name, frame.thumbnail.name]
    storage = frame.image.storage
    pk = frame.pk
    frame.delete()
    # Files go once the row is gone for good: a rolled-back delete keeps its picture.
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    events.emit(
        production_id=shot.production_id,
        event="shot.changed",
        payload={"cause": "frame_delete", "shot": shot.pk, "frame": pk},
    )


def frame_thumbnail_make(*, frame_id: int) -> bool:
    """Make the frame's thumbnail (a JPEG of at most 480×270) unless it has one already."""
    frame = Frame.objects.filter(pk=frame_id).first()
    if frame is None or frame.thumbnail:
        return False
    with frame.image.open("rb") as file, Image.open(file) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    with transaction.atomic():
        locked = Frame.objects.select_for_update().filter(pk=frame_id).first()
        if locked is None or locked.thumbnail:
            return False
        locked.thumbnail.save("thumbnail.jpg", ContentFile(out.getvalue()), save=False)
        locked.save(update_fields=["thumbnail"])
    return True


def frame_bytes(frame: Frame, kind: str = "image") -> tuple[bytes, str]:
    """Return the stored image (or thumbnail, when made) and its content type."""
    if kind == "thumbnail" and frame.thumbnail:
        with frame.thumbnail.open("rb") as file:
            return file.read(), "image/jpeg"
    with frame.image.open("rb") as file:
        return file.read(), frame.content_type
