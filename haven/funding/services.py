"""Every write in funding: appeals from their data files, contributions and their steps, FTS imports."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record, text_file_read
from haven.funding.models import (
    Appeal,
    AppealProject,
    Contribution,
    ContributionStatus,
    Donor,
    Phase,
    ProgrammeArea,
)
from haven.projects import selectors as project_selectors

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_APPEAL = DATA_DIR / "iom-iraq-2009.json"

# A contribution moves forward only: a pledge is committed, a commitment paid.
_STATUS_ORDER = [ContributionStatus.PLEDGE, ContributionStatus.COMMITMENT, ContributionStatus.PAID]


@dataclass
class AppealLoadResult:
    appeal: Appeal
    created: bool
    projects: int
    requirements_usd: Decimal


def _usd(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise ServiceError(
            _("%(where)s: %(value)r is not an amount in USD.") % {"where": where, "value": value}
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ServiceError(_("%(where)s: %(value)r is not an amount in USD.") % {"where": where, "value": value})
    return amount


@transaction.atomic
def appeal_load_file(*, path: Path, by: User | None) -> AppealLoadResult:
    """Create or bring up to date an appeal from its JSON data file; loading twice changes nothing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        code, title, year = data["code"], data["title"], int(data["year"])
        areas = data["programme_areas"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ServiceError(
            _("%(file)s is not an appeal file: %(error)s") % {"file": path.name, "error": error}
        ) from None
    appeal, created = Appeal.objects.update_or_create(
        code=code,
        defaults={
            "title": title,
            "kind": data.get("kind", "appeal"),
            "year": year,
            "countries": data.get("countries", ""),
            "start_date": dt.date.fromisoformat(data["start_date"]) if data.get("start_date") else None,
            "end_date": dt.date.fromisoformat(data["end_date"]) if data.get("end_date") else None,
            "source": data.get("source", ""),
        },
    )
    total = Decimal(0)
    count = 0
    for order, area_data in enumerate(areas, start=1):
        area, _created = ProgrammeArea.objects.update_or_create(
            appeal=appeal,
            name=area_data["name"],
            defaults={"code": area_data.get("code", ""), "theme": area_data.get("theme", ""), "order": order},
        )
        for project_order, item in enumerate(area_data.get("projects", []), start=1):
            where = f"{path.name}: {item.get('code', '?')}"
            phase = item.get("phase", "")
            if phase not in Phase.values:
                raise ServiceError(_("%(where)s: unknown phase %(phase)r.") % {"where": where, "phase": phase})
            amount = _usd(item["requirements_usd"], where)
            AppealProject.objects.update_or_create(
                code=item["code"],
                defaults={
                    "appeal": appeal,
                    "programme_area": area,
                    "title": item["title"],
                    "requirements_usd": amount,
                    "phase": phase,
                    "phase_label": item.get("phase_label", ""),
                    "order": project_order,
                },
            )
            total += amount
            count += 1
    if created:
        audit_record(actor=by, action=AuditAction.CREATE, target=appeal, detail=f"{path.name}: {count} projects")
    return AppealLoadResult(appeal=appeal, created=created, projects=count, requirements_usd=total)


def seed_appeal_load(*, by: User | None = None) -> AppealLoadResult:
    """The appeal of the seed text (IOM Iraq 2009), shipped with Haven."""
    return appeal_load_file(path=SEED_APPEAL, by=by)


def donor_get_or_create(*, name: str, kind: str = "") -> Donor:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("A contribution needs a donor."))
    donor, created = Donor.objects.get_or_create(name=name, defaults={"kind": kind})
    if not created and kind and not donor.kind:
        donor.kind = kind
        donor.save(update_fields=["kind"])
    return donor


def _usd_amount(amount_original: Decimal | None, currency: str, exchange_rate: Decimal | None) -> Decimal:
    if amount_original is None:
        raise ServiceError(_("Give the amount."))
    if currency == "USD":
        return amount_original
    if not exchange_rate or exchange_rate <= 0:
        raise ServiceError(_("Give the exchange rate (units of %(currency)s per USD).") % {"currency": currency})
    return (amount_original / exchange_rate).quantize(Decimal("0.01"))


