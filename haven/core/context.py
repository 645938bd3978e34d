"""The request a service call belongs to, if any: the audit log records its address and path."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    path: str = ""
    # Who runs a command-line operation, where no one is signed in: the audit log still names them.
    operator: str = ""


# A frozen dataclass: the shared default cannot be mutated.
request_context: ContextVar[RequestContext] = ContextVar("haven_request_context", default=RequestContext())  # noqa: B039
