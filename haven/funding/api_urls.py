from django.urls import path
from rest_framework.routers import DefaultRouter

from haven.funding import api

router = DefaultRouter()
router.register("appeals", api.AppealViewSet, basename="appeal")

urlpatterns = [
    path("appeals/<str:code>/coverage/", api.AppealViewSet.as_view({"get": "coverage"}), name="appeal-coverage"),
    *router.urls,
]
