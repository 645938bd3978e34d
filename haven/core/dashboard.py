"""The overview page's figures, contributed by each module.

Core may not import the modules built on it, so each module registers a panel from its
AppConfig.ready(); the home page shows the panels the person may see, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from haven.core.models import User


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: int | str
    url: str = ""
    note: str | Promise = ""


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    figures: list[Figure] = field(default_factory=list)
    order: int = 100


PanelBuilder = Callable[["User"], "Panel | None"]

_builders: list[PanelBuilder] = []


def panel_register(builder: PanelBuilder) -> PanelBuilder:
    """Adds a module's panel; usable as a decorator. Registering twice has no effect."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def panels_for(user: User) -> list[Panel]:
    built = [builder(user) for builder in _builders]
    return sorted((panel for panel in built if panel is not None), key=lambda panel: panel.order)
