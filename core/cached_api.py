"""The API's production-scoped reads (lists, the board), served from ``core.read_cache``.

An integration polls the same list again and again; until someone changes the production the
answer is the same bytes. ``cached_json`` keeps the rendered JSON of a 200 answer, keyed by the
production, what the member may see (their access level: pay is for managers) and the full URL
(the query string, and the host the page links are built on), and serves it while the
production's generation is unchanged (see ``schedules.board_cache`` for what expires it).

Everything that decides whether the request may be answered (authentication, throttling, the
production's scoping: another production is 404) runs before, as for any request. Only JSON is
cached: the browsable API and CSV are computed each time.

Each process also keeps the answers it served (``LOCAL_BYTES`` of them, the least recently
served dropped first), with the generations they were current under. Finding the production
already read its generation and the global one from the cache (``productions.access``), before
any data: an answer kept here under those same generations is current, and is served without
asking the cache again. Any other answer (a generation moved, or none was read) is looked up
in the cache as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import read_cache

# Part of every key: change it whenever the cached answers change shape.
FORMAT = 1
# Answer headers kept with the body (the board's version travels as its ETag).
KEPT_HEADERS = ("ETag",)
# How many bytes of answers each process keeps (see above).
LOCAL_BYTES = 32 * 1024 * 1024


# An answer is its body and headers; its body is what it weighs.
_served = read_cache.ProcessCopies(LOCAL_BYTES, size=lambda answer: len(answer[0]))


def _key(kind: str, view, request) -> str:
    membership = view.membership
    user = request.user
    viewer = f"{membership.access if membership else '-'}:{int(user.is_superuser)}"
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    return f"api:{FORMAT}:{kind}:{view.production.pk}:{viewer}:{url}"


def cached_json(kind: str, view, request, compute: Callable[[], Response]):
    """Return ``compute()``'s answer, from the cache while the production is unchanged."""
    renderer = getattr(request, "accepted_renderer", None)
    if (
        not settings.STUDIO_BOARD_CACHE
        or request.method != "GET"
        or not isinstance(renderer, JSONRenderer)
    ):
        return compute()
    key = _key(kind, view, request)
    value = _served.get(key, getattr(view, "generations", None))
    if value is None:
        value, stamps = read_cache.lookup(key, view.production.pk)
        if value is None:
            response = compute()
            if response.status_code != 200 or not isinstance(response, Response):
                return response
            body = renderer.render(response.data, renderer.media_type, {"response": response})
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            value = (body, headers)
            read_cache.store(key, stamps, value)
        _served.put(key, stamps, value)
    body, headers = value
    answer = HttpResponse(body, content_type=renderer.media_type)
    for name, header in headers.items():
        answer[name] = header
    return answer
