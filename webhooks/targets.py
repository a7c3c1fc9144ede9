"""Where a webhook may be delivered, and the connection that goes only there.

Targets are checked against server-side request forgery twice: when registered, and on every
attempt, where the connection goes to the address that was checked (so a DNS answer that
changes in between, "DNS rebinding", cannot redirect it to a private address).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time as clock
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from core.exceptions import ApplicationError

# How much of a refusing response is kept in the log.
BODY_IN_LOG = 300


class UnsafeTarget(ApplicationError):
    """A URL Studio refuses to send to."""


def _refused_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True)
class Target:
    """A checked URL, and the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def webhook_target_check(url: str) -> Target:
    """Return where ``url`` may be delivered, or raise ``UnsafeTarget`` saying why not."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("A webhook URL starts with https:// (or http://) and names a host.")
    if parts.username or parts.password:
        raise UnsafeTarget("Put credentials in the secret, not in the webhook URL.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeTarget("The webhook URL's port is not a number.") from None
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget(f"The host “{parts.hostname}” could not be found.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE:
        refused = [ip for ip in addresses if _refused_address(ip)]
        if refused:
            raise UnsafeTarget(
                f"“{parts.hostname}” is at {refused[0]}, a private, loopback, link-local or "
                "reserved address; webhooks go only to public addresses."
            )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    # IPv4 first: a host with both often listens on only one, and IPv4 is the likelier.
    ordered = sorted(dict.fromkeys(addresses), key=lambda ip: ip.version)
    return Target(parts.scheme, parts.hostname, port, path, tuple(map(str, ordered)))


def _connect(addresses: tuple[str, ...], port: int, timeout: float) -> socket.socket:
    """Connect to the first of the checked addresses that answers."""
    error: OSError = OSError("No address to connect to.")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as refused:
            error = refused
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the addresses that were checked, whatever DNS says now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses = target.addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to the checked addresses, verifying the certificate of the host."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._addresses = target.addresses

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None
    duration_ms: int
    error: str = ""


def target_post(url: str, headers: dict[str, str], body: bytes) -> Outcome:
    started = clock.monotonic()

    def spent() -> int:
        return int((clock.monotonic() - started) * 1000)

    try:
        target = webhook_target_check(url)
    except UnsafeTarget as error:
        return Outcome(False, None, spent(), error.message)
    timeout = settings.STUDIO_WEBHOOK_TIMEOUT_SECONDS
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(BODY_IN_LOG).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(False, None, spent(), f"{type(error).__name__}: {error}"[:500])
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Outcome(True, response.status, spent())
    return Outcome(False, response.status, spent(), f"HTTP {response.status}: {text}".strip())
