"""The population registry's data, one module per part; import models from here."""

from typing import Any

from haven.population.models.duplicates import RegistryDuplicate
from haven.population.models.household import (
    AGE_BANDS,
    COMPOSITION_FIELDS,
    Household,
    HouseholdEvent,
    HouseholdEventKind,
    RegistrationCounter,
)
from haven.population.models.imports import (
    BatchStatus,
    ColumnMapping,
    DuplicateDecision,
    DuplicateReason,
    ImportBatch,
    ImportProblem,
    PossibleDuplicate,
    StagedPerson,
)
from haven.population.models.individual import IdentityDocument, Individual


def field_label(model: type[Any], name: str) -> str:
    """A model field's verbose name, for forms and tables that list fields by name."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


__all__ = [
    "AGE_BANDS",
    "COMPOSITION_FIELDS",
    "BatchStatus",
    "ColumnMapping",
    "DuplicateDecision",
    "DuplicateReason",
    "Household",
    "HouseholdEvent",
    "HouseholdEventKind",
    "IdentityDocument",
    "ImportBatch",
    "ImportProblem",
    "Individual",
    "PossibleDuplicate",
    "RegistrationCounter",
    "RegistryDuplicate",
    "StagedPerson",
    "field_label",
]
