from django.urls import path
from rest_framework.routers import DefaultRouter

from haven.assistance import api

router = DefaultRouter()
router.register("programmes", api.ProgrammeViewSet, basename="assistance-programme")
router.register("distributions", api.DistributionViewSet, basename="assistance-distribution")
router.register("entitlements", api.EntitlementViewSet, basename="assistance-entitlement")

urlpatterns = [path("balance/", api.BalanceView.as_view(), name="assistance-balance"), *router.urls]
