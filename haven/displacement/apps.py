from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisplacementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.displacement"
    verbose_name = _("Displacement tracking")

    def ready(self) -> None:
        from haven.displacement import panels  # noqa: F401  (registers the overview figures)
