"""Trained models in the admin site, read-only: they are made by training, not by hand."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from haven.dedup.models import MatchModel


@admin.register(MatchModel)
class MatchModelAdmin(admin.ModelAdmin[Any]):
    list_display = ["trained_at", "records", "threshold", "trained_by"]
    fields = ["trained_at", "records", "threshold", "trained_by"]
    readonly_fields = ["trained_at", "records", "threshold", "trained_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
