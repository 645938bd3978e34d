from django.contrib import admin

from haven.displacement.models import Assessment, FiguresImport, Round, SeverityIndicator
from haven.displacement.severity import INDICATOR_CODES


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["number", "assessment_type", "operation"]
    list_filter = ["assessment_type"]


@admin.register(FiguresImport)
class FiguresImportAdmin(admin.ModelAdmin[FiguresImport]):
    list_display = ["file_name", "file_format", "imported_at", "imported_by", "added", "replaced", "withdrawn"]
    readonly_fields = [field.name for field in FiguresImport._meta.fields]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    """Figures change through imports only, so that every change has a file behind it."""

    list_display = ["place_key", "reporting_date", "group", "families", "individuals", "is_current"]
    list_filter = ["group", "assessment_type", "is_current"]
    search_fields = ["place_key", "place_name"]
    exclude = ["key_informant_name", "key_informant_phone", "key_informant_role"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SeverityIndicator)
class SeverityIndicatorAdmin(admin.ModelAdmin[SeverityIndicator]):
    """Weights of the severity score; an indicator never set here keeps its default weight."""

    list_display = ["code", "weight", "is_active"]
    list_editable = ["weight", "is_active"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "code":
            from django import forms

            return forms.ChoiceField(choices=[(code, code) for code in INDICATOR_CODES])
        return super().formfield_for_dbfield(db_field, request, **kwargs)
