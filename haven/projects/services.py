"""Every write on community assistance projects: creation, the pipeline, beneficiaries, spending, 3W import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.selectors import area_path_in_scope
from haven.core.services import ServiceError, audit_record, text_file_read
from haven.geo import selectors as geo_selectors
from haven.projects import whowhatwhere
from haven.projects.models import (
    PIPELINE,
    Beneficiaries,
    BeneficiaryGroup,
    Project,
    ProjectDocument,
    Sector,
    Stage,
    StageChange,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from haven.geo.models import Area, Location


def _check_area(actor: User | None, area: Area) -> None:
    if actor is not None and not area_path_in_scope(actor, area.path):
        raise ServiceError(_("%(area)s is outside your areas.") % {"area": area})


@transaction.atomic
def project_create(
    *,
    created_by: User | None,
    code: str,
    title: str,
    sector: str,
    area: Area,
    locations: Iterable[Location] = (),
    partner: str = "",
    counterpart: str = "",
    budget_usd: Decimal = Decimal(0),
    description: str = "",
    identified_on: dt.date | None = None,
) -> Project:
    """A project enters the pipeline as identified, on the day given (today by default)."""
    _check_area(created_by, area)
    code = code.strip()
    if not code:
        raise ServiceError(_("A project needs a code."))
    if Project.objects.filter(code=code).exists():
        raise ServiceError(_("Project code %(code)s is already in use.") % {"code": code})
    if budget_usd < 0:
        raise ServiceError(_("A budget cannot be negative."))
    project = Project.objects.create(
        code=code,
        title=title.strip(),
        sector=sector,
        area=area,
        partner=partner.strip(),
        counterpart=counterpart.strip(),
        budget_usd=budget_usd,
        description=description,
    )
    for location in locations:
        if not location.area.path.startswith(area.path) and not area.path.startswith(location.area.path):
            raise ServiceError(_("%(location)s is not in %(area)s.") % {"location": location, "area": area})
        project.locations.add(location)
    StageChange.objects.create(
        project=project, stage=Stage.IDENTIFIED, on=identified_on or timezone.localdate(), by=created_by
    )
    audit_record(actor=created_by, action=AuditAction.CREATE, target=project)
    return project


def next_stages(project: Project) -> list[str]:
    """The stages a project may move to from where it is: the next step, or cancellation."""
    if project.stage in (Stage.COMPLETED, Stage.CANCELLED):
        return []
    index = PIPELINE.index(project.stage)
    following = [PIPELINE[index + 1]] if index + 1 < len(PIPELINE) else []
    return [*following, Stage.CANCELLED]


@transaction.atomic
def project_advance(
    *, project: Project, stage: str, by: User | None, on: dt.date | None = None, note: str = ""
) -> StageChange:
    """Move a project one step along its pipeline (or cancel it), dated and attributed.

    Steps cannot be skipped: an approval follows an assessment. Cancelling needs a reason.
    """
    project = Project.objects.select_for_update().select_related("area").get(pk=project.pk)
    _check_area(by, project.area)
    if stage not in next_stages(project):
        raise ServiceError(
            _("A project that is %(current)s cannot move to %(stage)s.")
            % {"current": project.get_stage_display().lower(), "stage": Stage(stage).label.lower()}
            if stage in Stage.values
            else _("Unknown stage %(stage)s.") % {"stage": stage}
        )
    on = on or timezone.localdate()
    last = project.stage_changes.order_by("-on").first()
    if last is not None and on < last.on:
        raise ServiceError(
            _("The step cannot be dated %(on)s, before the previous one (%(last)s).") % {"on": on, "last": last.on}
        )
    if stage == Stage.CANCELLED and not note.strip():
        raise ServiceError(_("Say why the project is cancelled."))
    before = project.stage
    project.stage = stage
    if stage == Stage.IMPLEMENTING and project.start_date is None:
        project.start_date = on
    if stage in (Stage.COMPLETED, Stage.CANCELLED):
        project.end_date = on
    project.save(update_fields=["stage", "start_date", "end_date", "updated_at"])
    change = StageChange.objects.create(project=project, stage=stage, on=on, by=by, note=note.strip())
    audit_record(actor=by, action=AuditAction.UPDATE, target=project, changes={"stage": [before, stage]}, detail=note)
    return change


@transaction.atomic
def project_spending_set(*, project: Project, spent_usd: Decimal, by: User | None) -> Project:
    _check_area(by, project.area)
    if spent_usd < 0:
        raise ServiceError(_("Spending cannot be negative."))
    before = project.spent_usd
    project.spent_usd = spent_usd
    project.save(update_fields=["spent_usd", "updated_at"])
    audit_record(
        actor=by, action=AuditAction.UPDATE, target=project, changes={"spent_usd": [str(before), str(spent_usd)]}
    )
    return project


@transaction.atomic
def project_beneficiaries_set(
    *, project: Project, figures: Mapping[str, tuple[int, int]], by: User | None
) -> list[Beneficiaries]:
    """Targeted and reached people by population group, `{group: (targeted, reached)}`."""
    _check_area(by, project.area)
    rows = []
    changes: dict[str, list[object]] = {}
    for group, (targeted, reached) in figures.items():
        if group not in BeneficiaryGroup.values:
            raise ServiceError(_("Unknown population group %(group)s.") % {"group": group})
        if targeted < 0 or reached < 0:
            raise ServiceError(_("Numbers of people cannot be negative."))
        row, _created = Beneficiaries.objects.get_or_create(project=project, population_group=group)
        changes[group] = [[row.targeted, row.reached], [targeted, reached]]
        row.targeted, row.reached = targeted, reached
        row.save()
        rows.append(row)
    audit_record(actor=by, action=AuditAction.UPDATE, target=project, changes={"beneficiaries": [None, str(changes)]})
    return rows


@transaction.atomic
def project_document_add(*, project: Project, title: str, file: UploadedFile, by: User) -> ProjectDocument:
    _check_area(by, project.area)
    if not title.strip():
        raise ServiceError(_("A document needs a title."))
    document = ProjectDocument.objects.create(project=project, title=title.strip(), file=file, uploaded_by=by)
    audit_record(actor=by, action=AuditAction.CREATE, target=document, detail=project.code)
    return document


@dataclass
class WhoWhatWhereResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("%(created)s projects created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged),
        }  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """What a job keeps as its result: JSON-ready, the summary first, then the codes by outcome."""
        return {"summary": self.summary(), "created": ", ".join(self.created) or "—",
                "updated": ", ".join(self.updated) or "—"}  # fmt: skip


# Cluster names partners write in 3W files, mapped to Haven's sectors.
SECTOR_ALIASES: dict[str, str] = {
    "wash": Sector.WASH,
    "water, sanitation and hygiene": Sector.WASH,
    "water and sanitation": Sector.WASH,
    "early recovery": Sector.LIVELIHOODS,
    "emergency livelihoods": Sector.LIVELIHOODS,
    "capacity building": Sector.TRAINING,
    "shelter and nfi": Sector.SHELTER,
    "emergency shelter and nfi": Sector.SHELTER,
    "food security": Sector.FOOD,
    "food": Sector.FOOD,
    "nfi": Sector.NFI,
}


def sector_from_text(text: str) -> str | None:
    key = " ".join(text.strip().lower().split())
    if key in Sector.values:
        return key
    for value, label in Sector.choices:
        if str(label).lower() == key:
            return value
    return SECTOR_ALIASES.get(key)


def _decimal(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace(" ", "")
    if cleaned == "":
        return Decimal(0)
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ValueError(text)
    return value


def _count(text: str) -> int:
    cleaned = text.replace(",", "").replace(" ", "")
    return int(cleaned) if cleaned else 0


@dataclass
class _Parsed:
    number: int
    code: str
    title: str
    sector: str
    area: Area
    partner: str
    counterpart: str
    stage: str
    start_date: dt.date | None
    end_date: dt.date | None
    budget_usd: Decimal
    spent_usd: Decimal
    figures: dict[str, tuple[int, int]]
    location_codes: list[str]


def _parse_row(row: whowhatwhere.Row, errors: list[str], label: str, actor: User | None) -> _Parsed | None:
    values = row.values

    def fail(name: str, message: str) -> None:
        errors.append(f"{label}, row {row.number}, column {row.columns.get(name, name)!r}: {message}")

    before = len(errors)
    for name in whowhatwhere.REQUIRED_FIELDS:
        if not values.get(name) and not (name == "sector" and values.get("sector_name")):
            fail(name, _("a value is required"))
    sector = sector_from_text(values.get("sector") or values.get("sector_name", ""))
    if sector is None and (values.get("sector") or values.get("sector_name")):
        fail(
            "sector" if values.get("sector") else "sector_name",
            _("unknown sector %(value)r") % {"value": values.get("sector") or values.get("sector_name")},
        )
    place = values.get("adm2_code") or values.get("adm1_code", "")
    area = geo_selectors.area_resolve(place) if place else None
    if area is None:
        fail(
            "adm2_code" if values.get("adm2_code") else "adm1_code",
            _("no area has the P-code %(value)r") % {"value": place},
        )
    elif actor is not None and not area_path_in_scope(actor, area.path):
        fail("adm1_code", _("%(area)s is outside your areas") % {"area": area})
    stage = values.get("stage", "").strip().lower() or Stage.IDENTIFIED
    if stage not in Stage.values:
        fail(
            "stage",
            _("unknown status %(value)r (use one of %(stages)s)") % {"value": stage, "stages": ", ".join(Stage.values)},
        )
    dates: dict[str, dt.date | None] = {}
    for name in ("start_date", "end_date"):
        text = values.get(name, "")
        try:
            dates[name] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            fail(name, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": text})
    amounts: dict[str, Decimal] = {}
    for name in ("budget_usd", "spent_usd"):
        try:
            amounts[name] = _decimal(values.get(name, ""))
            if amounts[name] < 0:
                fail(name, _("an amount cannot be negative"))
        except (ArithmeticError, ValueError):
            fail(name, _("%(value)r is not an amount") % {"value": values.get(name)})
    figures: dict[str, tuple[int, int]] = {}
    for group in BeneficiaryGroup.values:
        pair = []
        for kind in ("targeted", "reached"):
            name = f"{kind}_{group}"
            try:
                number = _count(values.get(name, ""))
                if number < 0:
                    raise ValueError
                pair.append(number)
            except ValueError:
                fail(name, _("%(value)r is not a number of people") % {"value": values.get(name)})
                pair.append(0)
        if values.get(f"targeted_{group}") or values.get(f"reached_{group}"):
            figures[group] = (pair[0], pair[1])
    location_codes = [code.strip() for code in values.get("locations", "").replace(";", ",").split(",") if code.strip()]
    for code in location_codes:
        if geo_selectors.location_by_code(code) is None:
            fail("locations", _("no location has the code %(value)r") % {"value": code})
    if len(errors) > before or area is None or sector is None:
        return None
    return _Parsed(
        number=row.number,
        code=values["code"],
        title=values["title"],
        sector=sector,
        area=area,
        partner=values.get("partner", ""),
        counterpart=values.get("counterpart", ""),
        stage=stage,
        start_date=dates.get("start_date"),
        end_date=dates.get("end_date"),
        budget_usd=amounts.get("budget_usd", Decimal(0)),
        spent_usd=amounts.get("spent_usd", Decimal(0)),
        figures=figures,
        location_codes=location_codes,
    )


def whowhatwhere_import_file(
    *, path: Path, filename: str, by: User | None, progress: Progress = no_progress
) -> WhoWhatWhereResult:
    """Import a 3W CSV kept on disk (an upload handed to the worker, or a file named on the command line)."""
    text = text_file_read(
        path=path,
        name=filename,
        not_utf8=_("%(file)s is not UTF-8 text; save it as “CSV UTF-8” and upload it again."),
    )
    return whowhatwhere_import(text=text, filename=filename, by=by, progress=progress)


@transaction.atomic
def whowhatwhere_import(
    *, text: str, filename: str, by: User | None, progress: Progress = no_progress
) -> WhoWhatWhereResult:
    """Create or update projects from a 3W file; all rows or none.

    A new project's status from the file is recorded as one step "as reported in the 3W file", dated
    with the file's start date or today; an existing project's stage is only moved by its own steps,
    so an import never rewrites a pipeline that people have dated and signed.
    """
    label = filename or "3W file"
    try:
        rows = list(whowhatwhere.read(text, filename=label))
    except whowhatwhere.WhoWhatWhereError as error:
        raise ServiceError(str(error)) from error
    errors: list[str] = []
    parsed: list[_Parsed] = []
    seen: dict[str, int] = {}
    for row in rows:
        item = _parse_row(row, errors, label, by)
        if item is None:
            continue
        if item.code in seen:
            errors.append(f"{label}, row {row.number}: project {item.code} is already on row {seen[item.code]}")
            continue
        seen[item.code] = row.number
        parsed.append(item)
    if errors:
        raise ServiceError("\n".join(errors[:50]) + (f"\n… {len(errors) - 50} more" if len(errors) > 50 else ""))
    if not parsed:
        raise ServiceError(_("%(file)s has no project rows.") % {"file": label})
    result = WhoWhatWhereResult()
    for done, item in enumerate(parsed, start=1):
        progress(done, len(parsed), item.code)
        changed: dict[str, list[str]] = {}
        existing = Project.objects.filter(code=item.code).first()
        if existing is None:
            project = project_create(
                created_by=by,
                code=item.code,
                title=item.title,
                sector=item.sector,
                area=item.area,
                partner=item.partner,
                counterpart=item.counterpart,
                budget_usd=item.budget_usd,
                identified_on=item.start_date,
            )
            if item.stage != Stage.IDENTIFIED:
                on = item.end_date if item.stage in (Stage.COMPLETED, Stage.CANCELLED) and item.end_date else None
                StageChange.objects.create(
                    project=project,
                    stage=item.stage,
                    on=on or item.start_date or timezone.localdate(),
                    by=by,
                    note=_("as reported in the 3W file %(file)s") % {"file": label},
                )
                project.stage = item.stage
            project.start_date, project.end_date, project.spent_usd = item.start_date, item.end_date, item.spent_usd
            project.save()
            result.created.append(item.code)
        else:
            project = existing
            if project.area_id != item.area.pk:
                _check_area(by, project.area)
            fields = ("title", "sector", "partner", "counterpart", "budget_usd", "spent_usd", "start_date", "end_date")
            before = {name: getattr(project, name) for name in fields}
            for name in fields:
                setattr(project, name, getattr(item, name))
            project.area = item.area
            after = {name: getattr(project, name) for name in fields}
            changed = {name: [str(before[name]), str(after[name])] for name in fields if before[name] != after[name]}
            if changed or existing.area_id != item.area.pk:
                project.save()
                audit_record(actor=by, action=AuditAction.UPDATE, target=project, changes=changed, detail=label)
        current = {row.population_group: (row.targeted, row.reached) for row in project.beneficiaries.all()}
        wanted = {**current, **item.figures}
        if wanted != current:
            project_beneficiaries_set(project=project, figures=item.figures, by=by)
        locations = [geo_selectors.location_by_code(code) for code in item.location_codes]
        if {loc.pk for loc in locations if loc} - set(project.locations.values_list("pk", flat=True)):
            project.locations.add(*[loc for loc in locations if loc])
        if existing is not None:
            (result.updated if (changed or wanted != current) else result.unchanged).append(item.code)
    return result
