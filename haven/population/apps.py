from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "haven.population"
    label = "population"
    verbose_name = _("Population registry")

    def ready(self) -> None:
        from haven.population import panels  # noqa: F401  (registers the overview figures)
