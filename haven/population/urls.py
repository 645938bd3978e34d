from django.urls import path

from haven.population.views import duplicates, households, imports, mappings

app_name = "population"

urlpatterns = [
    path("", households.household_list, name="household-list"),
    path("export.csv", households.household_export, name="household-export"),
    path("people/", households.individual_list, name="individual-list"),
    path("people/export.csv", households.individual_export, name="individual-export"),
    path("households/new/", households.household_register, name="household-register"),
    path("households/check/", households.household_check, name="household-check"),
    path("households/<str:number>/", households.household_detail, name="household-detail"),
    path("households/<str:number>/edit/", households.household_edit, name="household-edit"),
    path("households/<str:number>/situation/", households.household_situation, name="household-situation"),
    path("duplicates/", duplicates.registry_duplicates, name="registry-duplicates"),
    path("duplicates/check/", duplicates.registry_check, name="registry-check"),
    path("duplicates/<int:pk>/", duplicates.registry_duplicate_decide, name="registry-duplicate-decide"),
    path("imports/", imports.batch_list, name="batch-list"),
    path("imports/upload/", imports.batch_upload, name="batch-upload"),
    path("imports/<uuid:batch_id>/", imports.batch_detail, name="batch-detail"),
    path("imports/<uuid:batch_id>/status/", imports.batch_status, name="batch-status"),
    path("imports/<uuid:batch_id>/report.xlsx", imports.batch_report, name="batch-report"),
    path("imports/<uuid:batch_id>/check/", imports.batch_check, name="batch-check"),
    path("imports/<uuid:batch_id>/merge/", imports.batch_merge, name="batch-merge"),
    path("imports/<uuid:batch_id>/discard/", imports.batch_discard, name="batch-discard"),
    path("imports/<uuid:batch_id>/duplicates/<int:candidate_id>/", imports.duplicate_decide, name="duplicate-decide"),
    path("mappings/", mappings.mapping_list, name="mapping-list"),
    path("mappings/new/", mappings.mapping_edit, name="mapping-create"),
    path("mappings/<int:pk>/", mappings.mapping_edit, name="mapping-edit"),
    path("mappings/<int:pk>/delete/", mappings.mapping_delete, name="mapping-delete"),
]
