"""Importing DTM API answers: the issue's acceptance figures, idempotence, v3 origins and refusals."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from haven.displacement import selectors
from haven.displacement.imports import FiguresFileRefused
from haven.displacement.models import AreaFigure, Assessment
from haven.displacement.services import figures_import
from haven.displacement.tests.conftest import dtm_record

pytestmark = pytest.mark.django_db


def national(date: str) -> int:
    return AreaFigure.objects.get(area__pcode="IQ", reporting_date=date, group="idp").individuals


def test_governorate_figures_add_up_to_dtm_national_totals_on_every_date(governorates, shared_data: Path) -> None:
    result = figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    assert result.added == 1430 and len(result.dates) == 80

    published = json.loads((shared_data / "dtm-iraq" / "dtm-api-v2-admin0-irq.json").read_text())["result"]
    assert len(published) == 80
    for record in published:
        assert national(record["reportingDate"][:10]) == record["numPresentIdpInd"], record["reportingDate"]
    assert national("2014-04-01") == 443_124
    assert national("2024-04-30") == 1_098_913


def test_a_round_published_on_two_dates_keeps_both_dates(governorates, shared_data: Path) -> None:
    figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    dates = {row.round.number: row.dates for row in selectors.rounds_with_dates()}
    assert [day.isoformat() for day in dates[48]] == ["2016-04-01", "2016-06-01"]


def test_the_same_file_twice_changes_nothing(governorates, shared_data: Path) -> None:
    path = shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json"
    figures_import(path=path)
    before = (Assessment.objects.count(), AreaFigure.objects.count(), list(AreaFigure.objects.values_list("pk")))
    again = figures_import(path=path)
    assert not again.changed and again.unchanged == 1430 and again.import_id is None
    assert before == (
        Assessment.objects.count(),
        AreaFigure.objects.count(),
        list(AreaFigure.objects.values_list("pk")),
    )


def test_a_corrected_file_replaces_that_dates_figures_and_keeps_the_old_ones(governorates, write) -> None:
    figures_import(
        path=write("r1.json", [dtm_record("IRQ-G01", "2014-04-01", 100), dtm_record("IRQ-G08", "2014-04-01", 50)])
    )
    corrected = figures_import(path=write("r1-fixed.json", [dtm_record("IRQ-G01", "2014-04-01", 120)]))
    assert (corrected.added, corrected.replaced, corrected.withdrawn) == (0, 1, 1)
    assert national("2014-04-01") == 120
    history = Assessment.objects.filter(place_key="A:IQG01").order_by("pk")
    assert [(a.individuals, a.is_current) for a in history] == [(100, False), (120, True)]
    assert history[0].replaced_by_id == corrected.import_id


def test_a_governorates_district_file_withdraws_only_that_governorates_missing_places(districts, write) -> None:
    def district_file(name: str, *rows: tuple[str, int]) -> Path:
        records = [dtm_record(pcode[:5], "2008-12-01", idps, admin2Pcode=pcode) for pcode, idps in rows]
        written: Path = write(name, records)
        return written

    figures_import(path=district_file("baghdad.json", ("IQG08Q01", 100), ("IQG08Q02", 40)))
    anbar = figures_import(path=district_file("anbar.json", ("IQG01Q02", 70)))
    assert (anbar.added, anbar.withdrawn) == (1, 0)  # Baghdad's districts are not Al-Anbar's file to withdraw
    current = dict(Assessment.objects.filter(is_current=True).values_list("place_key", "individuals"))
    assert current == {"A:IQG08Q01": 100, "A:IQG08Q02": 40, "A:IQG01Q02": 70}
    corrected = figures_import(path=district_file("baghdad-fixed.json", ("IQG08Q01", 100)))
    assert (corrected.unchanged, corrected.withdrawn) == (1, 1)  # Al-Resafa is gone from Baghdad's own list
    assert national("2008-12-01") == 170


def test_a_file_never_withdraws_figures_outside_the_importers_areas(governorates, make_user, write) -> None:
    figures_import(
        path=write("national.json", [dtm_record("IRQ-G01", "2014-04-01", 100), dtm_record("IRQ-G08", "2014-04-01", 50)])
    )
    anbar_officer = make_user("ahmed", "im_officer", ["IQG01"])
    own = figures_import(path=write("anbar.json", [dtm_record("IRQ-G01", "2014-04-01", 90)]), imported_by=anbar_officer)
    assert (own.replaced, own.withdrawn) == (1, 0)
    assert national("2014-04-01") == 140


def test_dtm_v3_rows_split_by_origin_are_added_up_with_origins_kept(governorates, write) -> None:
    rows = [
        dtm_record("IRQ-G08", "2024-01-01", 70, idpOriginAdmin1Pcode="IRQ-G01", displacementReason="Conflict"),
        dtm_record("IRQ-G08", "2024-01-01", 30, idpOriginAdmin1Pcode="IRQ-G15", displacementReason="Conflict"),
        dtm_record("IRQ-G08", "2024-01-01", 5, idpOriginAdmin1Pcode="IRQ-G01", displacementReason="Natural disaster"),
    ]
    figures_import(path=write("v3.json", {"result": rows, "isSuccess": True}))
    assessment = Assessment.objects.get()
    assert assessment.individuals == 105
    origins = {b.origin_area.pcode: b.individuals for b in assessment.breakdowns.select_related("origin_area")
               if b.origin_area is not None}  # fmt: skip
    assert origins == {"IQG01": 75, "IQG15": 30}


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            [dtm_record("IRQ-G01", "2014-04-01", 5), dtm_record("IRQ-G01", "2014-04-01", 6)],
            "record 2, IRQ-G01: a second record for this area and 2014-04-01 (first at record 1)",
        ),
        ([dtm_record("IRQ-G01", "2014-04-01", -3)], "record 1, numPresentIdpInd: -3 is negative"),
        ([dtm_record("IRQ-G01", "2014-04-01", "many")], "record 1, numPresentIdpInd: 'many' is not a number"),
        ([dtm_record("IRQ-G99", "2014-04-01", 5)], "record 1, area: 'IRQ-G99' is not an area Haven knows"),
        ([dtm_record("IRQ-G01", "01/13/2014", 5)], "record 1, reportingDate:"),
    ],
    ids=["duplicate", "negative", "not-a-number", "unknown-area", "bad-date"],
)
def test_a_bad_record_refuses_the_whole_file_and_changes_nothing(governorates, write, records, expected) -> None:
    figures_import(path=write("good.json", [dtm_record("IRQ-G08", "2014-03-01", 9)]))
    good = [*records, dtm_record("IRQ-G02", "2014-04-01", 7)]
    with pytest.raises(FiguresFileRefused) as refused:
        figures_import(path=write("bad.json", good))
    message = str(refused.value).replace("row ", "record ")
    assert "bad.json was not imported, nothing was changed" in message
    assert expected in message
    assert Assessment.objects.count() == 1 and AreaFigure.objects.filter(reporting_date="2014-04-01").count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "this is not JSON"),
        ('{"isSuccess": false, "errorMessages": ["quota"]}', "quota"),
        ('{"result": {}}', "no list of records"),
        ("[]", "holds no figures"),
    ],
)
def test_a_file_that_is_not_a_dtm_answer_is_refused_with_a_reason(governorates, write, content: Any, expected) -> None:
    with pytest.raises(FiguresFileRefused, match=expected):
        figures_import(path=write("x.json", content))


def test_counts_by_governorate_are_kept_per_date(governorates, shared_data: Path) -> None:
    figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    raw = json.loads((shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json").read_text())["result"]
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for record in raw:
        key = (record["admin1Pcode"].replace("IRQ-", "IQ"), record["reportingDate"][:10])
        expected[key] += record["numPresentIdpInd"]
    rows = AreaFigure.objects.filter(level=1).values_list("area__pcode", "reporting_date", "individuals")
    stored = {(pcode, day.isoformat()): n for pcode, day, n in rows}
    assert stored == dict(expected)
