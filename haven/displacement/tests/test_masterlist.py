"""The master list rolls figures up the area tree without counting a place twice."""

from __future__ import annotations

import pytest

from haven.displacement.models import AreaFigure
from haven.displacement.services import figures_import
from haven.displacement.tests.conftest import dtm_record

pytestmark = pytest.mark.django_db


def figure(pcode: str, date: str = "2015-01-01", group: str = "idp") -> AreaFigure:
    return AreaFigure.objects.get(area__pcode=pcode, reporting_date=date, group=group)


def test_locations_roll_up_to_district_governorate_and_country(districts, write) -> None:
    figures_import(path=write("ml.csv", "Location ID,District,Date,Families,Individuals\n"
                                       "A,IQG08Q01,2015-01-01,10,60\nB,IQG08Q01,2015-01-01,5,30\n"
                                       "C,IQG08Q02,2015-01-01,1,6\nD,IQG01Q02,2015-01-01,2,12\n"))  # fmt: skip
    assert (figure("IQG08Q01").individuals, figure("IQG08Q01").places) == (90, 2)
    assert figure("IQG08").individuals == 96 and figure("IQG01").individuals == 12
    assert (figure("IQ").families, figure("IQ").individuals, figure("IQ").places) == (18, 108, 4)
    assert not figure("IQ").is_direct and figure("IQG08Q01").is_direct


def test_a_figure_reported_for_an_area_itself_wins_over_its_parts(districts, write) -> None:
    figures_import(path=write("gov.json", [dtm_record("IRQ-G08", "2015-01-01", 500)]))
    figures_import(path=write("ml.csv", "Location ID,District,Date,Individuals\nA,IQG08Q01,2015-01-01,60\n"))
    assert figure("IQG08").individuals == 500 and figure("IQ").individuals == 500
    assert figure("IQG08Q01").individuals == 60


def test_families_are_blank_where_any_part_did_not_report_them(districts, write) -> None:
    figures_import(path=write("ml.csv", "Location ID,District,Date,Families,Individuals\n"
                                       "A,IQG08Q01,2015-01-01,10,60\nB,IQG08Q02,2015-01-01,,30\n"))  # fmt: skip
    assert figure("IQG08Q01").families == 10 and figure("IQG08").families is None


def test_a_governorate_file_does_not_withdraw_location_figures_of_the_same_date(districts, write) -> None:
    figures_import(path=write("ml.csv", "Location ID,District,Date,Individuals\nA,IQG08Q01,2015-01-01,60\n"))
    figures_import(path=write("gov.json", [dtm_record("IRQ-G01", "2015-01-01", 7)]))
    result = figures_import(path=write("gov2.json", [dtm_record("IRQ-G01", "2015-01-01", 8)]))
    assert (result.replaced, result.withdrawn) == (1, 0)
    assert figure("IQG08Q01").individuals == 60 and figure("IQ").individuals == 68
