"""The registry in the admin site: read-only. Registration goes through the pages and API, where the
rules, the area scope and the audit log apply; the admin site must not become a way around them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from haven.population.models import ColumnMapping, Household, ImportBatch


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    """Counts and situation only: names are read on the household's page, where reading is logged."""

    list_display = ["registration_number", "population_group", "area", "size", "source", "registered_on", "is_active"]
    list_filter = ["population_group", "source", "is_active", "consent_given"]
    search_fields = ["registration_number", "area__pcode"]
    fields = ["registration_number", "population_group", "area", "location", "origin_area", "origin_country",
              "displaced_on", "returned_on", "shelter", "size", "consent_given", "source", "import_batch",
              "registered_on", "is_active"]  # fmt: skip


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["name", "file_name", "status", "rows", "households", "errors", "created_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "file_name", "fingerprint"]
    exclude = ["stored_path"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ["name", "description", "updated_at"]
