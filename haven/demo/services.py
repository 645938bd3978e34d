"""Demonstration data: Iraq's governorates, one person per role, a few real places.

Everything here goes through the modules' own services, so the demo exercises the same rules
as real work. Loading again adds what is missing and leaves the rest (and any password a
person has since changed) as it is.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from haven.assistance import selectors as assistance_selectors
from haven.assistance import services as assistance_services
from haven.core import services as core_services
from haven.core.models import User
from haven.core.roles import Role
from haven.dedup.names import name_script, name_to_arabic, name_to_latin
from haven.demo.appeal import appeal_and_projects_load
from haven.displacement import services as displacement_services
from haven.geo import selectors as geo_selectors
from haven.geo import services as geo_services
from haven.population import selectors as population_selectors
from haven.population import services as population_services
from haven.population.synthetic import population_generate

if TYPE_CHECKING:
    from haven.geo.models import Area

DEMO_PASSWORD = "haven-demo"  # noqa: S105  (printed on purpose: demo accounts only)


@dataclass(frozen=True)
class DemoPerson:
    username: str
    role: Role
    areas: tuple[str, ...]
    first_name: str
    last_name: str
    organisation: str


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin", Role.ADMINISTRATOR, ("IQ",), "Samira", "Haddad", "Ministry of Displacement and Migration"),
    DemoPerson("imo", Role.IM_OFFICER, ("IQ",), "Omar", "Khalil", "IOM Joint Operations Cell"),
    DemoPerson("field.baghdad", Role.FIELD_OFFICER, ("IQG08",), "Zainab", "Kareem", "MoDM Baghdad branch office"),
    DemoPerson("field.anbar", Role.FIELD_OFFICER, ("IQG01",), "Ahmed", "Salman", "MoDM Al-Anbar branch office"),
    DemoPerson("programme", Role.PROGRAMME_MANAGER, ("IQ",), "Layla", "Mansour", "IOM Iraq"),
    DemoPerson("caseworker", Role.CASE_WORKER, ("IQG08", "IQG11"), "Hussein", "Jabbar", "IOM Iraq"),
    DemoPerson("border", Role.BORDER_OFFICER, ("IQG02",), "Karim", "Aziz", "Border Ports Commission"),
    DemoPerson("viewer", Role.VIEWER, ("IQ",), "Nour", "Faraj", "Donor liaison"),
)


@dataclass(frozen=True)
class DemoPlace:
    code: str
    name_en: str
    name_ar: str
    type: str
    area: str
    latitude: float
    longitude: float


# Well-known displacement sites; coordinates are approximate, to the nearest hundredth of a degree.
DEMO_PLACES: tuple[DemoPlace, ...] = (
    DemoPlace("IQG11-CAMP-DEBAGA", "Debaga camp", "مخيم ديبكة", "camp", "IQG11", 35.88, 43.80),
    DemoPlace("IQG15-CAMP-HASANSHAM", "Hasansham U3 camp", "مخيم حسن شام", "camp", "IQG15", 36.29, 43.58),
    DemoPlace("IQG01-CAMP-AMRIYAT", "Amriyat al-Fallujah camp", "مخيم عامرية الفلوجة", "camp", "IQG01", 33.17, 43.62),
    DemoPlace("IQG09-CAMP-KHANKE", "Khanke camp", "مخيم خانكي", "camp", "IQG09", 36.97, 42.86),
    DemoPlace("IQG06-CAMP-ASHTI", "Ashti camp", "مخيم آشتي", "camp", "IQG06", 35.42, 45.55),
    DemoPlace("IQG08-NBH-SADRCITY", "Sadr City", "مدينة الصدر", "neighbourhood", "IQG08", 33.39, 44.46),
    DemoPlace(
        "IQG08-IS-ALZAFARANIYA",
        "Al-Zafaraniya informal settlement",
        "تجمع الزعفرانية",
        "informal_settlement",
        "IQG08",
        33.25,
        44.50,
    ),
    DemoPlace("IQG02-TOWN-ZUBAIR", "Al-Zubair", "الزبير", "town", "IQG02", 30.39, 47.70),
)


@dataclass
class DemoLoadResult:
    areas_created: int = 0
    people_created: list[str] = field(default_factory=list)
    people_kept: list[str] = field(default_factory=list)
    places_created: int = 0
    households_registered: int = 0
    individuals_registered: int = 0
    batch_waiting: str = ""
    figures_added: int = 0
    projects_created: int = 0
    contributions_created: int = 0
    programmes_created: int = 0
    deliveries_recorded: int = 0


# A registered population, and a second batch whose possible duplicates wait for a decision, so that
# the registry, the import review and every figure built on them have something real to show.
DEMO_HOUSEHOLDS = 1500
DEMO_ARRIVALS = 120
DEMO_BATCH = "Demo registrations 2008"
DEMO_ARRIVALS_BATCH = "Demo arrivals, December 2008"
DEMO_SURE = 0.99
DEMO_REGISTERED_AGAIN = 6


def _area(pcode: str) -> Area:
    area = geo_selectors.area_get(pcode)
    if area is None:
        raise LookupError(f"The demo needs area {pcode}, which the built-in governorates should provide.")
    return area


@transaction.atomic
def demo_load(*, households: int = DEMO_HOUSEHOLDS, arrivals: int = DEMO_ARRIVALS) -> DemoLoadResult:
    """Load the demonstration data; idempotent. `households` sizes the registered population."""
    result = DemoLoadResult()
    builtin = geo_services.governorates_load_builtin(loaded_by=None)
    result.areas_created = builtin.created
    for person in DEMO_PEOPLE:
        if User.objects.filter(username=person.username).exists():
            result.people_kept.append(person.username)
            continue
        core_services.user_create(
            username=person.username,
            password=DEMO_PASSWORD,
            role=person.role,
            areas=[_area(pcode) for pcode in person.areas],
            first_name=person.first_name,
            last_name=person.last_name,
            organisation=person.organisation,
        )
        result.people_created.append(person.username)
    administrator = User.objects.get(username="admin")
    for place in DEMO_PLACES:
        if geo_selectors.location_code_taken(place.code):
            continue
        geo_services.location_create(
            created_by=administrator,
            code=place.code,
            name_en=place.name_en,
            name_ar=place.name_ar,
            type=place.type,
            area=_area(place.area),
            latitude=place.latitude,
            longitude=place.longitude,
        )
        result.places_created += 1
    _population_load(result, User.objects.get(username="imo"), households=households, arrivals=arrivals)
    figures = displacement_services.figures_demo_load(imported_by=User.objects.get(username="imo"))
    result.figures_added = figures.added
    result.projects_created, result.contributions_created = appeal_and_projects_load(
        User.objects.get(username="programme")
    )
    _assistance_load(result, User.objects.get(username="programme"), User.objects.get(username="field.baghdad"))
    return result


def _registered_again(officer: User) -> None:
    """A few heads of household registered again through the form, by another team, in the other script
    and with the birth year only: what the registry check exists to find."""
    households = population_selectors.households_visible_to(officer).filter(population_group="idp").order_by("pk")
    for household in population_selectors.heads_prefetched(households[:DEMO_REGISTERED_AGAIN]):
        heads = getattr(household, "heads", [])
        head = heads[0] if heads else None
        if head is None or not head.birth_date:
            continue
        render = name_to_latin if name_script(head.given_name) == "arabic" else name_to_arabic
        population_services.household_register(
            registered_by=officer,
            details=population_services.HouseholdDetails(
                population_group="idp", area=_area("IQG08"), origin_area=household.origin_area,
                displaced_on=household.displaced_on, consent_given=True, consent_date=date(2008, 12, 1),
            ),
            members=[
                population_services.MemberDetails(
                    relationship="head", sex=head.sex, given_name=render(head.given_name),
                    father_name=render(head.father_name), family_name=render(head.family_name),
                    birth_date=date(head.birth_date.year, 1, 1), birth_precision="year",
                )
            ],
        )  # fmt: skip


def _population_load(result: DemoLoadResult, officer: User, *, households: int, arrivals: int) -> None:
    """Generate and import the demo population through the import pipeline, once."""
    if population_selectors.batches_visible_to(officer).filter(name=DEMO_BATCH).exists():
        return
    with tempfile.TemporaryDirectory(prefix="haven-demo-") as folder:
        registered = Path(folder) / "registered"
        population_generate(households=households, duplicates=0.0, out=registered, seed=2008)
        batch = population_services.batch_create(
            path=registered / "registrations.csv", file_name="registrations-2008.csv", created_by=officer,
            name=DEMO_BATCH,
        )  # fmt: skip
        batch = population_services.batch_stage(batch=batch)
        # The officer's review, as it would go: the near-certain pairs are one person, the others namesakes.
        for candidate in population_selectors.batch_duplicates(batch, pending_only=True):
            sure = candidate.probability is not None and candidate.probability >= DEMO_SURE
            population_services.duplicate_decide(
                candidate=candidate, decision="duplicate" if sure else "distinct", decided_by=officer
            )
        batch.refresh_from_db()
        batch = population_services.batch_merge(batch=batch, merged_by=officer)
        _registered_again(officer)
        population_services.registry_duplicates_find(checked_by=officer)
        result.households_registered = batch.households
        result.individuals_registered = batch.individuals
        arrived = Path(folder) / "arrivals"
        population_generate(households=arrivals, duplicates=0.2, out=arrived, seed=2009)
        waiting = population_services.batch_create(
            path=arrived / "registrations.csv", file_name="arrivals-2008-12.csv", created_by=officer,
            name=DEMO_ARRIVALS_BATCH,
        )  # fmt: skip
        waiting = population_services.batch_stage(batch=waiting)
        result.batch_waiting = waiting.get_status_display()


@dataclass(frozen=True)
class DemoProgramme:
    code: str
    name: str
    modality: str
    item: str
    unit_value: str
    currency: str
    targeting: dict[str, object]
    distributions: tuple[tuple[str, str, str, date], ...]  # area, place, team, date
    served: float  # share of each list handed over
    appeal_project: str  # the seed appeal's project that funds it


# The seed's emergency aid to displaced families, with its lesson: assistance to displaced people only,
# then to displaced and returning families together with a share for their hosts.
DEMO_PROGRAMMES: tuple[DemoProgramme, ...] = (
    DemoProgramme(
        "EDA-2008", "Emergency distribution assistance to internally displaced families", "in_kind", "food", "45.00",
        "USD", {"population_groups": ["idp"]},
        (("IQG08", "Sadr City distribution point", "MoDM Baghdad team 1", date(2008, 3, 10)),
         ("IQG01", "Amriyat al-Fallujah camp", "IOM Anbar mobile team", date(2008, 4, 2))),
        0.8, "IRQ-2009-01",
    ),
    DemoProgramme(
        "NFI-2008", "Non-food kits for displaced and returning families and their hosts", "in_kind", "non_food_kit",
        "120.00", "USD", {"population_groups": ["idp", "returnee"], "host_share": 30},
        (("IQG08", "Al-Zafaraniya community centre", "MoDM Baghdad team 2", date(2008, 9, 15)),),
        0.6, "IRQ-2009-07",
    ),
    DemoProgramme(
        "CASH-2008", "Reintegration cash grants to returning families", "cash", "cash_grant", "300.00", "USD",
        {"population_groups": ["returnee", "refugee_returnee"], "host_share": 20, "max_households": 150},
        (("IQ", "Bank branches (nationwide)", "IOM cash team", date(2008, 11, 20)),),
        0.5, "IRQ-2009-08",
    ),
)  # fmt: skip


def _assistance_load(result: DemoLoadResult, manager: User, officer: User) -> None:
    """Programmes, their distributions with lists, most of each list delivered, one refused second
    delivery and a verification sample, so that every assistance page has something real to show."""
    for demo in DEMO_PROGRAMMES:
        if assistance_selectors.programmes_visible_to(manager).filter(code=demo.code).exists():
            continue
        programme = assistance_services.programme_create(
            created_by=manager, code=demo.code, name=demo.name, organisation="IOM Iraq", modality=demo.modality,
            item=demo.item, area=_area("IQ"), starts_on=date(2008, 1, 1), ends_on=date(2008, 12, 31),
            unit_value=Decimal(demo.unit_value), currency=demo.currency, targeting=demo.targeting,
            appeal_project_code=demo.appeal_project,
        )  # fmt: skip
        result.programmes_created += 1
        for pcode, place, team, on in demo.distributions:
            distribution = assistance_services.distribution_create(
                programme=programme, created_by=manager, name=f"{demo.code} {place}", area=_area(pcode), place=place,
                planned_on=on, team=team,
            )  # fmt: skip
            assistance_services.distribution_list_generate(distribution=distribution, generated_by=manager)
            entitlements = list(assistance_selectors.entitlements_visible_to(manager, distribution))
            served = entitlements[: int(len(entitlements) * demo.served)]
            result.deliveries_recorded += assistance_services.deliveries_record_many(
                distribution=distribution, recorded_by=manager, source="page",
                receipts=[(entitlement.pk, assistance_services.Receipt(delivered_on=on)) for entitlement in served],
            )  # fmt: skip
            if served:
                with contextlib.suppress(assistance_services.DeliveryRefused):
                    assistance_services.delivery_record(
                        entitlement=served[0], receipt=assistance_services.Receipt(delivered_on=on),
                        recorded_by=officer if distribution.area.path.startswith("IQ/IQG08/") else manager,
                    )  # fmt: skip
                assistance_services.verification_sample_draw(
                    distribution=distribution, size=max(1, len(served) // 20), drawn_by=manager, seed=2008
                )
