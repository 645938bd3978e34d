"""The registry's figures on the overview page: households and people by population group, in the user's areas."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User
from haven.population import selectors


@panel_register
def registry_panel(user: User) -> Panel | None:
    if not user.has_perm("population.view_household"):
        return None
    figures = selectors.registry_figures(user)
    url = reverse("population:household-list")
    people = [
        Figure(figure.label, figure.individuals, f"{url}?population_group={figure.population_group}")
        for figure in figures
    ]
    households = sum(figure.households for figure in figures)
    return Panel(_("Registered people in your areas"), [Figure(_("Households"), households, url), *people], order=100)
