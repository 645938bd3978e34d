from django.contrib import admin

from haven.funding.models import Appeal, AppealProject, Contribution, Donor, ProgrammeArea


class ProgrammeAreaInline(admin.TabularInline[ProgrammeArea, Appeal]):
    model = ProgrammeArea
    extra = 0


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin[Appeal]):
    list_display = ("code", "title", "kind", "year", "countries", "fts_plan_id")
    search_fields = ("code", "title")
    inlines = [ProgrammeAreaInline]


@admin.register(AppealProject)
class AppealProjectAdmin(admin.ModelAdmin[AppealProject]):
    list_display = ("code", "title", "appeal", "programme_area", "requirements_usd", "phase")
    list_filter = ("appeal",)
    filter_horizontal = ("community_projects",)


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin[Donor]):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ("date", "donor", "appeal", "status", "amount_usd", "currency", "boundary", "flow_type")
    list_filter = ("status", "boundary", "flow_type", "appeal")
    search_fields = ("donor__name", "description", "recipient")
    raw_id_fields = ("donor", "appeal", "programme_area", "appeal_project")
