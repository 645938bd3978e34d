from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "haven.funding"
    label = "funding"
    verbose_name = _("Appeals and funding")

    def ready(self) -> None:
        from haven.funding import panels  # noqa: F401  (registers the overview figures)
