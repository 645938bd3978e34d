"""Reads in geo: resolving P-codes and names, the area tree, and locations within a user's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from haven.core.selectors import scope_q
from haven.geo.models import Area, AreaName, Location
from haven.geo.pcodes import name_key, pcode_normalise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.core.models import User


def area_get(pcode: str) -> Area | None:
    """The area with this P-code in any of its written forms (`IRQ-G02`, `iqg02`), retired or not."""
    code = pcode_normalise(pcode)
    if not code:
        return None
    return Area.objects.select_related("parent").filter(pcode=code).first()


def area_resolve_candidates(text: str, *, level: int | None = None) -> list[Area]:
    """Every area `text` may name: by P-code first, then by any known name or spelling.

    A P-code is unique, so a code match is the only candidate. Names are not (several districts
    share a name with their governorate), hence a list, current areas before retired ones.
    """
    if not text or not text.strip():
        return []
    code = pcode_normalise(text)
    areas = Area.objects.select_related("parent")
    if level is not None:
        areas = areas.filter(level=level)
    if code:
        by_code = areas.filter(Q(pcode=code) | Q(known_names__is_code=True, known_names__key=code)).distinct()
        found = list(by_code)
        if found:
            return found
    key = name_key(text)
    if not key:
        return []
    named = areas.filter(pk__in=AreaName.objects.filter(key=key, is_code=False).values("area_id"))
    return sorted(named, key=lambda area: (area.valid_to is not None, area.level, area.pcode))


def area_resolve(text: str, *, level: int | None = None) -> Area | None:
    """The one area `text` names (P-code in any form, or a name in Arabic or English), else None.

    A name shared by several areas resolves to none of them: guessing would file records under
    the wrong place. Use `area_resolve_candidates` to tell the person which areas compete.
    """
    candidates = area_resolve_candidates(text, level=level)
    if len(candidates) > 1:
        # A retired twin of a current area (a renamed COD entry) does not make the name ambiguous.
        current = [area for area in candidates if area.valid_to is None]
        candidates = current if len(current) == 1 else candidates
    return candidates[0] if len(candidates) == 1 else None


def _with_counts(areas: QuerySet[Area]) -> QuerySet[Area]:
    return areas.annotate(
        children_count=Count("children", filter=Q(children__valid_to__isnull=True), distinct=True),
        locations_count=Count("locations", filter=Q(locations__is_active=True), distinct=True),
    )


def area_roots() -> QuerySet[Area]:
    """The countries Haven holds, with counts of their children and locations."""
    return _with_counts(Area.objects.filter(level=0)).order_by("pcode")


def area_children(area: Area, *, include_retired: bool = False) -> QuerySet[Area]:
    """The areas directly below `area`, with counts of their own children and locations."""
    children = Area.objects.filter(parent=area)
    if not include_retired:
        children = children.filter(valid_to__isnull=True)
    return _with_counts(children).order_by("name_en")


def area_tree(*, root: Area | None = None, max_level: int = 3) -> QuerySet[Area]:
    """Every area under `root` (all when None) down to `max_level`, in path order, for tree views."""
    areas = Area.objects.filter(level__lte=max_level, valid_to__isnull=True)
    if root is not None:
        areas = areas.filter(path__startswith=root.path)
    return areas.order_by("path")


def area_parents() -> dict[int, tuple[int | None, int]]:
    """Every area's parent id and level, for code that rolls figures up the tree in memory."""
    return {pk: (parent, level) for pk, parent, level in Area.objects.values_list("pk", "parent_id", "level")}


def area_names_en() -> dict[str, str]:
    """Every area's English name by P-code, for exports that write whole paths of names."""
    return dict(Area.objects.values_list("pcode", "name_en"))


def areas_by_id(ids: Iterable[int]) -> dict[int, Area]:
    """The areas with these ids, by id, in one query."""
    return Area.objects.in_bulk(list(ids))


def area_ancestors(area: Area) -> list[Area]:
    """The areas above `area`, from the country down to its parent, read from its path in one query."""
    pcodes = [code for code in area.path.split("/") if code][:-1]
    by_code = {a.pcode: a for a in Area.objects.filter(pcode__in=pcodes)}
    return [by_code[code] for code in pcodes if code in by_code]


def areas_search(*, search: str = "", level: int | None = None, parent: str = "") -> QuerySet[Area]:
    """Areas filtered by level, parent P-code and text (P-code, or any part of a name)."""
    areas = Area.objects.select_related("parent")
    if level is not None:
        areas = areas.filter(level=level)
    if parent:
        areas = areas.filter(parent__pcode=pcode_normalise(parent))
    text = search.strip()
    if text:
        key = name_key(text)
        condition = Q(pcode__startswith=pcode_normalise(text)) | Q(name_en__icontains=text) | Q(name_ar__icontains=text)
        if key:
            condition |= Q(known_names__key__startswith=key)
        areas = areas.filter(condition).distinct()
    return areas.order_by("path")


def areas_count_by_level(*, include_retired: bool = False) -> dict[int, int]:
    """How many areas Haven holds at each level (0–3), zero for a level not loaded."""
    areas = Area.objects.all() if include_retired else Area.objects.filter(valid_to__isnull=True)
    counts = dict(areas.order_by().values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    return {level: counts.get(level, 0) for level in range(4)}


def locations_visible_to(
    user: User | AnonymousUser,
    *,
    area: Area | None = None,
    type: str | None = None,
    search: str = "",
    include_inactive: bool = False,
) -> QuerySet[Location]:
    """Locations in the user's areas: the one place the scope rule for locations is applied."""
    if not user.has_perm("geo.view_location"):
        return Location.objects.none()
    locations = Location.objects.filter(scope_q(user, "area")).select_related("area")
    if not include_inactive:
        locations = locations.filter(is_active=True)
    if area is not None:
        locations = locations.filter(area__path__startswith=area.path)
    if type:
        locations = locations.filter(type=type)
    text = search.strip()
    if text:
        locations = locations.filter(Q(code__icontains=text) | Q(name_en__icontains=text) | Q(name_ar__icontains=text))
    return locations.order_by("name_en", "code")


def location_for_user(user: User | AnonymousUser, pk: int | str) -> Location:
    """One location the user may see; 404 otherwise, so that its existence elsewhere is not revealed."""
    try:
        return locations_visible_to(user, include_inactive=True).get(pk=int(pk))
    except (Location.DoesNotExist, ValueError, TypeError):
        raise Http404("No such location.") from None


def location_code_taken(code: str) -> bool:
    """Whether any location, in any area, already uses this code (codes are unique nationally)."""
    return Location.objects.filter(code=code).exists()


def location_by_code(code: str) -> Location | None:
    """The active location with this code (codes are unique nationally), with its area; None when unknown."""
    return Location.objects.select_related("area").filter(code__iexact=code, is_active=True).first()


def areas_for_user(user: User | AnonymousUser, *, min_level: int = 1) -> QuerySet[Area]:
    """Current areas inside the user's scope from `min_level` down, in tree order: what a form offers them."""
    return Area.objects.filter(scope_q(user, ""), level__gte=min_level, valid_to__isnull=True).order_by("path")
