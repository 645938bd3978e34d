"""Every write of displacement tracking: imports of figures and the master list they feed."""

from haven.displacement.services.demo import figures_demo_load
from haven.displacement.services.imports import FiguresImportResult, family_size, figures_import
from haven.displacement.services.masterlist import masterlist_refresh

__all__ = ["FiguresImportResult", "family_size", "figures_demo_load", "figures_import", "masterlist_refresh"]