@transaction.atomic
def contribution_record(
    *,
    by: User | None,
    donor: Donor,
    appeal: Appeal,
    status: str,
    date: dt.date,
    amount_original: Decimal,
    currency: str = "USD",
    exchange_rate: Decimal | None = None,
    appeal_project: AppealProject | None = None,
    programme_area: ProgrammeArea | None = None,
    recipient: str = "",
    description: str = "",
) -> Contribution:
    """A pledge, commitment or payment towards an appeal, its programme area or one of its projects.

    The USD amount is the original amount divided by the rate (units of the currency per USD, as
    FTS and the UN operational rates state it).
    """
    currency = currency.strip().upper() or "USD"
    if len(currency) != 3 or not currency.isalpha():
        raise ServiceError(_("%(currency)s is not an ISO 4217 currency code.") % {"currency": currency})
    if status not in ContributionStatus.values:
        raise ServiceError(_("Unknown status %(status)s.") % {"status": status})
    if amount_original is None or amount_original <= 0:
        raise ServiceError(_("A contribution's amount must be more than zero."))
    if appeal_project is not None:
        if appeal_project.appeal_id != appeal.pk:
            raise ServiceError(_("%(project)s is not a project of this appeal.") % {"project": appeal_project})
        programme_area = appeal_project.programme_area
    if programme_area is not None and programme_area.appeal_id != appeal.pk:
        raise ServiceError(_("%(area)s is not a programme area of this appeal.") % {"area": programme_area})
    contribution = Contribution.objects.create(
        donor=donor,
        appeal=appeal,
        programme_area=programme_area,
        appeal_project=appeal_project,
        status=status,
        date=date,
        amount_original=amount_original,
        currency=currency,
        exchange_rate=exchange_rate if currency != "USD" else None,
        amount_usd=_usd_amount(amount_original, currency, exchange_rate),
        recipient=recipient,
        description=description,
    )
    audit_record(actor=by, action=AuditAction.CREATE, target=contribution)
    return contribution


