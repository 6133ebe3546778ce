"""k-anonymity for the quasi-identifiers (age, area, gender, disability, placement) in an export.

Two passes so that no response has to be held in memory: pass 1 feeds each row's quasi-identifiers to a
``BandingPlanner``, which only counts combinations; ``plan(k)`` chooses how far to generalise each one; pass 2
calls ``plan.apply`` on each row as it is written.

The plan climbs one ladder step at a time, each time choosing the attribute whose next step leaves the fewest
rows in combinations rarer than k, until at most ``max_suppressed`` of the rows are in such combinations.
Those rows then lose all their quasi-identifiers. Fully suppressed rows share one combination, so that
group must not be small either: a group of one would tell someone who knows a young person's unusual
details that this row is theirs. When it would be smaller than k, the smallest ordinary group is suppressed
with it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from survey_app.exports.banding_ladders import Ladder, LadderKind, fit_ladder

DEFAULT_KINDS: Mapping[str, LadderKind] = {
    "age": "age",
    "area": "area",
    "gender": "category",
    "disability": "category",
    "placement": "category",
}

Combination = tuple[Hashable, ...]


def _frozen(value: object) -> Hashable:
    """Multi-choice answers arrive as lists; their order carries no meaning, so sort them."""
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(value, key=str))
    if not isinstance(value, Hashable):
        raise TypeError(f"quasi-identifier values must be plain values, not {type(value).__name__}")
    return value


class BandingPlanner:
    """Pass 1: count each combination of quasi-identifiers. Memory grows with distinct combinations, not
    with rows."""

    def __init__(self, kinds: Mapping[str, LadderKind] | None = None) -> None:
        self.kinds = dict(DEFAULT_KINDS if kinds is None else kinds)
        self.names = tuple(self.kinds)
        self._combinations: Counter[Combination] = Counter()

    def add(self, quasi_identifiers: Mapping[str, object]) -> None:
        self._combinations[tuple(_frozen(quasi_identifiers.get(name)) for name in self.names)] += 1

    def plan(self, k: int = 5, max_suppressed: float = 0.05) -> BandingPlan:
        """Choose the banding. ``max_suppressed`` is the share of rows that may lose all their
        quasi-identifiers rather than generalising everyone further."""
        if k < 1:
            raise ValueError("k must be at least 1")
        marginals = [Counter[Hashable]() for _ in self.names]
        for combination, count in self._combinations.items():
            for index, value in enumerate(combination):
                marginals[index][value] += count
        ladders = tuple(
            fit_ladder(self.kinds[name], marginals[index], k) for index, name in enumerate(self.names)
        )
        grouping = _Grouping(self._combinations, ladders)
        allowance = math.floor(max_suppressed * grouping.total)
        levels = _climb(grouping, k, allowance)
        return _finish(self.names, grouping, levels, k)


class _Grouping:
    """Counts rows per generalised combination for any choice of levels, reusing each value's mapping."""

    def __init__(self, combinations: Counter[Combination], ladders: tuple[Ladder, ...]) -> None:
        self.combinations = combinations
        self.ladders = ladders
        self.total = sum(combinations.values())
        values = [{combination[index] for combination in combinations} for index in range(len(ladders))]
        self._maps = [
            [
                {value: ladder.generalise(value, level) for value in values[index]}
                for level in range(ladder.top + 1)
            ]
            for index, ladder in enumerate(ladders)
        ]

    def groups(self, levels: tuple[int, ...]) -> Counter[Combination]:
        maps = [self._maps[index][level] for index, level in enumerate(levels)]
        groups: Counter[Combination] = Counter()
        for combination, count in self.combinations.items():
            groups[tuple(mapping[value] for mapping, value in zip(maps, combination, strict=True))] += count
        return groups


def _rare_rows(groups: Counter[Combination], k: int) -> int:
    return sum(count for count in groups.values() if count < k)


