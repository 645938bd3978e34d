"""Saved column mappings: how a Kobo/ODK export or a partner's sheet maps onto the canonical template."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.services import ServiceError, audit_changes, audit_record
from haven.population.imports import ColumnMapping as MappingRules
from haven.population.models import ColumnMapping, ImportBatch


@transaction.atomic
def mapping_save(
    *,
    saved_by: User | None,
    name: str,
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]] | None = None,
    description: str = "",
    mapping: ColumnMapping | None = None,
) -> ColumnMapping:
    """Create a mapping, or change `mapping`; refused for an unknown template field or a name in use."""
    if saved_by is not None and not saved_by.has_perm("population.change_columnmapping"):
        raise PermissionDenied(_("Your role cannot change column mappings."))
    clean_name = name.strip()
    if not clean_name:
        raise ServiceError(_("Give the mapping a name."))
    taken = ColumnMapping.objects.filter(name__iexact=clean_name)
    if mapping is not None:
        taken = taken.exclude(pk=mapping.pk)
    if taken.exists():
        raise ServiceError(_("A mapping named %(name)r already exists.") % {"name": clean_name})
    try:
        rules = MappingRules.from_json({"columns": dict(columns), "values": dict(values or {})})
    except ValueError as problem:
        raise ServiceError(str(problem)) from None
    checked = rules.to_json()
    target = mapping or ColumnMapping()
    before = {"name": target.name, "columns": target.columns, "values": target.values} if mapping else {}
    target.name = clean_name
    target.description = description.strip()
    target.columns = checked["columns"]
    target.values = checked["values"]
    if mapping is None:
        target.created_by = saved_by
    target.save()
    audit_record(
        actor=saved_by,
        action=AuditAction.UPDATE if mapping else AuditAction.CREATE,
        target=target,
        changes=audit_changes(
            before=before, after={"name": target.name, "columns": target.columns, "values": target.values}
        ),
    )
    return target


@transaction.atomic
def mapping_delete(*, mapping: ColumnMapping, deleted_by: User | None) -> None:
    """Delete a mapping no batch used; one that was used stays, so a batch's report can say how it was read."""
    if deleted_by is not None and not deleted_by.has_perm("population.change_columnmapping"):
        raise PermissionDenied(_("Your role cannot change column mappings."))
    if ImportBatch.objects.filter(mapping=mapping).exists():
        raise ServiceError(_("The mapping %(name)r was used by an import and is kept.") % {"name": mapping.name})
    audit_record(actor=deleted_by, action=AuditAction.DELETE, target=mapping)
    mapping.delete()
