from django.contrib import admin

from haven.geo.models import Area, AreaName, Location


class AreaNameInline(admin.TabularInline[AreaName, Area]):
    model = AreaName
    extra = 0
    fields = ["name", "key", "is_code"]
    readonly_fields = ["name", "key", "is_code"]
    can_delete = False


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    """Areas come from COD files; here only names can be corrected, the structure is read-only."""

    list_display = ["pcode", "name_en", "name_ar", "level", "parent", "valid_to"]
    list_filter = ["level", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["pcode", "name_en", "name_ar", "known_names__key"]
    readonly_fields = ["pcode", "level", "parent", "path", "boundary", "centroid_lat", "centroid_lon", "source",
                       "updated_at"]  # fmt: skip
    inlines = [AreaNameInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["code", "name_en", "name_ar", "type", "area", "is_active"]
    list_filter = ["type", "is_active", "area__level"]
    search_fields = ["code", "name_en", "name_ar", "area__pcode"]
    raw_id_fields = ["area"]
