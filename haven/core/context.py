"""The request a service call belongs to, if any: the audit log records its address and path."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

    from haven.core.models import User


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    path: str = ""
    # Who runs a command-line operation, where no one is signed in: the audit log still names them.
    operator: str = ""


# A frozen dataclass: the shared default cannot be mutated.
request_context: ContextVar[RequestContext] = ContextVar("haven_request_context", default=RequestContext())  # noqa: B039


def signed_in_user(request: HttpRequest | Request) -> User:
    """The person behind a page or API request; refused when no one is signed in."""
    # The `haven` command imports this module before Django is set up, so models load here.
    from haven.core.models import User

    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
