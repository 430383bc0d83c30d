"""The server's one error shape, {"error": {"status": 400, "message": "..."}}, and the request
size limit, enforced before any handler runs and while a body is read."""
from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpError(Exception):
    """An error answered to the client with its status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


HEADERS_ALLOWANCE = 64 * 1024  # bytes of headers a request may carry beyond its URL


def request_head_limit(max_bytes: int) -> int:
    """The most bytes the HTTP server may buffer for a request line and headers (uvicorn's
    `h11_max_incomplete_event_size`; 16 KB unless raised): room for a URL at the limit of
    `max_bytes` and its headers, so that a long GET reaches SizeLimit (our JSON 413, or an answer)
    instead of the HTTP parser's plain-text "400 Invalid HTTP request received."."""
    return max_bytes + HEADERS_ALLOWANCE


class SizeLimit:
    """ASGI middleware: a request whose URL or declared body is over `max_bytes` gets 413 before
    any handler runs (its body is never read); a body of undeclared length is read only up to the
    limit, then the handler reading it gets HttpError(413)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._declared_size(scope) > self.max_bytes:
            return await self.too_large()(scope, receive, send)
        await self.app(scope, self._capped(receive), send)

    def _declared_size(self, scope: Scope) -> int:
        url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        length = dict(scope["headers"]).get(b"content-length", b"0")
        return max(url, int(length) if length.isdigit() else 0)

    def _capped(self, receive: Receive) -> Receive:
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HttpError(413, self.too_large_message())
            return message
        return capped

    def too_large_message(self) -> str:
        return f"the request is larger than {self.max_bytes} bytes"

    def too_large(self) -> JSONResponse:
        return error(413, self.too_large_message())
