"""Recording deliveries: once per household and per person, whatever record or route is used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.models import Delivery, DeliveryRefusal, Entitlement
from haven.assistance.services import (
    DeliveriesRefused,
    DeliveryRefused,
    Receipt,
    deliveries_record_many,
    delivery_record,
)
from haven.core.models import AuditEntry
from haven.core.services import ServiceError
from haven.population import selectors as population_selectors
from haven.population.factories import household_make, member_make, same_person_confirm

pytestmark = pytest.mark.django_db

ON = date(2008, 6, 1)


def _head(household: Any) -> Any:
    return population_selectors.household_members(household).first()


def test_a_delivery_is_recorded_and_marks_the_entitlement(manager: Any) -> None:
    household = household_make(members=[member_make("Ali", national_id="199912345678")])
    distribution = distribution_make(programme_make())
    entitlement = distribution.entitlements.get(household=household)
    delivery = delivery_record(
        entitlement=entitlement,
        recorded_by=manager,
        receipt=Receipt(
            identified_by="document", document_number="1999 1234 5678", received_by=_head(household), delivered_on=ON
        ),
    )
    entitlement.refresh_from_db()
    assert entitlement.delivered and delivery.quantity == Decimal(1) and delivery.received_by == _head(household)
    assert AuditEntry.objects.filter(object_type="assistance.delivery", object_id=str(delivery.pk)).exists()


def test_second_delivery_of_the_same_entitlement_is_refused_and_logged(manager: Any) -> None:
    household_make()
    distribution = distribution_make(programme_make())
    entitlement = distribution.entitlements.get()
    delivery_record(entitlement=entitlement, receipt=Receipt(delivered_on=ON), recorded_by=manager)
    with pytest.raises(DeliveryRefused, match="already received this entitlement"):
        delivery_record(entitlement=entitlement, receipt=Receipt(delivered_on=ON), recorded_by=manager)
    assert Delivery.objects.count() == 1
    refusal = DeliveryRefusal.objects.get()
    assert refusal.attempted_by == manager and "already received" in refusal.reason
    assert AuditEntry.objects.filter(action="refused", object_type="assistance.entitlement").exists()


def test_second_delivery_to_a_duplicate_household_is_refused(manager: Any) -> None:
    first = household_make(members=[member_make("Mohammed")])
    second = household_make("IQG08", members=[member_make("محمد")])
    same_person_confirm(_head(first), _head(second))
    distribution = distribution_make(programme_make())
    delivery_record(
        entitlement=distribution.entitlements.get(household=first),
        receipt=Receipt(delivered_on=ON),
        recorded_by=manager,
    )
    with pytest.raises(DeliveryRefused, match=f"same person as a member of household {first.registration_number}"):
        delivery_record(
            entitlement=distribution.entitlements.get(household=second),
            receipt=Receipt(delivered_on=ON),
            recorded_by=manager,
        )
    assert Delivery.objects.count() == 1 and DeliveryRefusal.objects.count() == 1


def test_a_household_listed_at_two_distributions_of_a_round_is_listed_once(manager: Any) -> None:
    household_make()
    programme = programme_make()
    first = distribution_make(programme, name="Morning")
    second = distribution_make(programme, name="Afternoon")
    assert first.entitlements.count() == 1 and second.entitlements.count() == 0
    next_round = distribution_make(programme, name="July", round=2)
    assert next_round.entitlements.count() == 1


def test_a_document_no_member_holds_is_refused_without_recording(manager: Any) -> None:
    household_make(members=[member_make("Ali", national_id="199912345678")])
    entitlement = distribution_make(programme_make()).entitlements.get()
    with pytest.raises(ServiceError, match="No member of household"):
        delivery_record(
            entitlement=entitlement,
            receipt=Receipt(identified_by="document", document_number="555", delivered_on=ON),
            recorded_by=manager,
        )
    assert not Delivery.objects.exists() and not DeliveryRefusal.objects.exists()


def test_more_than_entitled_is_refused(manager: Any) -> None:
    household_make()
    entitlement = distribution_make(programme_make()).entitlements.get()
    with pytest.raises(ServiceError, match="at most the 1 entitled"):
        delivery_record(
            entitlement=entitlement, receipt=Receipt(quantity=Decimal(2), delivered_on=ON), recorded_by=manager
        )


def test_a_list_is_recorded_all_or_nothing(manager: Any) -> None:
    first = household_make(members=[member_make("Mohammed")])
    second = household_make(members=[member_make("Omar")])
    distribution = distribution_make(programme_make())
    good = distribution.entitlements.get(household=first).pk
    bad = distribution.entitlements.get(household=second).pk
    with pytest.raises(DeliveriesRefused) as refused:
        deliveries_record_many(
            distribution=distribution,
            recorded_by=manager,
            receipts=[
                (good, Receipt(delivered_on=ON)),
                (bad, Receipt(quantity=Decimal(5), delivered_on=ON)),
            ],
        )
    assert list(refused.value.problems) == [bad] and refused.value.problems[bad][0] == "quantity"
    assert not Delivery.objects.exists()
    recorded = deliveries_record_many(
        distribution=distribution,
        recorded_by=manager,
        receipts=[(good, Receipt(delivered_on=ON)), (bad, Receipt(delivered_on=ON))],
    )
    assert recorded == 2 and Entitlement.objects.filter(delivered=True).count() == 2


def test_two_duplicate_households_in_one_upload_are_refused_together(manager: Any) -> None:
    first = household_make(members=[member_make("Mohammed")])
    second = household_make(members=[member_make("محمد")])
    same_person_confirm(_head(first), _head(second))
    distribution = distribution_make(programme_make())
    receipts = [(entitlement.pk, Receipt(delivered_on=ON)) for entitlement in distribution.entitlements.all()]
    with pytest.raises(DeliveriesRefused, match="1 deliveries refused"):
        deliveries_record_many(distribution=distribution, receipts=receipts, recorded_by=manager)
    assert not Delivery.objects.exists() and DeliveryRefusal.objects.count() == 1


def test_the_records_claimed_for_a_household_are_its_members_person_records(manager: Any) -> None:
    first = household_make(members=[member_make("Mohammed"), member_make("Zainab", relationship="spouse", sex="F")])
    second = household_make(members=[member_make("محمد")])
    same_person_confirm(_head(first), _head(second))
    claimed = population_selectors.person_records_by_household([first.pk, second.pk])
    expected = set().union(
        *(population_selectors.person_records(m) for m in population_selectors.household_members(first))
    )
    assert claimed[first.pk] == expected and claimed[second.pk] == population_selectors.person_records(_head(second))
    assert claimed[first.pk] & claimed[second.pk]


def test_a_random_sample_of_deliveries_is_drawn_and_verified(manager: Any) -> None:
    from haven.assistance.models import Verification
    from haven.assistance.services import verification_record, verification_sample_draw

    for _ in range(5):
        household_make()
    distribution = distribution_make(programme_make())
    receipts = [(entitlement.pk, Receipt(delivered_on=ON)) for entitlement in distribution.entitlements.all()]
    deliveries_record_many(distribution=distribution, receipts=receipts, recorded_by=manager)
    assert verification_sample_draw(distribution=distribution, size=2, drawn_by=manager, seed=1) == 2
    assert verification_sample_draw(distribution=distribution, size=10, drawn_by=manager, seed=1) == 3
    with pytest.raises(ServiceError, match="in the sample already"):
        verification_sample_draw(distribution=distribution, size=1, drawn_by=manager)
    visit = Verification.objects.first()
    assert visit is not None
    with pytest.raises(ServiceError, match="quantity the household says"):
        verification_record(verification=visit, outcome="partly", verified_by=manager)
    verification_record(verification=visit, outcome="not_received", verified_by=manager, note="Neighbour collected")
    visit.refresh_from_db()
    assert visit.outcome == "not_received" and visit.verified_by == manager
