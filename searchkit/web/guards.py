"""What every response passes through: the Host check and the security headers.

DNS rebinding: a web page on another site can point its own host name at
127.0.0.1 and then read a local server's answers as if they were its own. The
browser still sends that foreign name in the ``Host`` header, so a local server
that answers only to the names it is reached by (localhost, its address, those
it is told) cannot be read that way.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Only the site's own scripts, styles and images; no framing, no plugins, no foreign form targets.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # an article link must not carry the search to the publisher
]


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8080`` -> ``::1``, ``Example.org.`` -> ``example.org``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


class Guard:
    """Refuses requests addressed to a host name not allowed (``None``: any), and adds the security headers."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            header = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.allowed:
                shown = header.encode("ascii", "backslashreplace").decode()[:100]
                response = PlainTextResponse(
                    f"searchkit: refused a request addressed to host {shown!r}: this server answers to "
                    f"{', '.join(sorted(self.allowed))} (start it with --allow-host NAME to add a name)\n",
                    status_code=400)
                await response(scope, receive, self._with_headers(send))
                return
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        return send_with_headers
