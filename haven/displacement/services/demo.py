"""Demonstration figures: a year of monthly location assessments across the governorates, imported as a file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from haven.displacement.services.imports import FiguresImportResult, figures_import
from haven.displacement.synthetic import master_list_write
from haven.geo.selectors import areas_search

if TYPE_CHECKING:
    from haven.core.models import User

DEMO_FILE = "dtm-master-list-2008-demo.csv"


def figures_demo_load(*, imported_by: User, locations: int = 90, dates: int = 12) -> FiguresImportResult:
    """Generate and import the demo master list; the same seed makes loading it again change nothing."""
    governorates = list(areas_search(level=1).filter(valid_to__isnull=True))
    areas = [(area.pcode, area.name_en) for area in governorates]
    origins = [area.name_en for area in governorates if area.pcode in {"IQG01", "IQG08", "IQG10", "IQG15", "IQG16"}]
    with tempfile.TemporaryDirectory(prefix="haven-demo-figures-") as folder:
        path = Path(folder) / DEMO_FILE
        master_list_write(path, areas=areas, origins=origins or [areas[0][1]], locations=locations, dates=dates)
        return figures_import(path=path, imported_by=imported_by)
