"""What an uploaded file really is, read from its bytes, and an optional virus scan.

The filename and the browser's content type are the uploader's to choose, so neither is
trusted: the type is sniffed from the first bytes. When ``STUDIO_CLAMD_SOCKET`` names clamd's
unix socket, the file is streamed to it (the INSTREAM command) before it is accepted.
"""

from __future__ import annotations

import socket
import struct

from django.conf import settings

from core.exceptions import ApplicationError

# ISO base media brands QuickTime writes; every other "ftyp" brand is MPEG-4.
_QUICKTIME_BRANDS = {b"qt  "}
_M4V_BRANDS = {b"M4V ", b"M4VH", b"M4VP"}
# Old QuickTime files start with one of these atoms instead of "ftyp".
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}

VIDEO_SUFFIX = {"video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm",
                "video/x-m4v": ".m4v"}  # fmt: skip
IMAGE_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def _head(upload, length: int) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def video_type(upload) -> str | None:
    """Return the video's MIME type read from its first bytes, or None if it is no video."""
    head = _head(upload, 64)
    if len(head) < 12:
        return None
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _QUICKTIME_BRANDS:
            return "video/quicktime"
        return "video/x-m4v" if brand in _M4V_BRANDS else "video/mp4"
    if head[4:8] in _QUICKTIME_ATOMS:
        return "video/quicktime"
    # WebM is Matroska (the EBML magic number) whose DocType says "webm".
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head:
        return "video/webm"
    return None


def image_type(upload) -> tuple[str, tuple[int, int]] | None:
    """Return the image's MIME type and size if Pillow reads it as PNG, JPEG or WebP."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}.get(
                image.format or ""
            )
            size = image.size
            # verify() reads the whole file: a truncated or doctored image fails here.
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    upload.seek(0)
    return (kind, size) if kind else None


class ScanUnavailable(ApplicationError):
    pass


def virus_scan(upload, *, field: str = "file") -> None:
    """Refuse the upload if clamd finds a virus in it; do nothing when no scanner is set.

    A configured scanner that cannot be reached refuses the upload too: accepting an
    unscanned file where scanning was asked for would be the silent failure.
    """
    path = getattr(settings, "STUDIO_CLAMD_SOCKET", "")
    if not path:
        return
    try:
        answer = _clamd_instream(path, upload)
    except OSError as error:
        raise ScanUnavailable(
            "The virus scanner cannot be reached; please try again later.",
            errors={field: ["Not scanned."]},
            status_code=503,
        ) from error
    finally:
        upload.seek(0)
    if answer.endswith("FOUND"):
        raise ApplicationError(
            "The file contains a virus and was not accepted.", errors={field: ["Infected."]}
        )
    if not answer.endswith("OK"):
        raise ScanUnavailable(
            "The virus scanner could not check the file; please try again later.",
            errors={field: ["Not scanned."]},
            status_code=503,
        )


def _clamd_instream(path: str, upload, chunk: int = 64 * 1024) -> str:
    """Stream the file to clamd: "zINSTREAM", length-prefixed chunks, a zero length."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(60)
        sock.connect(path)
        sock.sendall(b"zINSTREAM\0")
        upload.seek(0)
        while data := upload.read(chunk):
            sock.sendall(struct.pack("!L", len(data)) + data)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    # "stream: OK", "stream: Eicar-Signature FOUND" or "INSTREAM size limit exceeded. ERROR".
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
