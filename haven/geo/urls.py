from django.urls import path

from haven.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("load/", views.boundaries_load, name="boundaries-load"),
    path("locations/", views.location_list, name="location-list"),
    path("locations/new/", views.location_create, name="location-create"),
    path("locations/export.csv", views.location_export, name="location-export"),
    path("locations/<int:pk>/", views.location_detail, name="location-detail"),
    path("locations/<int:pk>/edit/", views.location_edit, name="location-edit"),
    path("<str:pcode>/", views.area_detail, name="area-detail"),
]
