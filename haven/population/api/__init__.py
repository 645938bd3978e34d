"""REST endpoints of the registry: households (scoped, every read audited, writes through the services)
and import batches, for scripts that follow an import.

Households are addressed by registration number; areas by P-code and locations by code, as in the
registration template. A household outside the caller's areas answers 404, as if it did not exist.
"""

from haven.population.api.batches import ImportBatchViewSet
from haven.population.api.duplicates import RegistryDuplicateViewSet
from haven.population.api.households import HouseholdViewSet

__all__ = ["HouseholdViewSet", "ImportBatchViewSet", "RegistryDuplicateViewSet"]
