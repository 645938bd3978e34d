from django.urls import path

from haven.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_board, name="board"),
    path("list/", views.project_list, name="project-list"),
    path("map/", views.project_map, name="map"),
    path("new/", views.project_create, name="project-create"),
    path("3w.csv", views.whowhatwhere_export, name="3w-export"),
    path("3w/import/", views.whowhatwhere_import, name="3w-import"),
    path("<str:code>/", views.project_detail, name="project-detail"),
    path("<str:code>/advance/", views.project_advance, name="project-advance"),
    path("<str:code>/figures/", views.project_figures, name="project-figures"),
    path("<str:code>/documents/", views.project_document_add, name="project-document-add"),
]
