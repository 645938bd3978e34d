"""The offline list: downloaded as XLSX, filled in where there is no connection, uploaded back all or nothing."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.models import Delivery, DeliveryRefusal
from haven.assistance.services import OfflineListRefused, distribution_workbook_load, distribution_workbook_write
from haven.assistance.services.offline import POSITION
from haven.population.factories import household_make, member_make

pytestmark = pytest.mark.django_db


def _downloaded(distribution: Any, user: Any) -> Any:
    stream = io.BytesIO()
    distribution_workbook_write(distribution=distribution, exported_by=user, out=stream)
    stream.seek(0)
    return load_workbook(stream)


def _saved(workbook: Any) -> io.BytesIO:
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _fill(sheet: Any, row: int, **values: Any) -> None:
    for key, value in values.items():
        sheet.cell(row=row, column=POSITION[key] + 1, value=value)


def test_a_filled_in_list_comes_back_as_deliveries(manager: Any) -> None:
    household_make(members=[member_make("Ali", national_id="199912345678")])
    household_make(members=[member_make("Omar")])
    distribution = distribution_make(programme_make())
    workbook = _downloaded(distribution, manager)
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 3
    _fill(
        sheet,
        2,
        delivered="yes",
        received_by="Ali",
        identified_by="document",
        document_number="199912345678",
        delivered_on=date(2008, 6, 2),
    )
    _fill(sheet, 3, delivered="no")
    count = distribution_workbook_load(
        distribution=distribution, source=_saved(workbook), file_name="list.xlsx", recorded_by=manager
    )
    delivery = Delivery.objects.get()
    assert count == 1 and delivery.source == "offline" and delivery.delivered_on == date(2008, 6, 2)
    assert delivery.document_number == "199912345678" and delivery.received_by_name == "Ali"


def test_a_mistake_names_file_row_and_column_and_records_nothing(manager: Any) -> None:
    household_make()
    household_make()
    distribution = distribution_make(programme_make())
    workbook = _downloaded(distribution, manager)
    sheet = workbook.worksheets[0]
    _fill(sheet, 2, delivered="yes")
    _fill(sheet, 3, delivered="yes", quantity="two", delivered_on="June")
    with pytest.raises(OfflineListRefused) as refused:
        distribution_workbook_load(
            distribution=distribution, source=_saved(workbook), file_name="list.xlsx", recorded_by=manager
        )
    assert refused.value.messages == [
        "list.xlsx, row 3, column I (Quantity delivered): “two” is not a number.",
        "list.xlsx, row 3, column M (Delivered on (YYYY-MM-DD)): “June” is not a date (YYYY-MM-DD).",
    ]
    assert not Delivery.objects.exists()


def test_uploading_the_same_results_twice_is_refused_and_logged(manager: Any) -> None:
    household_make()
    distribution = distribution_make(programme_make())
    workbook = _downloaded(distribution, manager)
    _fill(workbook.worksheets[0], 2, delivered="yes")
    distribution_workbook_load(
        distribution=distribution, source=_saved(workbook), file_name="a.xlsx", recorded_by=manager
    )
    with pytest.raises(OfflineListRefused) as refused:
        distribution_workbook_load(
            distribution=distribution, source=_saved(workbook), file_name="a.xlsx", recorded_by=manager
        )
    assert "a.xlsx, row 2, column H (Delivered (yes/no))" in refused.value.messages[0]
    assert "already received" in refused.value.messages[0]
    assert Delivery.objects.count() == 1 and DeliveryRefusal.objects.count() == 1


def test_rows_already_recorded_are_marked_and_left_alone(manager: Any) -> None:
    household_make()
    distribution = distribution_make(programme_make())
    workbook = _downloaded(distribution, manager)
    _fill(workbook.worksheets[0], 2, delivered="yes")
    distribution_workbook_load(
        distribution=distribution, source=_saved(workbook), file_name="a.xlsx", recorded_by=manager
    )
    again = _downloaded(distribution, manager)
    assert again.worksheets[0].cell(row=2, column=POSITION["delivered"] + 1).value == "recorded"
    with pytest.raises(OfflineListRefused, match="1 problems"):
        distribution_workbook_load(
            distribution=distribution, source=_saved(again), file_name="b.xlsx", recorded_by=manager
        )


def test_another_distributions_list_or_a_file_that_is_not_a_workbook_is_refused(manager: Any) -> None:
    household_make()
    programme = programme_make()
    first = distribution_make(programme)
    second = distribution_make(programme, round=2)
    with pytest.raises(OfflineListRefused, match="1 problems") as refused:
        distribution_workbook_load(
            distribution=second, source=_saved(_downloaded(first, manager)), file_name="x.xlsx", recorded_by=manager
        )
    assert "list of another distribution" in refused.value.messages[0]
    with pytest.raises(OfflineListRefused) as refused:
        distribution_workbook_load(
            distribution=first, source=io.BytesIO(b"registration,number\n"), file_name="y.csv", recorded_by=manager
        )
    assert refused.value.messages[0].startswith("y.csv is not an XLSX workbook")


def test_rows_swapped_between_households_are_caught(manager: Any) -> None:
    household_make()
    household_make()
    distribution = distribution_make(programme_make())
    workbook = _downloaded(distribution, manager)
    sheet = workbook.worksheets[0]
    number = sheet.cell(row=3, column=2).value
    _fill(sheet, 2, delivered="yes", registration_number=number)
    with pytest.raises(OfflineListRefused) as refused:
        distribution_workbook_load(
            distribution=distribution, source=_saved(workbook), file_name="l.xlsx", recorded_by=manager
        )
    assert "column B (Registration number)" in refused.value.messages[0] and "mixed up" in refused.value.messages[0]
