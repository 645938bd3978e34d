from django.urls import path

from haven.displacement import views

app_name = "displacement"

urlpatterns = [
    path("", views.figures_overview, name="overview"),
    path("areas/<str:pcode>/", views.area_figures, name="area"),
    path("flows/", views.flows, name="flows"),
    path("changes/", views.changes, name="changes"),
    path("places/", views.places, name="places"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("imports/", views.imports, name="imports"),
    path("export/", views.export, name="export"),
]
