from rest_framework.routers import DefaultRouter

from haven.population import api

router = DefaultRouter()
router.register("households", api.HouseholdViewSet, basename="household")
router.register("batches", api.ImportBatchViewSet, basename="import-batch")
router.register("duplicates", api.RegistryDuplicateViewSet, basename="registry-duplicate")

urlpatterns = router.urls