@transaction.atomic
def contribution_advance(*, contribution: Contribution, status: str, by: User | None) -> Contribution:
    """Pledge → commitment → paid; never backwards."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if status not in ContributionStatus.values:
        raise ServiceError(_("Unknown status %(status)s.") % {"status": status})
    if _STATUS_ORDER.index(ContributionStatus(status)) <= _STATUS_ORDER.index(ContributionStatus(contribution.status)):
        raise ServiceError(
            _("A contribution that is %(current)s cannot become %(status)s.")
            % {"current": contribution.get_status_display().lower(), "status": ContributionStatus(status).label.lower()}
        )
    before = contribution.status
    contribution.status = status
    contribution.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=contribution, changes={"status": [before, status]})
    return contribution


@transaction.atomic
def appeal_project_link_caps(*, appeal_project: AppealProject, codes: list[str], by: User | None) -> list[str]:
    """Link community assistance projects (by code) to an appeal project; unknown codes are refused."""
    found = project_selectors.projects_by_codes(codes)
    missing = sorted(set(codes) - {project.code for project in found})
    if missing:
        raise ServiceError(_("No community assistance project has the code %(codes)s.") % {"codes": ", ".join(missing)})
    appeal_project.community_projects.add(*found)
    audit_record(
        actor=by, action=AuditAction.UPDATE, target=appeal_project, changes={"community_projects": [None, codes]}
    )
    return [project.code for project in found]


@dataclass
class FtsImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unplanned_funding: Decimal | None = None

    def summary(self) -> str:
        return _("%(kind)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "kind": self.kind, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
        }  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        """What a job keeps as its result: JSON-ready, the summary first."""
        unplanned = {"unplanned_funding_usd": str(self.unplanned_funding)} if self.unplanned_funding else {}
        return {"summary": self.summary(), "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, **unplanned}  # fmt: skip


_PLAN_KINDS = {
    "regional response plan": "regional_plan",
    "humanitarian response plan": "response_plan",
    "flash appeal": "appeal",
}


def _save_if_changed(instance: Any, values: dict[str, Any], result: FtsImportResult) -> None:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        result.unchanged += 1
        return
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    result.updated += 1


def _fts_appeal(plan_id: int, *, code: str, name: str, year: int | None) -> Appeal:
    """The appeal FTS knows by this plan id; a flow may name a plan before its requirements file is imported."""
    appeal = Appeal.objects.filter(fts_plan_id=plan_id).first()
    if appeal is None:
        code = code or f"FTS-{plan_id}"
        if Appeal.objects.filter(code=code).exists():
            code = f"FTS-{plan_id}"
        appeal = Appeal.objects.create(
            fts_plan_id=plan_id, code=code, title=name or code, kind="other", year=year or 0,
            source="OCHA Financial Tracking Service (fts.unocha.org)",
        )  # fmt: skip
    return appeal


def _unspecified_area(appeal: Appeal) -> ProgrammeArea:
    area = appeal.programme_areas.filter(is_unspecified=True, name="Not specified").first()
    if area is None:
        area = ProgrammeArea.objects.create(appeal=appeal, name="Not specified", is_unspecified=True, order=900)
    return area


def fts_areas_assign(appeal: Appeal) -> None:
    """Place each FTS flow of a plan in the plan's cluster whose name begins with the flow's global cluster.

    FTS's flow files name the global cluster ("Health"), its plan files the plan's own clusters
    ("Health COVID-19"); a flow that names none, several, or one the plan does not have goes to
    the plan's "Not specified", as FTS itself counts it.
    """
    areas = [area for area in appeal.programme_areas.all() if not area.is_unspecified]
    flows = list(appeal.contributions.filter(fts_flow_id__isnull=False))
    if not flows:
        return
    fallback = _unspecified_area(appeal)
    for flow in flows:
        target = fallback
        sector = flow.sector.strip().lower()
        if sector and "," not in sector:
            matches = [area for area in areas if area.name.lower().startswith(sector)]
            if len(matches) == 1:
                target = matches[0]
        if flow.programme_area_id != target.pk:
            flow.programme_area = target
            flow.save(update_fields=["programme_area"])


def fts_import_file(*, path: Path, name: str, by: User | None, progress: Progress = no_progress) -> FtsImportResult:
    """Import an FTS CSV kept on disk (an upload handed to the worker, or a file named on the command line)."""
    text = text_file_read(path=path, name=name, not_utf8=_("%(file)s is not UTF-8 text; FTS files from HDX are."))
    return fts_import(text=text, name=name, by=by, progress=progress)


@transaction.atomic
def fts_import(*, text: str, name: str, by: User | None, progress: Progress = no_progress) -> FtsImportResult:
    """Import one FTS CSV (plans, requirements by cluster, or incoming flows); all rows or none."""
    from haven.funding import fts

    try:
        parsed = fts.read(text, name=name)
    except fts.FtsFileError as error:
        raise ServiceError(str(error)) from None
    result = FtsImportResult(kind=parsed.kind, unplanned_funding=parsed.unplanned_funding)
    touched: set[int] = set()
    total = len(parsed.plans) + len(parsed.clusters) + len(parsed.flows)
    done = 0
    progress(done, total, _("Reading %(file)s") % {"file": name})
    for plan in parsed.plans:
        done += 1
        progress(done, total, _("Plans"))
        appeal = Appeal.objects.filter(fts_plan_id=plan.plan_id).first()
        kind = _PLAN_KINDS.get(plan.type_name.lower(), "other")
        values = {
            "code": plan.code, "title": plan.name, "kind": kind, "year": plan.year, "countries": plan.country,
            "start_date": plan.start, "end_date": plan.end, "published_requirements_usd": plan.requirements,
            "reported_funding_usd": plan.funding, "reported_coverage_pct": plan.percent,
            "source": "OCHA Financial Tracking Service (fts.unocha.org)",
        }  # fmt: skip
        if appeal is None:
            if Appeal.objects.filter(code=plan.code).exists():
                raise ServiceError(
                    _("%(file)s, row %(row)s: the appeal code %(code)s is already used by an appeal not from FTS.")
                    % {"file": name, "row": plan.row, "code": plan.code}
                )
            Appeal.objects.create(fts_plan_id=plan.plan_id, **values)
            result.created += 1
        else:
            _save_if_changed(appeal, values, result)
    for cluster in parsed.clusters:
        done += 1
        progress(done, total, _("Requirements by cluster"))
        appeal = _fts_appeal(cluster.plan_id, code=cluster.plan_code, name=cluster.plan_name, year=cluster.year)
        touched.add(appeal.pk)
        unspecified = not cluster.cluster_code
        area = appeal.programme_areas.filter(name=cluster.cluster).first()
        values = {
            "code": cluster.cluster_code,
            "published_requirements_usd": cluster.requirements,
            "is_unspecified": unspecified,
            "order": 900 if unspecified else (int(cluster.cluster_code) % 900 if cluster.cluster_code.isdigit() else 0),
        }
        if area is None:
            ProgrammeArea.objects.create(appeal=appeal, name=cluster.cluster, **values)
            result.created += 1
        else:
            _save_if_changed(area, values, result)
    donors: dict[str, Donor] = {}
    for flow in parsed.flows:
        done += 1
        progress(done, total, _("Funding flows"))
        donor = donors.get(flow.donor) or donor_get_or_create(name=flow.donor, kind=flow.donor_kind)
        donors[flow.donor] = donor
        appeal = None
        if flow.plan_id is not None:
            appeal = _fts_appeal(flow.plan_id, code=flow.plan_code, name=flow.plan_name, year=flow.plan_year)
            touched.add(appeal.pk)
        values = {
            "donor": donor, "appeal": appeal, "recipient": flow.recipient, "description": flow.description,
            "status": flow.status, "date": flow.date, "amount_original": flow.amount_original,
            "currency": flow.currency, "exchange_rate": flow.exchange_rate, "amount_usd": flow.amount_usd,
            "boundary": flow.boundary, "flow_type": flow.flow_type, "in_kind": flow.in_kind,
            "destination_countries": flow.countries, "sector": flow.sector,
        }  # fmt: skip
        existing = Contribution.objects.filter(fts_flow_id=flow.flow_id).first()
        if existing is None:
            Contribution.objects.create(fts_flow_id=flow.flow_id, **values)
            result.created += 1
        else:
            _save_if_changed(existing, values, result)
    for appeal in Appeal.objects.filter(pk__in=touched):
        fts_areas_assign(appeal)
    if result.created or result.updated:
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            object_type="funding.fts",
            object_label=name,
            detail=f"{parsed.kind}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged",
        )
    return result
