from rest_framework.routers import DefaultRouter

from haven.displacement import api

router = DefaultRouter()
router.register("figures", api.AreaFigureViewSet, basename="figure")
router.register("rounds", api.RoundViewSet, basename="round")
router.register("assessments", api.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
