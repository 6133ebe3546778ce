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

from survey_app.exports.banding_ladders import SUPPRESSED, AreaLadder, Ladder, LadderKind, fit_ladder

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

    def plan(self, k: int = 5, max_suppressed: float = 0.2) -> BandingPlan:
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
            if levels[index] < getattr(ladder, "climbable", ladder.top):
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
    recoder = _LocalSuppression(groups, top, _suppression_order(names, groups), k)
    recoder.run()
    final = recoder.final
    total_top = final.get(top, 0)
    ordinary = [group for group in final if group != top]
    if 0 < total_top < k and ordinary:
        # Any ordinary group has at least k rows, so adding the smallest one is enough.
        recoder.move(_cheapest_to_suppress(grouping, final, ordinary), top)
    final = recoder.final
    changed = sum(groups[combination] for combination in recoder.recode)
    return BandingPlan(
        k=k,
        names=names,
        ladders=grouping.ladders,
        levels=levels,
        published=frozenset(group for group, count in final.items() if count),
        recode=dict(recoder.recode),
        suppressed_rows=final.get(top, 0),
        partly_suppressed_rows=changed - final.get(top, 0),
        total_rows=grouping.total,
        meets_k=final.get(top, 0) == 0 or final.get(top, 0) >= k,
    )


def _cheapest_to_suppress(grouping: _Grouping, final: Counter[Combination], ordinary: list) -> Combination:
    """The group whose full suppression loses least: one not naming an area if there is one, else the
    smallest group of the biggest area (Glasgow losing five rows matters less than Argyll losing five)."""
    areas = [index for index, ladder in enumerate(grouping.ladders) if isinstance(ladder, AreaLadder)]
    area_totals: Counter = Counter()
    for group, count in final.items():
        area_totals[tuple(group[index] for index in areas)] += count

    def cost(group: Combination) -> tuple:
        share = final[group] / max(area_totals[tuple(group[index] for index in areas)], 1)
        return (_keeps_an_area(grouping, group), share, final[group], str(group))

    return min(ordinary, key=cost)


def _keeps_an_area(grouping: _Grouping, group: Combination) -> bool:
    """True if the group shows an area by name: such groups are the last to give up their values."""
    return any(
        isinstance(ladder, AreaLadder) and (group[index] is None or group[index] in ladder.kept)
        for index, ladder in enumerate(grouping.ladders)
    )


def _suppression_order(names: tuple[str, ...], groups: Counter[Combination]) -> list[int]:
    """Which value to remove first from a row in a rare combination: the attribute with the most distinct
    values (it splits rows the most, and so each of its values says least), and the area always last, because
    regional findings are what the review reports."""
    others = [index for index, name in enumerate(names) if name != "area"]
    others.sort(key=lambda index: (-len({combination[index] for combination in groups}), index))
    return others + [index for index, name in enumerate(names) if name == "area"]


class _LocalSuppression:
    """Row-level (local) suppression: rows in a combination rarer than k lose one value at a time, in the
    given order, until they share their combination with at least k rows. Before a row would lose its area,
    the smallest group of the same area gives up its other values too, so an area with k or more responses
    is never removed from anyone."""

    def __init__(self, groups: Counter[Combination], top: Combination, order: list[int], k: int) -> None:
        self.groups, self.top, self.order, self.k = groups, top, order, k
        self.final: Counter[Combination] = Counter({c: n for c, n in groups.items() if n >= k})
        self.members: dict[Combination, list[Combination]] = {c: [c] for c in self.final}
        self.recode: dict[Combination, Combination] = {}

    def _mask(self, combination: Combination, index: int) -> Combination:
        return combination[:index] + (self.top[index],) + combination[index + 1 :]

    def move(self, group: Combination, target: Combination) -> None:
        for original in self.members.pop(group, []):
            self.recode[original] = target
            self.members.setdefault(target, []).append(original)
        self.final[target] += self.final.pop(group, 0)

    def run(self) -> None:
        pending = {c: c for c, n in self.groups.items() if n < self.k}
        for index in self.order:
            if self.order[-1] == index and len(self.order) > 1:
                self._borrow_within_area(pending, index)
            pending = {original: self._mask(current, index) for original, current in pending.items()}
            counts: Counter[Combination] = Counter()
            for original, current in pending.items():
                counts[current] += self.groups[original]
            for original, current in list(pending.items()):
                if counts[current] + self.final.get(current, 0) >= self.k or index == self.order[-1]:
                    self._settle(original, current)
                    del pending[original]
        for original, current in pending.items():
            self._settle(original, current)

    def _settle(self, original: Combination, current: Combination) -> None:
        if original != current:
            self.recode[original] = current
        self.members.setdefault(current, []).append(original)
        self.final[current] += self.groups[original]

    def _borrow_within_area(self, pending: dict[Combination, Combination], area: int) -> None:
        """Rows about to lose their area: if too few, the area's smallest group joins them first."""
        short: Counter[Combination] = Counter()
        for original, current in pending.items():
            short[current] += self.groups[original]
        for current, count in short.items():
            if count + self.final.get(current, 0) >= self.k:
                continue
            same_area = [group for group in self.final if group[area] == current[area] and group != current]
            if not same_area:
                continue
            smallest = min(same_area, key=lambda group: (self.final[group], str(group)))
            self.move(smallest, current)
            for original, now in list(pending.items()):
                if now == current:
                    self._settle(original, current)
                    del pending[original]


@dataclass(frozen=True)
class BandingPlan:
    """Pass 2: how each quasi-identifier is banded, and which banded combinations may be shown."""

    k: int
    names: tuple[str, ...]
    ladders: tuple[Ladder, ...]
    levels: tuple[int, ...]
    published: frozenset[Combination]
    recode: dict[Combination, Combination]
    suppressed_rows: int
    partly_suppressed_rows: int
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
        banded = self.recode.get(banded, banded)
        if banded not in self.published:
            return self.suppressed_values
        return dict(zip(self.names, banded, strict=True))

    def describe(self) -> list[str]:
        """Plain-English lines for the codebook."""
        lines = [
            f"Quasi-identifiers ({', '.join(self.names)}) were banded so that every combination of their "
            f"values is shared by at least {self.k} responses (k-anonymity, k = {self.k}).",
            *(ladder.describe(name, level) for name, ladder, level in self._steps()),
        ]
        if self.partly_suppressed_rows:
            lines.append(
                f"{self.partly_suppressed_rows} responses in rarer combinations had one or more of these "
                f"values removed (shown as '{SUPPRESSED}'), the least informative first and the area last; "
                f"an area with at least {self.k} responses keeps its name unless the file is too small."
            )
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
