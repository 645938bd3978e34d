from django.urls import path

from haven.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.appeal_list, name="appeal-list"),
    path("summary.csv", views.summary_export, name="summary-export"),
    path("donors/", views.donor_list, name="donor-list"),
    path("donors/<int:pk>/", views.donor_detail, name="donor-detail"),
    path("fts/import/", views.fts_import, name="fts-import"),
    path("contributions/<int:pk>/advance/", views.contribution_advance, name="contribution-advance"),
    path("projects/<str:code>/", views.appeal_project_detail, name="appeal-project-detail"),
    path("projects/<str:code>/link/", views.appeal_project_link, name="appeal-project-link"),
    path("<str:code>/", views.appeal_detail, name="appeal-detail"),
    path("<str:code>/contributions/", views.contribution_add, name="contribution-add"),
    path("<str:code>/iati.xml", views.iati_export, name="iati-export"),
]
