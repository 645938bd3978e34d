"""IATI 2.03 activity files: one activity per appeal project, with its budget and its incoming transactions.

The reporting organisation is configurable (settings `HAVEN_IATI_REPORTING_ORG`); by default it is
IOM under its IATI organisation identifier. Values are in USD, the appeal's currency; a
contribution's original currency and rate are kept in the transaction's description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from haven.funding.models import Appeal, AppealProject, Contribution, ContributionStatus

IATI_VERSION = "2.03"
DEFAULT_REPORTING_ORG = {"ref": "XM-DAC-47066", "type": "40", "name": "International Organization for Migration"}

# IATI TransactionType codes for money coming into an activity.
TRANSACTION_TYPES = {
    ContributionStatus.PLEDGE: "13",  # Incoming Pledge
    ContributionStatus.COMMITMENT: "11",  # Incoming Commitment
    ContributionStatus.PAID: "1",  # Incoming Funds
}
# IATI ActivityStatus: 1 pipeline/identification, 2 implementation.
PIPELINE, IMPLEMENTATION = "1", "2"
# Appeals name countries by ISO 3166-1 alpha-3 (as FTS does); IATI wants alpha-2.
ISO2 = {"IRQ": "IQ", "JOR": "JO", "SYR": "SY", "LBN": "LB", "TUR": "TR", "EGY": "EG", "IRN": "IR", "KWT": "KW"}


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = text
    return element


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _activity(project: AppealProject, contributions: Iterable[Contribution], org: dict[str, str]) -> ET.Element:
    appeal = project.appeal
    start = appeal.start_date or dt.date(appeal.year or 2000, 1, 1)
    end = appeal.end_date or dt.date(appeal.year or 2000, 12, 31)
    activity = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
            "default-currency": "USD",
            "humanitarian": "1",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = f"{org['ref']}-{project.code}"
    _text(activity, "reporting-org", org["name"], ref=org["ref"], type=org["type"])
    _text(activity, "title", project.title)
    _text(
        activity,
        "description",
        f"{appeal.title}: programme area {project.programme_area.name}."
        + (f" {project.phase_label}." if project.phase_label else ""),
        type="1",
    )
    _text(activity, "participating-org", org["name"], ref=org["ref"], role="4", type=org["type"])
    contributions = list(contributions)
    for donor in sorted({c.donor.name for c in contributions}):
        _text(activity, "participating-org", donor, role="1")
    has_money = any(c.status != ContributionStatus.PLEDGE for c in contributions)
    ET.SubElement(activity, "activity-status", code=IMPLEMENTATION if has_money else PIPELINE)
    ET.SubElement(activity, "activity-date", type="1", attrib={"iso-date": start.isoformat()})
    ET.SubElement(activity, "activity-date", type="3", attrib={"iso-date": end.isoformat()})
    countries = [ISO2[code] for code in appeal.countries.replace(",", " ").split() if code in ISO2]
    for code in countries:
        ET.SubElement(activity, "recipient-country", code=code, percentage=_amount(Decimal(100) / len(countries)))
    budget = ET.SubElement(activity, "budget", type="1", status="1")
    ET.SubElement(budget, "period-start", attrib={"iso-date": start.isoformat()})
    ET.SubElement(budget, "period-end", attrib={"iso-date": end.isoformat()})
    value = ET.SubElement(budget, "value", currency="USD", attrib={"value-date": start.isoformat()})
    value.text = _amount(project.requirements_usd)
    for contribution in contributions:
        transaction = ET.SubElement(activity, "transaction", ref=f"haven-contribution-{contribution.pk}")
        ET.SubElement(transaction, "transaction-type", code=TRANSACTION_TYPES[ContributionStatus(contribution.status)])
        ET.SubElement(transaction, "transaction-date", attrib={"iso-date": contribution.date.isoformat()})
        amount = ET.SubElement(
            transaction, "value", currency="USD", attrib={"value-date": contribution.date.isoformat()}
        )
        amount.text = _amount(contribution.amount_usd)
        note = contribution.description or contribution.get_status_display()
        if contribution.currency != "USD" and contribution.amount_original is not None:
            note += f" ({contribution.amount_original} {contribution.currency} at {contribution.exchange_rate} per USD)"
        _text(transaction, "description", note)
        _text(transaction, "provider-org", contribution.donor.name)
        _text(transaction, "receiver-org", org["name"], ref=org["ref"])
    return activity


def activities_xml(projects: QuerySet[AppealProject], *, appeal: Appeal | None = None) -> bytes:
    """The IATI activities document for these appeal projects, as UTF-8 bytes."""
    org = {**DEFAULT_REPORTING_ORG, **getattr(settings, "HAVEN_IATI_REPORTING_ORG", {})}
    root = ET.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    projects = projects.select_related("appeal", "programme_area").order_by(
        "appeal__code", "programme_area__order", "order"
    )
    if appeal is not None:
        projects = projects.filter(appeal=appeal)
    contributions: dict[int, list[Contribution]] = {}
    for contribution in (
        Contribution.objects.filter(appeal_project__in=projects).select_related("donor").order_by("date", "pk")
    ):
        assert contribution.appeal_project_id is not None
        contributions.setdefault(contribution.appeal_project_id, []).append(contribution)
    for project in projects:
        root.append(_activity(project, contributions.get(project.pk, []), org))
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
