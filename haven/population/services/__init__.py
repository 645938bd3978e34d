"""Every write of the population registry: registration, changes of situation, imports."""

from haven.population.services.batches import (
    batch_create,
    batch_discard,
    batch_stage,
    duplicate_decide,
    duplicates_find,
)
from haven.population.services.events import household_merge, household_split
from haven.population.services.households import (
    DocumentDetails,
    HouseholdDetails,
    MemberDetails,
    household_details_check,
    household_register,
    household_update,
    members_check,
)
from haven.population.services.mappings import mapping_delete, mapping_save
from haven.population.services.matching import (
    RegistryCheck,
    individual_merge,
    match_model_train,
    registry_duplicate_decide,
    registry_duplicates_find,
)
from haven.population.services.merge import batch_merge, batch_merge_check

__all__ = [
    "DocumentDetails",
    "HouseholdDetails",
    "MemberDetails",
    "RegistryCheck",
    "batch_create",
    "batch_discard",
    "batch_merge",
    "batch_merge_check",
    "batch_stage",
    "duplicate_decide",
    "duplicates_find",
    "household_details_check",
    "household_merge",
    "household_register",
    "household_split",
    "household_update",
    "individual_merge",
    "mapping_delete",
    "mapping_save",
    "match_model_train",
    "members_check",
    "registry_duplicate_decide",
    "registry_duplicates_find",
]
