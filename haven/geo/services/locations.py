"""Writes on locations (camps, settlements, neighbourhoods): permission and area scope checked here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from haven.core.models import AuditAction, User
from haven.core.selectors import area_path_in_scope
from haven.core.services import ServiceError, audit_changes, audit_record
from haven.geo.models import Area, Location, LocationType

_EDITABLE = ("code", "name_en", "name_ar", "type", "area", "latitude", "longitude")


def _snapshot(location: Location) -> dict[str, Any]:
    values = {field: getattr(location, field) for field in _EDITABLE if field != "area"}
    values["area"] = location.area.pcode if location.area_id else None
    values["is_active"] = location.is_active
    return values


def _check_scope(user: User, area: Area) -> None:
    if not area_path_in_scope(user, area.path):
        raise PermissionDenied(f"The area {area.pcode} is outside your areas.")


def _check_values(*, code: str, name_en: str, type: str, area: Area, latitude: float | None,
                  longitude: float | None, exclude_pk: int | None = None) -> None:  # fmt: skip
    if not code.strip():
        raise ServiceError("A location needs a code.")
    if not name_en.strip():
        raise ServiceError("A location needs an English name.")
    if type not in LocationType.values:
        raise ServiceError(f"Unknown location type {type!r}; choose one of: {', '.join(LocationType.values)}.")
    if area.is_retired:
        raise ServiceError(f"The area {area.pcode} was retired on {area.valid_to}; choose a current area.")
    if (latitude is None) != (longitude is None):
        raise ServiceError("Give both latitude and longitude, or neither.")
    if latitude is not None and not -90 <= latitude <= 90:
        raise ServiceError(f"Latitude {latitude} is outside -90..90.")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ServiceError(f"Longitude {longitude} is outside -180..180.")
    taken = Location.objects.filter(code__iexact=code.strip())
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ServiceError(f"The location code {code.strip()!r} is already used.")


@transaction.atomic
def location_create(
    *,
    created_by: User,
    code: str,
    name_en: str,
    type: str,
    area: Area,
    name_ar: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Location:
    """Record a new location below an administrative area.

    Refused (PermissionDenied) to a person without `geo.add_location` or when the area is outside
    their scope: a branch office maps places in its own governorate only. Refused (ServiceError)
    for a code already used, an unknown type, a retired area or coordinates off the globe.
    """
    if not created_by.has_perm("geo.add_location"):
        raise PermissionDenied("Your role cannot add locations.")
    _check_scope(created_by, area)
    _check_values(code=code, name_en=name_en, type=type, area=area, latitude=latitude, longitude=longitude)
    location = Location.objects.create(
        code=code.strip(), name_en=name_en.strip(), name_ar=name_ar.strip(), type=type, area=area,
        latitude=latitude, longitude=longitude,
    )  # fmt: skip
    audit_record(
        actor=created_by,
        action=AuditAction.CREATE,
        target=location,
        changes=audit_changes(before={}, after=_snapshot(location)),
    )
    return location


@transaction.atomic
def location_update(*, location: Location, updated_by: User, **fields: Any) -> Location:
    """Change a location's code, names, type, area or coordinates.

    Refused (PermissionDenied) without `geo.change_location`, or when either the current or the
    new area is outside the person's scope: nobody moves a place into or out of another office's
    governorate. Refused (ServiceError) for fields that cannot be changed and invalid values.
    """
    if not updated_by.has_perm("geo.change_location"):
        raise PermissionDenied("Your role cannot change locations.")
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise ServiceError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    locked = Location.objects.select_for_update().select_related("area").get(pk=location.pk)
    _check_scope(updated_by, locked.area)
    before = _snapshot(locked)
    for field, value in fields.items():
        setattr(locked, field, value.strip() if isinstance(value, str) else value)
    _check_scope(updated_by, locked.area)
    _check_values(
        code=locked.code, name_en=locked.name_en, type=locked.type, area=locked.area,
        latitude=locked.latitude, longitude=locked.longitude, exclude_pk=locked.pk,
    )  # fmt: skip
    locked.save()
    changes = audit_changes(before=before, after=_snapshot(locked))
    if changes:
        audit_record(actor=updated_by, action=AuditAction.UPDATE, target=locked, changes=changes)
    return locked


@transaction.atomic
def location_deactivate(*, location: Location, deactivated_by: User) -> Location:
    """Mark a location as no longer in use (a camp closed); it stays for the records that name it.

    Refused (PermissionDenied) without `geo.delete_location` or outside the person's scope.
    """
    if not deactivated_by.has_perm("geo.delete_location"):
        raise PermissionDenied("Your role cannot close locations.")
    locked = Location.objects.select_for_update().select_related("area").get(pk=location.pk)
    _check_scope(deactivated_by, locked.area)
    if not locked.is_active:
        return locked
    locked.is_active = False
    locked.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=deactivated_by,
        action=AuditAction.UPDATE,
        target=locked,
        changes=audit_changes(before={"is_active": True}, after={"is_active": False}),
    )
    return locked
