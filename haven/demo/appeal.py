"""Demo community assistance projects and the seed appeal, loaded through the projects' and funding's services.

The seed text says the Joint Operations Cell mapped over 400 potential community assistance
projects and that 38 were being implemented in 2008; the demo's pipeline has those numbers. The
appeal is the seed's own, from funding's data file. The few contributions are labelled as
demonstration figures: the seed gives requirements, not what donors gave.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from haven.core.models import User
from haven.funding import selectors as funding_selectors
from haven.funding import services as funding_services
from haven.geo import selectors as geo_selectors
from haven.projects import selectors as project_selectors
from haven.projects import services as project_services

DEMO_CAPS = 400
DEMO_IMPLEMENTING = 38
# How far along the pipeline the mapped projects are: the rest stay identified.
DEMO_ASSESSED = 60
DEMO_APPROVED = 24
ORDER = ("identified", "assessed", "approved", "implementing")
DEMO_GOVERNORATES = ("IQG08", "IQG01", "IQG11", "IQG15", "IQG02", "IQG06", "IQG09", "IQG13", "IQG05", "IQG16")

# (sector, title pattern, government counterpart)
CAP_KINDS = (
    ("health", "Rehabilitation of the primary health centre in {place}", "Ministry of Health"),
    (
        "wash",
        "Water network extension for returnee neighbourhoods of {place}",
        "Ministry of Municipalities and Public Works",
    ),
    ("wash", "Sanitation and drainage works in {place}", "Ministry of Municipalities and Public Works"),
    ("education", "Classroom rehabilitation for displaced and host children in {place}", "Ministry of Education"),
    (
        "training",
        "Vocational training for un- and under-employed youth in {place}",
        "Ministry of Labour and Social Affairs",
    ),
    ("livelihoods", "Small business grants for returnee families in {place}", "Ministry of Labour and Social Affairs"),
    ("shelter", "Shelter repairs for IDP and host families in {place}", "Ministry of Displacement and Migration"),
    ("protection", "Community centre and psychosocial support in {place}", "Ministry of Displacement and Migration"),
    ("nfi", "Emergency distribution of non-food items in {place}", "Ministry of Displacement and Migration"),
)
PARTNERS = ("IOM Iraq", "Iraqi Red Crescent Society", "Local NGO consortium", "IOM Iraq with MoLSA")

DEMO_DONORS = ("Demonstration donor A", "Demonstration donor B", "Demonstration donor C")
# (appeal project, donor, status, amount, currency, rate per USD)
DEMO_CONTRIBUTIONS = (
    ("IRQ-2009-01", 0, "paid", Decimal("6000000"), "USD", None),
    ("IRQ-2009-01", 1, "commitment", Decimal("2500000"), "EUR", Decimal("0.7")),
    ("IRQ-2009-03", 0, "paid", Decimal("4000000"), "USD", None),
    ("IRQ-2009-04", 2, "commitment", Decimal("1500000"), "GBP", Decimal("0.6")),
    ("IRQ-2009-07", 1, "pledge", Decimal("3000000"), "USD", None),
    ("IRQ-2009-12", 2, "paid", Decimal("1200000"), "USD", None),
)
DEMO_NOTE = "Demonstration figure, not a real contribution"


def appeal_and_projects_load(manager: User) -> tuple[int, int]:
    """Load the seed appeal and the demo pipeline once; returns (projects created, contributions created)."""
    appeal = funding_services.seed_appeal_load(by=manager).appeal
    created = _caps_load(manager)
    contributions = 0
    if not funding_selectors.contributions_of(appeal=appeal).filter(description=DEMO_NOTE).exists():
        for code, donor, status, amount, currency, rate in DEMO_CONTRIBUTIONS:
            project = funding_selectors.appeal_project_by_code(appeal, code)
            assert project is not None, code
            funding_services.contribution_record(
                by=manager,
                donor=funding_services.donor_get_or_create(name=DEMO_DONORS[donor], kind="Demonstration"),
                appeal=appeal,
                appeal_project=project,
                status=status,
                date=dt.date(2009, 3, 1) + dt.timedelta(days=17 * contributions),
                amount_original=amount,
                currency=currency,
                exchange_rate=rate,
                description=DEMO_NOTE,
            )
            contributions += 1
        humanitarian = funding_selectors.appeal_project_by_code(appeal, "IRQ-2009-01")
        stabilisation = funding_selectors.appeal_project_by_code(appeal, "IRQ-2009-03")
        implementing = list(project_selectors.projects_visible_to(manager, stage="implementing"))
        if humanitarian and stabilisation and implementing:
            funding_services.appeal_project_link_caps(
                appeal_project=humanitarian,
                codes=[p.code for p in implementing if p.sector != "livelihoods" and p.sector != "training"],
                by=manager,
            )
            funding_services.appeal_project_link_caps(
                appeal_project=stabilisation,
                codes=[p.code for p in implementing if p.sector in ("livelihoods", "training")]
                or [implementing[0].code],
                by=manager,
            )
    return created, contributions


def _caps_load(manager: User) -> int:
    if project_selectors.project_by_code("CAP-0001") is not None:
        return 0
    rng = random.Random(2008)  # noqa: S311  (demo data, not security)
    areas = [area for area in (geo_selectors.area_get(pcode) for pcode in DEMO_GOVERNORATES) if area]
    identified_on = dt.date(2008, 1, 15)
    stages = (
        ["implementing"] * DEMO_IMPLEMENTING
        + ["approved"] * DEMO_APPROVED
        + ["assessed"] * DEMO_ASSESSED
        + ["identified"] * (DEMO_CAPS - DEMO_IMPLEMENTING - DEMO_APPROVED - DEMO_ASSESSED)
    )
    for number, stage in enumerate(stages, start=1):
        sector, title, counterpart = CAP_KINDS[rng.randrange(len(CAP_KINDS))]
        area = areas[rng.randrange(len(areas))]
        budget = Decimal(rng.randrange(40, 900) * 1000)
        project = project_services.project_create(
            created_by=manager,
            code=f"CAP-{number:04d}",
            title=title.format(place=area.name_en),
            sector=sector,
            area=area,
            partner=PARTNERS[rng.randrange(len(PARTNERS))],
            counterpart=counterpart,
            budget_usd=budget,
            identified_on=identified_on + dt.timedelta(days=rng.randrange(0, 120)),
        )
        day = project.stage_changes.get().on
        for step in ORDER[1 : ORDER.index(stage) + 1]:
            day += dt.timedelta(days=rng.randrange(14, 60))
            project_services.project_advance(project=project, stage=step, by=manager, on=day)
        if stage == "implementing":
            targeted = {
                "idp": rng.randrange(200, 3000),
                "returnee": rng.randrange(50, 1500),
                "host_community": rng.randrange(100, 2000),
            }
            project_services.project_beneficiaries_set(
                project=project,
                figures={group: (n, int(n * rng.uniform(0.1, 0.8))) for group, n in targeted.items()},
                by=manager,
            )
            project_services.project_spending_set(
                project=project,
                spent_usd=(budget * Decimal(rng.randrange(10, 70)) / 100).quantize(Decimal(1)),
                by=manager,
            )
    return len(stages)
