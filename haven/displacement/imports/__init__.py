"""Reading figures files: DTM API JSON, master-list spreadsheets (CSV, XLSX) and HXL-tagged CSV."""

from __future__ import annotations

from pathlib import Path

from haven.displacement.imports.dtm_json import dtm_read
from haven.displacement.imports.records import FiguresFile, FiguresFileRefused, Problem
from haven.displacement.imports.tables import OriginLookup, table_read, table_rows

SUFFIXES = (".json", ".csv", ".xlsx")


def figures_file_read(path: Path, *, name: str, origin_lookup: OriginLookup, default_group: str) -> FiguresFile:
    """Every record of a figures file, or FiguresFileRefused naming each problem by row and column."""
    problems: list[Problem] = []
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            with path.open("rb") as handle:
                figures = dtm_read(handle, problems)
        elif suffix in {".csv", ".xlsx", ".xlsm", ".txt"}:
            figures = table_read(
                table_rows(path, name=name), problems, origin_lookup=origin_lookup, default_group=default_group
            )
        else:
            kind = suffix or "files without a suffix"
            raise ValueError(f"Haven reads {', '.join(SUFFIXES)} files of figures, not {kind}")
    except ValueError as error:
        raise FiguresFileRefused(name, [Problem(0, "", str(error))]) from None
    if problems:
        raise FiguresFileRefused(name, problems)
    if not figures.records:
        raise FiguresFileRefused(name, [Problem(0, "", "the file holds no figures")])
    return figures


__all__ = ["FiguresFile", "FiguresFileRefused", "Problem", "figures_file_read"]
