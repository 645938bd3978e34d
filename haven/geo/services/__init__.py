"""Every write in geo: loading areas from COD-AB files, and locations."""

from haven.geo.services.cod import BUILTIN_GOVERNORATES, CodLoadResult, cod_load, governorates_load_builtin
from haven.geo.services.locations import location_create, location_deactivate, location_update

__all__ = [
    "BUILTIN_GOVERNORATES",
    "CodLoadResult",
    "cod_load",
    "governorates_load_builtin",
    "location_create",
    "location_deactivate",
    "location_update",
]
