"""A programme names the appeal project that funds it; the appeal project's page lists its programmes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.assistance.factories import programme_make
from haven.core.services import ServiceError
from haven.funding.services import seed_appeal_load

pytestmark = pytest.mark.django_db


def test_a_programme_is_linked_to_an_appeal_project_by_its_code(manager: Any) -> None:
    seed_appeal_load()
    programme = programme_make(created_by=manager, appeal_project_code="IRQ-2009-01")
    assert programme.appeal_project is not None
    assert programme.appeal_project.title.startswith("Humanitarian assistance to internally displaced")


def test_an_unknown_appeal_project_is_refused_and_nothing_is_created(manager: Any) -> None:
    with pytest.raises(ServiceError, match="No appeal project has the code IRQ-2009-99"):
        programme_make(created_by=manager, code="X-1", appeal_project_code="IRQ-2009-99")
    from haven.assistance.selectors import programmes_visible_to

    assert not programmes_visible_to(manager).filter(code="X-1").exists()


def test_the_appeal_project_page_lists_the_programmes_it_funds(manager: Any) -> None:
    seed_appeal_load()
    programme = programme_make(created_by=manager, code="EDA-2008", appeal_project_code="IRQ-2009-01")
    client = Client()
    client.force_login(manager)
    html = client.get(reverse("funding:appeal-project-detail", args=["IRQ-2009-01"])).content.decode()
    assert "EDA-2008" in html and reverse("assistance:programme-detail", args=[programme.pk]) in html
    page = client.get(reverse("assistance:programme-detail", args=[programme.pk])).content.decode()
    assert reverse("funding:appeal-project-detail", args=["IRQ-2009-01"]) in page
    form = client.get(reverse("assistance:programme-create")).content.decode()
    assert "IRQ-2009-12" in form
