from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from haven.core.exports import csv_download, spreadsheet_safe


def test_formula_text_is_turned_into_plain_text() -> None:
    assert spreadsheet_safe('=HYPERLINK("http://evil","click")') == '\'=HYPERLINK("http://evil","click")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("محمد") == "محمد"
    assert spreadsheet_safe(-3.5) == -3.5


@given(st.text())
def test_no_exported_text_starts_a_formula(text: str) -> None:
    assert not str(spreadsheet_safe(text)).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_download_starts_with_a_bom_and_counts_rows() -> None:
    response, count = csv_download(filename="x.csv", header=["name"], rows=[["=1+1"], [None]])
    assert count == 2
    assert response.content.decode("utf-8").splitlines() == ["\ufeffname", "'=1+1", '""']
