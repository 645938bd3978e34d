"""Double delivery under concurrent requests: two officers press *Record* for the same household at once."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.models import Delivery, DeliveryRefusal, Entitlement
from haven.assistance.services import DeliveryRefused, Receipt, delivery_record
from haven.population import selectors as population_selectors
from haven.population.factories import household_make, member_make, same_person_confirm

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write transaction, so it cannot show two deliveries racing; "
        "run with DATABASE_URL=postgres://… to test the row lock and the unique constraints",
    ),
]
ATTEMPTS = 8


def _race(entitlements: list[Entitlement], user: Any) -> list[str]:
    """Deliver each entitlement from its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(entitlements))
    outcomes: list[str] = []

    def attempt(entitlement: Entitlement) -> None:
        try:
            barrier.wait()
            delivery_record(entitlement=entitlement, receipt=Receipt(delivered_on=date(2008, 6, 1)), recorded_by=user)
            outcomes.append("delivered")
        except DeliveryRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(entitlement,)) for entitlement in entitlements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_the_same_entitlement_delivered_from_many_requests_at_once_is_delivered_once(manager: Any) -> None:
    household_make()
    entitlement = distribution_make(programme_make()).entitlements.get()
    outcomes = _race([entitlement] * ATTEMPTS, manager)
    assert sorted(outcomes) == ["delivered"] + ["refused"] * (ATTEMPTS - 1)
    assert Delivery.objects.count() == 1 and DeliveryRefusal.objects.count() == ATTEMPTS - 1


def test_two_households_of_one_person_served_at_the_same_moment_are_served_once(manager: Any) -> None:
    first = household_make(members=[member_make("Mohammed")])
    second = household_make(members=[member_make("محمد")])
    same_person_confirm(
        population_selectors.household_members(first).get(), population_selectors.household_members(second).get()
    )
    distribution = distribution_make(programme_make())
    entitlements = list(distribution.entitlements.all()) * (ATTEMPTS // 2)
    outcomes = _race(entitlements, manager)
    assert outcomes.count("delivered") == 1 and Delivery.objects.count() == 1
