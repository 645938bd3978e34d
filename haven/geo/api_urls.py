from rest_framework.routers import DefaultRouter

from haven.geo import api

router = DefaultRouter()
router.register("areas", api.AreaViewSet, basename="area")
router.register("locations", api.LocationViewSet, basename="location")

urlpatterns = router.urls
