"""Comment bodies: Markdown without raw HTML, then sanitised, with mentions as links."""

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")

# "@name" at the start or after a space or bracket, so an email address is not a mention.
MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9_.+-]*[a-z0-9_]|[a-z0-9])", re.IGNORECASE)

_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "span",
}  # fmt: skip


def mention_handles(body: str) -> list[str]:
    """Return the handles mentioned in ``body``, lower-cased, in order, once each."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def render(body: str) -> str:
    """Return the body as sanitised HTML: no script, no raw HTML, safe links only."""
    html = _md.render(body or "")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "span": {"class"}, "code": {"class"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
