"""Every read of community assistance projects, scoped by the user's areas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from haven.core.selectors import scope_q
from haven.geo import selectors as geo_selectors
from haven.projects.models import PIPELINE, Beneficiaries, BeneficiaryGroup, Project, Stage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.core.models import User


def projects_visible_to(
    user: User | AnonymousUser,
    *,
    stage: str = "",
    sector: str = "",
    area: str = "",
    partner: str = "",
    search: str = "",
) -> QuerySet[Project]:
    """Projects in the user's areas; `area` is a P-code whose sub-areas are included."""
    projects = Project.objects.filter(scope_q(user, "area")).select_related("area")
    if stage:
        projects = projects.filter(stage=stage)
    if sector:
        projects = projects.filter(sector=sector)
    if area:
        projects = projects.filter(
            Q(area__pcode=area) | Q(area__path__contains=f"/{area}/") | Q(area__path__startswith=f"{area}/")
        )
    if partner:
        projects = projects.filter(partner__icontains=partner)
    if search:
        projects = projects.filter(Q(code__icontains=search) | Q(title__icontains=search))
    return projects.order_by("code")


def project_for_user(user: User | AnonymousUser, code: str) -> Project:
    """One project in the user's areas, with its steps, beneficiaries and documents; 404 otherwise."""
    project = (
        projects_visible_to(user)
        .prefetch_related(
            "locations",
            "documents",
            Prefetch("beneficiaries", queryset=Beneficiaries.objects.order_by("population_group")),
            "stage_changes__by",
        )
        .filter(code=code)
        .first()
    )
    if project is None:
        raise Http404
    return project


def project_by_code(code: str) -> Project | None:
    """For other modules linking to a project (appeal projects list the CAPs they fund)."""
    return Project.objects.filter(code=code).select_related("area").first()


def projects_by_codes(codes: list[str]) -> list[Project]:
    return list(Project.objects.filter(code__in=codes).order_by("code"))


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    projects: list[Project]
    budget_usd: Decimal
    total: int


BOARD_CARDS = 15


def pipeline_board(
    user: User | AnonymousUser,
    *,
    stage: str = "",
    sector: str = "",
    area: str = "",
    partner: str = "",
    search: str = "",
) -> list[Column]:
    """The board: one column per stage (only `stage`'s when one is chosen), its first BOARD_CARDS projects
    and their budget, narrowed by the same filters as the list."""
    projects = projects_visible_to(user, sector=sector, area=area, partner=partner, search=search)
    totals = {
        row["stage"]: row
        for row in projects.order_by().values("stage").annotate(n=Count("pk"), budget=Sum("budget_usd"))
    }
    columns = []
    for stage_shown in [stage] if stage else [*PIPELINE, Stage.CANCELLED]:
        column_projects = list(projects.filter(stage=stage_shown)[:BOARD_CARDS])
        row = totals.get(stage_shown, {})
        columns.append(
            Column(
                stage_shown,
                str(Stage(stage_shown).label),
                column_projects,
                row.get("budget") or Decimal(0),
                row.get("n") or 0,
            )
        )
    return columns


def pipeline_counts(user: User | AnonymousUser) -> dict[str, int]:
    counts = dict(
        projects_visible_to(user).order_by().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return {stage: counts.get(stage, 0) for stage in Stage.values}


@dataclass(frozen=True)
class Reach:
    population_group: str
    label: str
    targeted: int
    reached: int


def beneficiaries_by_group(user: User | AnonymousUser, projects: QuerySet[Project] | None = None) -> list[Reach]:
    scoped = projects if projects is not None else projects_visible_to(user)
    rows = {
        row["population_group"]: row
        for row in Beneficiaries.objects.filter(project__in=scoped)
        .values("population_group")
        .annotate(targeted=Sum("targeted"), reached=Sum("reached"))
    }
    return [
        Reach(group, str(label), rows.get(group, {}).get("targeted") or 0, rows.get(group, {}).get("reached") or 0)
        for group, label in BeneficiaryGroup.choices
    ]


@dataclass(frozen=True)
class AreaCount:
    pcode: str
    name: str
    projects: int
    budget_usd: Decimal


def projects_by_governorate(projects: QuerySet[Project]) -> list[AreaCount]:
    """Projects counted under the governorate (level 1) their area lies in, for the map and its table."""
    numbers: dict[str, int] = {}
    budgets: dict[str, Decimal] = {}
    for project in projects.select_related("area").only("budget_usd", "area__path", "area__pcode", "area__level"):
        parts = project.area.path.strip("/").split("/")
        pcode = parts[1] if len(parts) > 1 else project.area.pcode
        numbers[pcode] = numbers.get(pcode, 0) + 1
        budgets[pcode] = budgets.get(pcode, Decimal(0)) + project.budget_usd
    result = []
    for pcode in sorted(numbers):
        area = geo_selectors.area_get(pcode)
        result.append(AreaCount(pcode, area.name if area else pcode, numbers[pcode], budgets[pcode]))
    return result


def _pair(figures: dict[str, Beneficiaries], group: str) -> list[object]:
    row = figures.get(group)
    return [row.targeted, row.reached] if row else ["", ""]


def whowhatwhere_rows(projects: QuerySet[Project]) -> Iterator[list[object]]:
    """Rows of the 3W export, in the column order of `whowhatwhere.COLUMNS`; governorate and district from the path."""
    names: dict[str, str] = {}

    def name_of(pcode: str) -> str:
        if pcode not in names:
            area = geo_selectors.area_get(pcode)
            names[pcode] = area.name_en if area else ""
        return names[pcode]

    for project in projects.select_related("area").prefetch_related("beneficiaries", "locations"):
        parts = project.area.path.strip("/").split("/")
        adm1 = parts[1] if len(parts) > 1 else ""
        adm2 = parts[2] if len(parts) > 2 else ""
        figures = {row.population_group: row for row in project.beneficiaries.all()}
        yield [
            project.code,
            project.title,
            project.partner,
            project.counterpart,
            project.get_sector_display(),
            project.sector,
            name_of(adm1) if adm1 else "",
            adm1,
            name_of(adm2) if adm2 else "",
            adm2,
            ",".join(location.code for location in project.locations.all()),
            project.stage,
            project.start_date.isoformat() if project.start_date else "",
            project.end_date.isoformat() if project.end_date else "",
            f"{project.budget_usd:.2f}",
            f"{project.spent_usd:.2f}",
            *_pair(figures, BeneficiaryGroup.IDP),
            *_pair(figures, BeneficiaryGroup.RETURNEE),
            *_pair(figures, BeneficiaryGroup.HOST_COMMUNITY),
        ]
