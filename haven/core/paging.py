"""Paging for list pages, keeping the person's filters in the links to other pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Any, *, per_page: int) -> dict[str, Page[Any] | str]:
    """Template context for `core/_pager.html`: the requested page, and the filters as a query string."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(items, per_page).get_page(request.GET.get("page")), "query": query.urlencode()}
