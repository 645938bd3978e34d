from django.contrib import admin

from haven.projects.models import Beneficiaries, Project, ProjectDocument, StageChange


class StageChangeInline(admin.TabularInline[StageChange, Project]):
    model = StageChange
    extra = 0
    readonly_fields = ("stage", "on", "by", "note", "recorded_at")
    can_delete = False


class BeneficiariesInline(admin.TabularInline[Beneficiaries, Project]):
    model = Beneficiaries
    extra = 0


class ProjectDocumentInline(admin.TabularInline[ProjectDocument, Project]):
    model = ProjectDocument
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("code", "title", "sector", "stage", "area", "partner", "budget_usd", "spent_usd")
    list_filter = ("stage", "sector")
    search_fields = ("code", "title", "partner")
    raw_id_fields = ("area",)
    filter_horizontal = ("locations",)
    readonly_fields = ("stage",)
    inlines = [StageChangeInline, BeneficiariesInline, ProjectDocumentInline]
