"""Measure the detector against labelled cases: recall, precision and false alarms, overall and by category.

A labelled file is JSON lines with `id`, `text`, `concern` (true/false) and `category` (one of the
detector's categories, or "none"). Optional: `tier` (urgent, review or none: how soon a person should act)
and `life_at_risk_now` (true where a life is at risk now, which must be raised, and raised as urgent).
Other fields such as `note` are ignored. Pure Python: no Flask.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.safeguarding.detector import Assessment, assess
from survey_app.safeguarding.rules import CATEGORIES, TIERS


class CasesError(ValueError):
    """A labelled file cannot be read; the message names the line."""


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    concern: bool
    category: str
    tier: str | None = None
    life_at_risk_now: bool | None = None


@dataclass(frozen=True)
class Counts:
    """A confusion table. A ratio with nothing to divide by is None ("-" in the table)."""

    true_positive: int = 0
    false_negative: int = 0
    false_positive: int = 0
    true_negative: int = 0

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positive, self.true_positive + self.false_negative)

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positive, self.true_positive + self.false_positive)

    @property
    def false_positive_rate(self) -> float | None:
        return _ratio(self.false_positive, self.false_positive + self.true_negative)


@dataclass(frozen=True)
class CategoryResult:
    """`caught`: concerns of this category flagged at all (any category), what safety depends on.
    `exact`: this category against the rest, by the category the detector chose."""

    category: str
    caught: Counts
    exact: Counts


@dataclass(frozen=True)
class Report:
    overall: Counts
    categories: tuple[CategoryResult, ...]
    misses: tuple[Case, ...] = ()
    false_alarms: tuple[Case, ...] = ()
    # Area under the ROC curve of the detector's score: the chance a concern outranks a non-concern.
    roc_auc: float | None = None
    life_at_risk: "Urgency | None" = None
    urgent_labelled: "Urgency | None" = None


@dataclass(frozen=True)
class Urgency:
    """Of `cases` labelled so, how many the detector raised at all, and how many at tier urgent."""

    cases: int
    raised: int
    urgent: int

    @property
    def raised_rate(self) -> float | None:
        return _ratio(self.raised, self.cases)

    @property
    def urgent_rate(self) -> float | None:
        return _ratio(self.urgent, self.cases)


@dataclass(frozen=True)
class Bars:
    """What the detector must reach to be used. The defaults are the ones set for the development file."""

    min_recall: float = 0.95
    max_false_positive_rate: float = 0.05
    must_catch_all: tuple[str, ...] = field(default=("suicide", "immediate_danger"))

    def missed(self, report: Report) -> list[str]:
        """One sentence per bar that the report does not reach; empty when all are met."""
        problems = []
        recall, rate = report.overall.recall, report.overall.false_positive_rate
        if recall is not None and recall < self.min_recall:
            problems.append(f"recall {recall:.3f} is below {self.min_recall:.2f}")
        if rate is not None and rate > self.max_false_positive_rate:
            problems.append(f"false-positive rate {rate:.3f} is above {self.max_false_positive_rate:.2f}")
        for result in report.categories:
            caught = result.caught.recall
            if result.category in self.must_catch_all and caught is not None and caught < 1.0:
                problems.append(f"{result.caught.false_negative} {result.category} concern(s) missed")
        return problems


def load_cases(path: Path | str) -> list[Case]:
    try:
        with open(path, encoding="utf-8") as lines:
            return read_cases(lines)
    except OSError as error:
        raise CasesError(f"{path}: {error.strerror}") from None


def read_cases(lines: Iterable[str]) -> list[Case]:
    cases = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            cases.append(_case(line, number))
    return cases


def _case(line: str, number: int) -> Case:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise CasesError(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise CasesError(f"line {number}: expected a JSON object")
    text, concern, category = data.get("text"), data.get("concern"), data.get("category")
    if not isinstance(text, str) or not isinstance(concern, bool):
        raise CasesError(f"line {number}: needs a string `text` and a true/false `concern`")
    if category not in (*CATEGORIES, "none") or concern != (category != "none"):
        raise CasesError(f"line {number}: category {category!r} does not fit concern={concern}")
    tier, life = data.get("tier"), data.get("life_at_risk_now")
    if tier is not None and (tier not in TIERS or concern != (tier != "none")):
        raise CasesError(
            f"line {number}: tier {tier!r} does not fit concern={concern} (urgent, review or none)"
        )
    if life is not None and (not isinstance(life, bool) or (life and not concern)):
        raise CasesError(
            f"line {number}: life_at_risk_now must be true or false, and true only for a concern"
        )
    return Case(str(data.get("id", number)), text, concern, category, tier, life)


def evaluate(cases: Sequence[Case], classify: Callable[[str], Assessment] = assess) -> Report:
    results = [(case, classify(case.text)) for case in cases]
    return Report(
        overall=_count((case.concern, found.concern) for case, found in results),
        categories=tuple(_category_result(category, results) for category in CATEGORIES),
        misses=tuple(case for case, found in results if case.concern and not found.concern),
        false_alarms=tuple(case for case, found in results if found.concern and not case.concern),
        roc_auc=roc_auc([(case.concern, found.score) for case, found in results]),
        life_at_risk=_urgency([found for case, found in results if case.life_at_risk_now]),
        urgent_labelled=_urgency([found for case, found in results if case.tier == "urgent"]),
    )


def _urgency(found: list[Assessment]) -> Urgency | None:
    if not found:
        return None
    return Urgency(len(found), sum(a.concern for a in found), sum(a.tier == "urgent" for a in found))


def roc_auc(scored: Sequence[tuple[bool, float]]) -> float | None:
    """Area under the ROC curve (ties count half), or None without both concerns and non-concerns."""
    positives = sum(label for label, _ in scored)
    negatives = len(scored) - positives
    if not positives or not negatives:
        return None
    ordered = sorted(scored, key=lambda pair: pair[1])
    rank_sum, index = 0.0, 0
    while index < len(ordered):  # average ranks over runs of equal scores
        end = index
        while end + 1 < len(ordered) and ordered[end + 1][1] == ordered[index][1]:
            end += 1
        mean_rank = (index + end) / 2 + 1
        rank_sum += mean_rank * sum(label for label, _ in ordered[index : end + 1])
        index = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _category_result(category: str, results: list[tuple[Case, Assessment]]) -> CategoryResult:
    return CategoryResult(
        category=category,
        caught=_count((True, found.concern) for case, found in results if case.category == category),
        exact=_count((case.category == category, found.category == category) for case, found in results),
    )


def _count(pairs: Iterable[tuple[bool, bool]]) -> Counts:
    tally = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    for pair in pairs:
        tally[pair] += 1
    return Counts(tally[True, True], tally[True, False], tally[False, True], tally[False, False])


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def format_report(report: Report, bars: Bars | None = None) -> str:
    """The metrics as a plain-text table, followed by whether the bars are met."""
    rows = [("", "cases", "caught", "recall", "same category", "precision", "false +", "FP rate")]
    overall = report.overall
    rows.append(_row("all concerns", overall.true_positive + overall.false_negative, overall, overall))
    for result in report.categories:
        cases = result.caught.true_positive + result.caught.false_negative
        rows.append(_row(result.category, cases, result.caught, result.exact))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    non_concerns = overall.false_positive + overall.true_negative
    lines.append(f"Non-concerns: {non_concerns}, false alarms: {overall.false_positive}")
    lines.append("Per category, 'caught' and 'recall' count a concern flagged under any category (what")
    lines.append("safety depends on); 'same category', precision and false + use the detector's category.")
    if report.roc_auc is not None:
        lines.append(f"ROC AUC of the score: {report.roc_auc:.3f}")
    for label, urgency in (
        ("Life at risk now", report.life_at_risk),
        ("Labelled urgent", report.urgent_labelled),
    ):
        if urgency is not None:
            lines.append(
                f"{label}: {urgency.cases} case(s),"
                f" raised {urgency.raised} ({_percent(urgency.raised_rate)}),"
                f" urgent {urgency.urgent} ({_percent(urgency.urgent_rate)})"
            )
    if bars is not None:
        problems = bars.missed(report)
        lines.append("")
        lines.extend(f"MISSED: {problem}" for problem in problems)
        lines.append("Bars met." if not problems else f"{len(problems)} bar(s) missed.")
    return "\n".join(lines)


def _row(label: str, cases: int, caught: Counts, exact: Counts) -> tuple[str, ...]:
    return (
        label,
        str(cases),
        str(caught.true_positive),
        _percent(caught.recall),
        _percent(exact.recall),
        _percent(exact.precision),
        str(exact.false_positive),
        _percent(exact.false_positive_rate),
    )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
