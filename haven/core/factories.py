"""Test data for core: people with a role and areas, created through the real service."""

from __future__ import annotations

from typing import Any

import factory
from django.apps import apps

from haven.core.models import User
from haven.core.roles import Role
from haven.core.services import user_create

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def area_make(pcode: str, name: str, *, parent: Any = None, level: int | None = None) -> Any:
    """An administrative area, looked up by model name: core's tests must not import geo."""
    area_model = apps.get_model("geo", "Area")
    path = (parent.path if parent else "") + f"{pcode}/"
    area, _ = area_model.objects.get_or_create(
        pcode=pcode,
        defaults={
            "name_en": name,
            "level": level if level is not None else (parent.level + 1 if parent else 0),
            "parent": parent,
            "path": path,
        },
    )
    return area


class UserFactory(factory.Factory):  # type: ignore[misc,name-defined]
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"person{n}")  # type: ignore[attr-defined,no-untyped-call]
    role = Role.FIELD_OFFICER
    areas: list[Any] = []

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.setdefault("password", TEST_PASSWORD)
        return user_create(**kwargs)

    @classmethod
    def _build(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.pop("areas", None)
        kwargs.pop("password", None)
        return model_class(**kwargs)
