from django.urls import include, path
from rest_framework.routers import DefaultRouter

from haven.core import api

router = DefaultRouter()
router.register("jobs", api.JobViewSet, basename="job")
router.register("audit", api.AuditEntryViewSet, basename="audit")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
