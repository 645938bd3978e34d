from rest_framework.routers import DefaultRouter

from haven.projects import api

router = DefaultRouter()
router.register("projects", api.ProjectViewSet, basename="project")

urlpatterns = router.urls
