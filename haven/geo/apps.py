from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "haven.geo"
    label = "geo"
    verbose_name = _("Areas and locations")

    def ready(self) -> None:
        from haven.geo import panels  # noqa: F401  (registers the overview figures)
