"""Master lists (CSV, XLSX) and HXL CSV: the header crosswalk, breakdowns, needs, estimates and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from haven.displacement.imports import FiguresFileRefused
from haven.displacement.imports.records import count_read
from haven.displacement.imports.tables import header_role
from haven.displacement.models import AreaFigure, Assessment
from haven.displacement.services import figures_import

pytestmark = pytest.mark.django_db

ROUND_1 = (
    "Place ID,Location name,Governorate,District,Date,Round,Families,Individuals,Origin Al-Anbar,"
    "Origin Ninewa,Camp,Host families,Unfinished/Abandoned building,Pre-June14,Need food,Priority need 1,"
    "Key informant name,Key informant phone\n"
    "L-001,Hay al-Jihad,Baghdad,IQG08Q01,2015-01-15,12,40,220,30,10,,25,15,40,yes,Food,Abu Ali,07701234567\n"
    "L-002,Abu Ghraib,Baghdad,IQG08Q02,2015-01-15,12,10,60,10,,10,,,10,no,Shelter,,\n"
)
# The next round renamed Families to Households and Individuals to IDP individuals, as DTM's did.
ROUND_2 = (
    "Location ID,Location name,Governorate,District,Reporting date,Round,Households,IDP individuals\n"
    "L-001,Hay al-Jihad,Baghdad,IQG08Q01,2015-02-15,13,42,230\n"
    "L-002,Abu Ghraib,Baghdad,IQG08Q02,2015-02-15,13,9,\n"
)


def test_a_master_list_is_read_through_the_crosswalk_with_its_breakdowns_and_needs(districts, write) -> None:
    result = figures_import(path=write("ml-r12.csv", ROUND_1))
    assert result.added == 2 and result.file_format == "spreadsheet"
    first = Assessment.objects.select_related("round").get(place_key="L:L-001")
    assert first.round is not None
    assert (first.area.pcode, first.families, first.individuals, first.round.number) == ("IQG08Q01", 40, 220, 12)
    assert first.assessment_type == "baseline" and first.place_name == "Hay al-Jihad"
    parts = {(b.dimension, b.origin_area.pcode if b.origin_area else b.shelter_category or b.category, b.families)
             for b in first.breakdowns.select_related("origin_area")}  # fmt: skip
    assert parts == {("origin", "IQG01", 30), ("origin", "IQG15", 10), ("shelter", "private", 25),
                     ("shelter", "critical", 15), ("period", "pre june14", 40)}  # fmt: skip
    need = first.needs.get()
    assert (need.sector, need.is_needed, need.priority) == ("food", True, 1)
    assert first.key_informant_phone == "07701234567"


def test_renamed_columns_of_a_later_round_are_understood_and_individuals_estimated(districts, write) -> None:
    figures_import(path=write("ml-r12.csv", ROUND_1))
    figures_import(path=write("ml-r13.csv", ROUND_2))
    later = Assessment.objects.get(place_key="L:L-002", reporting_date="2015-02-15")
    assert (later.families, later.individuals, later.individuals_estimated) == (9, 54, True)
    baghdad = AreaFigure.objects.get(area__pcode="IQG08", reporting_date="2015-02-15", group="idp")
    assert (baghdad.families, baghdad.individuals, baghdad.individuals_estimated) == (51, 284, True)


def test_an_xlsx_master_list_reads_like_its_csv(districts, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in ROUND_1.strip().splitlines():
        sheet.append([int(cell) if cell.isdigit() else (cell or None) for cell in line.split(",")])
    workbook.save(tmp_path / "ml.xlsx")
    result = figures_import(path=tmp_path / "ml.xlsx")
    assert result.added == 2
    assert AreaFigure.objects.get(area__pcode="IQG08", group="idp").individuals == 280


def test_an_hxl_csv_gives_one_figure_per_group(governorates, write) -> None:
    content = (
        "Date,Governorate,IDP HH,IDP ind,Returnee ind,Host ind\n"
        "#date+reported,#adm1+code,#affected+hh+idps,#affected+ind+idps,#affected+returnees+ind,#affected+host+ind\n"
        "2016-06-01,IRQ-G15,100,600,40,2000\n"
    )
    result = figures_import(path=write("hxl.csv", content))
    assert result.file_format == "hxl" and result.added == 3
    figures = {f.group: (f.families, f.individuals) for f in AreaFigure.objects.filter(area__pcode="IQ")}
    assert figures == {"idp": (100, 600), "returnee": (None, 40), "host": (None, 2000)}


def test_columns_haven_does_not_read_are_reported(governorates, write) -> None:
    result = figures_import(
        path=write("x.csv", "Governorate,Date,Individuals,Enumerator team\nBaghdad,2015-01-01,5,A\n")
    )
    assert result.ignored_columns == ["Enumerator team"]
    assert "Enumerator team" in result.summary()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Governorate,Date,Families\nBaghdad,2015-01-01,-4\n", "row 2, Families: -4 is negative"),
        ("Governorate,Date,Families\nBaghdad,2015-01-01,lots\n", "row 2, Families: 'lots' is not a number"),
        ("Governorate,Date,Families\nAtlantis,2015-01-01,4\n", "row 2, area: 'Atlantis' is not an area Haven knows"),
        (
            "Governorate,Date,Families\nBaghdad,2015-01-01,4\nIQG08,2015-01-01,5\n",
            "row 3: a second figure for IQG08, idp, 2015-01-01 (first on row 2)",
        ),
        ("Governorate,Families\nBaghdad,4\n", "file: no reporting date column"),
        ("Date,Families\n2015-01-01,4\n", "file: no area column"),
        ("Governorate,Date,Need water\nBaghdad,2015-01-01,maybe\n", "no families or individuals column"),
        ('Governorate,Date,Families\n"Baghdad,2015-01-01,4\n', "the CSV is malformed"),
    ],
    ids=["negative", "not-a-number", "unknown-area", "duplicate", "no-date", "no-area", "no-count", "bad-quote"],
)
def test_a_bad_master_list_is_refused_by_row_and_column_and_changes_nothing(governorates, write, content, expected):
    with pytest.raises(FiguresFileRefused) as refused:
        figures_import(path=write("bad.csv", content))
    assert expected in str(refused.value)
    assert not Assessment.objects.exists() and not AreaFigure.objects.exists()


def test_a_file_of_another_kind_is_refused(governorates, write) -> None:
    with pytest.raises(FiguresFileRefused, match=r"reads \.json, \.csv, \.xlsx files"):
        figures_import(path=write("figures.pdf", "%PDF"))


def test_an_area_outside_the_importers_scope_is_refused(districts, make_user, write) -> None:
    officer = make_user("hadi", "im_officer", ["IQG01"])
    with pytest.raises(FiguresFileRefused, match="IQG08Q01 is outside your areas"):
        figures_import(path=write("ml.csv", ROUND_1), imported_by=officer)


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=12), st.none(), st.booleans()))
def test_a_count_is_a_whole_number_from_zero_or_a_clear_refusal(value) -> None:
    try:
        count = count_read(value)
    except ValueError as error:
        message = str(error)
        assert message
    else:
        assert count is None or count >= 0


@given(st.text(max_size=40))
def test_any_header_is_classified_or_ignored_never_a_crash(header: str) -> None:
    role = header_role(header, lambda text: None)
    assert role is None or role.role


@pytest.mark.parametrize(
    ("header", "role", "detail"),
    [
        ("Families", "families", ""),
        ("Households", "families", ""),
        ("IDP individuals", "count", "idp"),
        ("Returnee HH", "count", "returnee"),
        ("Host families", "breakdown", "shelter"),
        ("Host community families", "count", "host"),
        ("Post-September 2014", "breakdown", "period"),
        ("Priority need 2", "priority", "2"),
        ("Need drinking water", "need", "water"),
    ],
)
def test_header_crosswalk(header: str, role: str, detail: str) -> None:
    found = header_role(header, lambda text: None)
    assert found is not None and found.role == role
    assert detail in {"", found.group, found.dimension, found.kind, found.sector}


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_blank_rows_included(governorates, write) -> None:
    with pytest.raises(FiguresFileRefused, match="row 4, Families: -1 is negative"):
        figures_import(
            path=write("gaps.csv", "Governorate,Date,Families\nBaghdad,2015-01-01,4\n,,\nBasra,2015-01-01,-1\n")
        )
