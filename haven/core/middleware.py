"""Carries who is asking and from where to the audit log without threading it through every call."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from haven.core.context import RequestContext, request_context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
        token = request_context.set(RequestContext(ip_address=ip or None, path=request.path[:300]))
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)
