from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "haven.projects"
    label = "projects"
    verbose_name = _("Community assistance projects")

    def ready(self) -> None:
        from haven.projects import panels  # noqa: F401  (registers the overview figures)
