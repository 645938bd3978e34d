from haven.assistance.views.distributions import (
    distribution_close,
    distribution_detail,
    distribution_download,
    distribution_list_generate,
    distribution_sample,
    distribution_upload,
    entitlement_deliver,
    verification_record,
)
from haven.assistance.views.programmes import (
    distribution_create,
    programme_create,
    programme_detail,
    programme_list,
    programme_targeting,
)
from haven.assistance.views.reports import report, report_export

__all__ = [
    "distribution_close",
    "distribution_create",
    "distribution_detail",
    "distribution_download",
    "distribution_list_generate",
    "distribution_sample",
    "distribution_upload",
    "entitlement_deliver",
    "programme_create",
    "programme_detail",
    "programme_list",
    "programme_targeting",
    "report",
    "report_export",
    "verification_record",
]
