"""Every write of assistance, re-exported: `from haven.assistance import services`."""

from haven.assistance.services.deliveries import (
    DeliveriesRefused,
    DeliveryRefused,
    Receipt,
    deliveries_record_many,
    delivery_record,
)
from haven.assistance.services.offline import (
    OfflineListRefused,
    distribution_workbook_load,
    distribution_workbook_write,
)
from haven.assistance.services.programmes import (
    distribution_close,
    distribution_create,
    distribution_list_generate,
    programme_create,
    programme_status_set,
    programme_targeting_set,
)
from haven.assistance.services.verification import verification_record, verification_sample_draw

__all__ = [
    "DeliveriesRefused",
    "DeliveryRefused",
    "OfflineListRefused",
    "Receipt",
    "deliveries_record_many",
    "delivery_record",
    "distribution_close",
    "distribution_create",
    "distribution_list_generate",
    "distribution_workbook_load",
    "distribution_workbook_write",
    "programme_create",
    "programme_status_set",
    "programme_targeting_set",
    "verification_record",
    "verification_sample_draw",
]
