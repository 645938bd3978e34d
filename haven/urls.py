from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

admin.site.site_header = "Haven"
admin.site.site_title = "Haven"

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("haven.core.api_urls")),
    path("geo/", include("haven.geo.api_urls")),
    path("population/", include("haven.population.api_urls")),
    path("displacement/", include("haven.displacement.api_urls")),
    path("projects/", include("haven.projects.api_urls")),
    path("funding/", include("haven.funding.api_urls")),
    path("assistance/", include("haven.assistance.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("areas/", include("haven.geo.urls")),
    path("registry/", include("haven.population.urls")),
    path("displacement/", include("haven.displacement.urls")),
    path("projects/", include("haven.projects.urls")),
    path("funding/", include("haven.funding.urls")),
    path("assistance/", include("haven.assistance.urls")),
    path("", include("haven.core.urls")),
]

handler400 = "haven.core.views.bad_request"
handler403 = "haven.core.views.permission_denied"
handler404 = "haven.core.views.page_not_found"
handler500 = "haven.core.views.server_error"