def _climb(grouping: _Grouping, k: int, allowance: int) -> tuple[int, ...]:
    """Greedy: one step up one ladder at a time, the step that leaves fewest rows in rare combinations;
    ties go to the step that keeps most distinct combinations (the least information lost)."""
    levels = tuple(0 for _ in grouping.ladders)
    while _rare_rows(grouping.groups(levels), k) > allowance:
        candidates = []
        for index, ladder in enumerate(grouping.ladders):
            if levels[index] < ladder.top:
                trial = levels[:index] + (levels[index] + 1,) + levels[index + 1 :]
                groups = grouping.groups(trial)
                candidates.append((_rare_rows(groups, k), -len(groups), index, trial))
        if not candidates:
            break
        levels = min(candidates)[3]
    return levels


def _finish(names: tuple[str, ...], grouping: _Grouping, levels: tuple[int, ...], k: int) -> BandingPlan:
    groups = grouping.groups(levels)
    top = tuple(ladder.generalise(None, ladder.top) for ladder in grouping.ladders)
    suppressed = {combination for combination, count in groups.items() if count < k}
    suppressed_group = sum(groups[combination] for combination in suppressed | {top} if combination in groups)
    ordinary = [group for group in groups if group not in suppressed and group != top]
    if 0 < suppressed_group < k and ordinary:
        # Any ordinary group has at least k rows, so adding the smallest one is enough.
        smallest = min(ordinary, key=lambda group: (groups[group], str(group)))
        suppressed.add(smallest)
        suppressed_group += groups[smallest]
    return BandingPlan(
        k=k,
        names=names,
        ladders=grouping.ladders,
        levels=levels,
        published=frozenset(group for group in groups if group not in suppressed),
        suppressed_rows=sum(groups[combination] for combination in suppressed),
        total_rows=grouping.total,
        meets_k=suppressed_group == 0 or suppressed_group >= k,
    )


@dataclass(frozen=True)
class BandingPlan:
    """Pass 2: how each quasi-identifier is banded, and which banded combinations may be shown."""

    k: int
    names: tuple[str, ...]
    ladders: tuple[Ladder, ...]
    levels: tuple[int, ...]
    published: frozenset[Combination]
    suppressed_rows: int
    total_rows: int
    meets_k: bool

    @property
    def suppressed_values(self) -> dict[str, Hashable]:
        """What a fully suppressed row shows: the top of every ladder."""
        return {
            name: ladder.generalise(None, ladder.top)
            for name, ladder in zip(self.names, self.ladders, strict=True)
        }

    def apply(self, quasi_identifiers: Mapping[str, object]) -> dict[str, Hashable]:
        """The banded values for one row. A combination the plan did not see or allow is fully suppressed,
        so a row that changed between the passes cannot slip out in its exact form."""
        banded = tuple(
            ladder.generalise(_frozen(quasi_identifiers.get(name)), level)
            for name, ladder, level in zip(self.names, self.ladders, self.levels, strict=True)
        )
        if banded not in self.published:
            return self.suppressed_values
        return dict(zip(self.names, banded, strict=True))

    def describe(self) -> list[str]:
        """Plain-English lines for the codebook."""
        lines = [
            f"Quasi-identifiers ({', '.join(self.names)}) were banded so that every combination of their "
            f"values is shared by at least {self.k} responses (k-anonymity, k = {self.k}).",
            *(ladder.describe(name, level) for name, ladder, level in self._steps()),
            "An empty value means the question was not answered.",
        ]
        if self.suppressed_rows:
            shown = " or ".join(sorted({f"'{value}'" for value in self.suppressed_values.values()}))
            lines.append(
                f"{self.suppressed_rows} responses had all of these values removed (shown as {shown}) so "
                f"that no combination, theirs included, is shared by fewer than {self.k} responses."
            )
        if not self.meets_k:
            lines.append(
                f"There are fewer than {self.k} responses, so they cannot be made anonymous by banding: "
                "do not share this file as anonymous data."
            )
        return lines

    def _steps(self) -> Iterable[tuple[str, Ladder, int]]:
        return zip(self.names, self.ladders, self.levels, strict=True)
