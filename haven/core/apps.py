from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "haven.core"
    label = "core"
    verbose_name = _("Users and audit")

    def ready(self) -> None:
        from haven.core import panels, signals  # noqa: F401  (registers figures; connects login auditing)
