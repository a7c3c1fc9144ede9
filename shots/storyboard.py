"""The storyboard as a printable PDF: 6 or 9 frames a page, the shot's fields under each."""

import base64
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string

from productions.models import Production, Scene
from shots.frames import frame_bytes
from shots.models import Frame, Shot

PER_PAGE_CHOICES = (6, 9)


@dataclass
class Panel:
    shot: Shot
    frame: Frame | None
    index: int  # the frame's place among the shot's frames, from 1
    of: int
    image: str = ""  # the thumbnail as a data URI, for the PDF


def storyboard_pages(shots: list[Shot], per_page: int) -> list[list[Panel]]:
    """Deal the shots' frames into pages; a shot with no frame gets an empty panel."""
    panels = []
    for shot in shots:
        if shot.status == Shot.Status.CUT:
            continue
        frames = list(shot.frames.all()) or [None]
        for index, frame in enumerate(frames, start=1):
            panels.append(Panel(shot, frame, index, len(frames)))
    return [panels[start : start + per_page] for start in range(0, len(panels), per_page)]


def _data_uri(frame: Frame) -> str:
    data, content_type = frame_bytes(frame, "thumbnail")
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def storyboard_pdf(
    production: Production, scene: Scene, pages: list[list[Panel]], per_page: int
) -> bytes:
    """Return the storyboard PDF. Images go in as data URIs and the fetcher fetches nothing
    else, so no text typed into a shot can make the server read a file or the network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    for page in pages:
        for panel in page:
            if panel.frame:
                panel.image = _data_uri(panel.frame)
    html = render_to_string(
        "shots/storyboard_pdf.html",
        {
            "production": production,
            "scene": scene,
            "pages": pages,
            "columns": 3,
            "rows": per_page // 3,
        },
    )
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()
