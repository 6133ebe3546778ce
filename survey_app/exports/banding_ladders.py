"""Generalisation ladders: for each kind of quasi-identifier, the steps from the exact value to nothing.

Level 0 is always the value as given; the top level always shows one value for everyone, so a plan that
climbs every ladder to the top puts all rows in one group. ``None`` means "not given" and stays empty until
the top, where it is shown like everyone else.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from survey_app.exports.scottish_places import region_of

SUPPRESSED = "[suppressed]"
ANY_AGE = "any age"
OTHER = "Other"
OTHER_AREAS_SCOTLAND = "Other areas in Scotland"

LadderKind = Literal["age", "area", "category"]


def as_age(value: object) -> int | None:
    """The whole-year age in a value, or None if it is not a number (such as "prefer not to say")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return math.floor(value) if math.isfinite(value) else None
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return int(value.strip())
    return None


def three_year_band(age: int) -> str:
    """16-17, 18-20, 21-23, 24-26 for care leavers' usual ages; three-year bands on either side of them."""
    if age in (16, 17):
        return "16-17"
    if age >= 18:
        start = 18 + 3 * ((age - 18) // 3)
        return f"{start}-{start + 2}"
    end = 15 - 3 * ((15 - age) // 3)
    return f"{end - 2}-{end}"


def wide_band(age: int) -> str:
    if age <= 15:
        return "15 and under"
    if age <= 20:
        return "16-20"
    if age <= 26:
        return "21-26"
    return "27 and over"


@dataclass(frozen=True)
class AgeLadder:
    """exact -> three-year bands -> 16-20 / 21-26 -> "any age". Answers that are not numbers (a "prefer not
    to say" code) stay as they are until the top."""

    top: int = 3
    kind: LadderKind = "age"
    climbable: int = 2  # wide bands at most for everyone; removing an age is left to rows that need it

    def generalise(self, value: Hashable, level: int) -> Hashable:
        if level >= self.top:
            return ANY_AGE
        age = as_age(value)
        if level == 0 or age is None:
            return value
        return three_year_band(age) if level == 1 else wide_band(age)

    def describe(self, name: str, level: int) -> str:
        return {
            0: f"{name}: exact ages kept.",
            1: f"{name}: grouped into 16-17, 18-20, 21-23 and 24-26 (three-year bands outside 16-26).",
            2: f"{name}: grouped into 16-20 and 21-26 ('15 and under' and '27 and over' outside that range).",
        }.get(level, f"{name}: removed (shown as '{ANY_AGE}').")


@dataclass(frozen=True)
class AreaLadder:
    """exact -> small areas merged into "Other areas in <region>" -> regions -> "[suppressed]". ``kept`` holds
    the areas with at least k responses, which level 1 leaves exactly as they are; ``merged`` says where each
    small area goes (its region's "other areas", or "Other areas in Scotland" when that would be small)."""

    kept: frozenset[Hashable] = field(default_factory=frozenset)
    merged: Mapping[Hashable, str] = field(default_factory=dict)
    top: int = 3
    kind: LadderKind = "area"
    climbable: int = 1  # the global climb stops here; rarer combinations are handled row by row

    def generalise(self, value: Hashable, level: int) -> Hashable:
        if level >= self.top:
            return SUPPRESSED
        if level == 0 or value is None:
            return value
        if level == 1:
            return value if value in self.kept else self.merged.get(value, OTHER_AREAS_SCOTLAND)
        region = region_of(value)
        return f"Areas in {region}" if region else OTHER_AREAS_SCOTLAND

    def describe(self, name: str, level: int) -> str:
        if level == 0 or (level == 1 and not self.merged):
            return f"{name}: every area kept as it is."
        if level == 1:
            return (
                f"{name}: every area with enough responses kept as it is; smaller areas combined into 'Other "
                f"areas in' their region (the North, East, West or South), or '{OTHER_AREAS_SCOTLAND}'."
            )
        if level == 2:
            return f"{name}: grouped into four regions of Scotland."
        return f"{name}: removed (shown as '{SUPPRESSED}')."


def fit_area(counts: Counter[Hashable], k: int) -> AreaLadder:
    """Keep every area with at least k responses; merge the rest by region, and a region's leftovers into
    Scotland's when they would be fewer than k, so no merged group is small if it can be helped."""
    given = {value: count for value, count in counts.items() if value is not None}
    kept = {value for value, count in given.items() if count >= k}
    small = [value for value in given if value not in kept]
    by_region: Counter[str] = Counter()
    for value in small:
        by_region[region_of(value) or ""] += given[value]
    merged = {}
    for value in small:
        region = region_of(value)
        roomy = region and by_region[region] >= k
        merged[value] = f"Other areas in {region}" if roomy else OTHER_AREAS_SCOTLAND
    scotland = sum(given[value] for value, label in merged.items() if label == OTHER_AREAS_SCOTLAND)
    if 0 < scotland < k:
        regional = {label for label in merged.values() if label != OTHER_AREAS_SCOTLAND}
        if regional:  # fold the smallest region's leftovers in too, rather than leave a small group
            sizes = {label: sum(given[v] for v, m in merged.items() if m == label) for label in regional}
            smallest = min(sizes, key=lambda label: (sizes[label], label))
            merged = {v: (OTHER_AREAS_SCOTLAND if m == smallest else m) for v, m in merged.items()}
    return AreaLadder(kept=frozenset(kept), merged=merged)


@dataclass(frozen=True)
class CategoryLadder:
    """exact -> rare answers merged into "Other" -> "[suppressed]". ``kept`` holds the answers common enough
    to show at level 1; anything else, including an answer first seen after planning, reads "Other"."""

    kept: frozenset[Hashable] = field(default_factory=frozenset)
    merged_any: bool = False
    top: int = 2
    kind: LadderKind = "category"
    climbable: int = 1

    def generalise(self, value: Hashable, level: int) -> Hashable:
        if level >= self.top:
            return SUPPRESSED
        if level == 0 or value is None or value in self.kept:
            return value
        return OTHER

    def describe(self, name: str, level: int) -> str:
        if level == 0 or (level == 1 and not self.merged_any):
            return f"{name}: exact values kept."
        if level == 1:
            # The merged answers are not listed: naming them would tell readers that a handful chose them.
            return f"{name}: answers given by few people were combined into '{OTHER}'."
        return f"{name}: removed (shown as '{SUPPRESSED}')."


def fit_category(counts: Counter[Hashable], k: int) -> CategoryLadder:
    """Keep the answers given by at least k rows; merge the rest into "Other", and if "Other" itself ends
    up smaller than k, merge the next smallest answers into it too, so "Other" is never a small group."""
    given = {value: count for value, count in counts.items() if value is not None}
    other_count = given.pop(OTHER, 0)
    kept = {value: count for value, count in given.items() if count >= k}
    merged_count = other_count + sum(count for value, count in given.items() if value not in kept)
    merged_any = len(kept) < len(given)
    while 0 < merged_count < k and kept:
        smallest = min(kept, key=lambda value: (kept[value], str(value)))
        merged_count += kept.pop(smallest)
        merged_any = True
    return CategoryLadder(kept=frozenset(kept), merged_any=merged_any)


Ladder = AgeLadder | AreaLadder | CategoryLadder


def fit_ladder(kind: LadderKind, counts: Counter[Hashable], k: int) -> Ladder:
    if kind == "age":
        return AgeLadder()
    if kind == "area":
        return fit_area(counts, k)
    if kind == "category":
        return fit_category(counts, k)
    raise ValueError(f"unknown kind of quasi-identifier {kind!r}: use 'age', 'area' or 'category'")
