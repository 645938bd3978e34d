from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "haven.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self) -> None:
        from haven.assistance import panels  # noqa: F401  (registers the overview figures)
