"""Every read in funding: appeals, their coverage by programme area and project, donors.

Appeals and contributions are national figures, not personal data: pages are scoped by permission
rather than by area. Which contributions count as funding is stated once, in `COUNTED`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from haven.funding.models import (
    Appeal,
    AppealProject,
    Boundary,
    Contribution,
    ContributionStatus,
    Donor,
    FlowType,
    ProgrammeArea,
)

# Funding is what is committed or paid, to one destination, and not merely passing through an
# intermediary (it is counted where it lands). Pledges are shown, never counted. A flow FTS
# marks as shared between several plans or countries is listed but not counted: FTS does not say
# which part of it reached this plan (docs/funding.md).
COUNTED = (
    Q(status__in=[ContributionStatus.COMMITMENT, ContributionStatus.PAID])
    & Q(boundary=Boundary.SINGLE)
    & ~Q(flow_type=FlowType.PASS_THROUGH)
)
SHARED = Q(status__in=[ContributionStatus.COMMITMENT, ContributionStatus.PAID]) & Q(boundary=Boundary.SHARED)


def coverage_pct(funding: Decimal, requirements: Decimal | None) -> int | None:
    """Funding as a whole percentage of requirements, rounded half up as FTS rounds it; None without requirements."""
    if not requirements:
        return None
    return int((funding * 100 / requirements).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Coverage:
    label: str
    requirements_usd: Decimal | None
    funding_usd: Decimal
    pledged_usd: Decimal = Decimal(0)
    code: str = ""
    pk: int | None = None
    is_unspecified: bool = False
    projects: list[Coverage] = field(default_factory=list)

    @property
    def coverage_pct(self) -> int | None:
        return coverage_pct(self.funding_usd, self.requirements_usd)

    @property
    def bar_pct(self) -> int:
        """The funded share for a bar, capped at 100 so an over-funded cluster fills its bar."""
        pct = self.coverage_pct
        return 0 if pct is None else max(0, min(100, pct))


@dataclass
class AppealCoverage:
    appeal: Appeal
    total: Coverage
    areas: list[Coverage]
    shared_usd: Decimal
    shared_count: int
    unallocated_usd: Decimal


def appeals_list() -> QuerySet[Appeal]:
    return Appeal.objects.annotate(n_projects=Count("projects", distinct=True)).order_by("-year", "code")


def appeal_get(code: str) -> Appeal:
    appeal = Appeal.objects.filter(code=code).first()
    if appeal is None:
        raise Http404
    return appeal


def _sums(contributions: QuerySet[Contribution], key: str) -> dict[int | None, Decimal]:
    return {
        row[key]: row["total"] or Decimal(0)
        for row in contributions.values(key).annotate(total=Sum("amount_usd")).order_by()
    }


def appeal_coverage(appeal: Appeal) -> AppealCoverage:
    """Requirements, funding and coverage of an appeal, by programme area and appeal project.

    An area's requirements are the sum of its projects' when it lists projects, else what was
    published for it; the appeal's are what was published for the whole plan, else the sum of areas.
    """
    contributions = Contribution.objects.filter(appeal=appeal)
    counted = contributions.filter(COUNTED)
    pledged = contributions.filter(status=ContributionStatus.PLEDGE)
    by_area = _sums(counted, "programme_area")
    by_project = _sums(counted, "appeal_project")
    pledged_by_area = _sums(pledged, "programme_area")
    pledged_by_project = _sums(pledged, "appeal_project")
    projects_by_area: dict[int, list[AppealProject]] = {}
    for project in appeal.projects.order_by("order"):
        projects_by_area.setdefault(project.programme_area_id, []).append(project)
    areas: list[Coverage] = []
    for area in appeal.programme_areas.order_by("order", "name"):
        projects = [
            Coverage(
                label=project.title,
                code=project.code,
                pk=project.pk,
                requirements_usd=project.requirements_usd,
                funding_usd=by_project.get(project.pk, Decimal(0)),
                pledged_usd=pledged_by_project.get(project.pk, Decimal(0)),
            )
            for project in projects_by_area.get(area.pk, [])
        ]
        requirements = (
            sum((p.requirements_usd or Decimal(0) for p in projects), Decimal(0))
            if projects
            else area.published_requirements_usd
        )
        areas.append(
            Coverage(
                label=area.name,
                code=area.code,
                pk=area.pk,
                requirements_usd=requirements,
                funding_usd=by_area.get(area.pk, Decimal(0)),
                pledged_usd=pledged_by_area.get(area.pk, Decimal(0)),
                is_unspecified=area.is_unspecified,
                projects=projects,
            )
        )
    area_requirements = sum((a.requirements_usd or Decimal(0) for a in areas), Decimal(0))
    requirements = appeal.published_requirements_usd
    if requirements is None:
        requirements = area_requirements if areas else None
    total_funding = counted.aggregate(total=Sum("amount_usd"))["total"] or Decimal(0)
    shared = contributions.filter(SHARED).aggregate(total=Sum("amount_usd"), n=Count("pk"))
    return AppealCoverage(
        appeal=appeal,
        total=Coverage(
            label=appeal.title,
            code=appeal.code,
            pk=appeal.pk,
            requirements_usd=requirements,
            funding_usd=total_funding,
            pledged_usd=pledged.aggregate(total=Sum("amount_usd"))["total"] or Decimal(0),
        ),
        areas=areas,
        shared_usd=shared["total"] or Decimal(0),
        shared_count=shared["n"] or 0,
        unallocated_usd=by_area.get(None, Decimal(0)),
    )


def funding_summary_rows() -> Iterator[tuple[str, str, Decimal | None, Decimal, int | None]]:
    """One row per programme area of each appeal: appeal, programme area, requirements, funding, coverage."""
    for appeal in Appeal.objects.order_by("-year", "code"):
        coverage = appeal_coverage(appeal)
        for area in coverage.areas:
            yield appeal.code, area.label, area.requirements_usd, area.funding_usd, area.coverage_pct


def appeal_project_get(code: str) -> AppealProject:
    project = (
        AppealProject.objects.select_related("appeal", "programme_area")
        .prefetch_related("community_projects__area")
        .filter(code=code)
        .first()
    )
    if project is None:
        raise Http404
    return project


def appeal_project_coverage(project: AppealProject) -> Coverage:
    contributions = project.contributions.all()
    return Coverage(
        label=project.title,
        code=project.code,
        pk=project.pk,
        requirements_usd=project.requirements_usd,
        funding_usd=contributions.filter(COUNTED).aggregate(t=Sum("amount_usd"))["t"] or Decimal(0),
        pledged_usd=contributions.filter(status=ContributionStatus.PLEDGE).aggregate(t=Sum("amount_usd"))["t"]
        or Decimal(0),
    )


def contributions_of(
    *, appeal: Appeal | None = None, donor: Donor | None = None, project: AppealProject | None = None
) -> QuerySet[Contribution]:
    contributions = Contribution.objects.select_related("donor", "appeal", "programme_area", "appeal_project")
    if appeal is not None:
        contributions = contributions.filter(appeal=appeal)
    if donor is not None:
        contributions = contributions.filter(donor=donor)
    if project is not None:
        contributions = contributions.filter(appeal_project=project)
    return contributions.order_by("-date", "pk")


@dataclass(frozen=True)
class DonorTotal:
    donor: Donor
    counted_usd: Decimal
    pledged_usd: Decimal
    shared_usd: Decimal
    contributions: int


def donors_summary(*, appeal: Appeal | None = None) -> list[DonorTotal]:
    """Donors by the funding they gave (counted), with pledges and shared flows beside it."""
    contributions = Contribution.objects.all()
    if appeal is not None:
        contributions = contributions.filter(appeal=appeal)
    rows = (
        contributions.values("donor")
        .annotate(
            counted_usd=Sum("amount_usd", filter=COUNTED),
            pledged_usd=Sum("amount_usd", filter=Q(status=ContributionStatus.PLEDGE)),
            shared_usd=Sum("amount_usd", filter=SHARED),
            n=Count("pk"),
        )
        .order_by()
    )
    donors = Donor.objects.in_bulk([row["donor"] for row in rows])
    totals = [
        DonorTotal(
            donors[row["donor"]],
            row["counted_usd"] or Decimal(0),
            row["pledged_usd"] or Decimal(0),
            row["shared_usd"] or Decimal(0),
            row["n"],
        )
        for row in rows
    ]
    return sorted(totals, key=lambda total: (-total.counted_usd, total.donor.name))


def donor_get(pk: int) -> Donor:
    donor = Donor.objects.filter(pk=pk).first()
    if donor is None:
        raise Http404
    return donor


def appeals_totals() -> list[AppealCoverage]:
    return [appeal_coverage(appeal) for appeal in Appeal.objects.order_by("-year", "code")]


def programme_area_get(pk: int) -> ProgrammeArea:
    area = ProgrammeArea.objects.filter(pk=pk).first()
    if area is None:
        raise Http404
    return area


def contribution_get(pk: int) -> Contribution:
    contribution = Contribution.objects.select_related("appeal", "donor").filter(pk=pk).first()
    if contribution is None:
        raise Http404
    return contribution


def appeal_project_by_code(appeal: Appeal, code: str) -> AppealProject | None:
    return appeal.projects.filter(code=code).first()


def appeal_projects_for_caps(codes: list[str]) -> QuerySet[AppealProject]:
    """Appeal projects that fund any of these community assistance projects (for the project page)."""
    return AppealProject.objects.filter(community_projects__code__in=codes).select_related("appeal").distinct()


def appeal_project_find(code: str) -> AppealProject | None:
    """The appeal project with this code, or None: for other apps that link to one."""
    return AppealProject.objects.select_related("appeal").filter(code=code.strip()).first()


def appeal_projects() -> QuerySet[AppealProject]:
    return AppealProject.objects.select_related("appeal", "programme_area")
