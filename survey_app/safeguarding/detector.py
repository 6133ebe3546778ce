"""Does a free-text answer show that someone may not be safe? `assess(text)` says, and says why.

Rules and context lists live in rules.yaml (see its header for how a text is read); this module applies
them, with the other languages' lexicons (languages.py), and weighs what they found with the learned layer
(learned.py): an urgent-tier rule hit always stands; a review-tier rule hit in an answer the layer reads as
ordinary is set aside, with its reason kept; the layer alone raises a concern, and raises a concern to urgent,
on strong evidence of its own, and says so. Pure Python: no Flask, no database, no network, so it can run in
any channel and in tests.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

from survey_app.safeguarding import context, languages, learned, urgency
from survey_app.safeguarding.context import Reading
from survey_app.safeguarding.patterns import Matcher
from survey_app.safeguarding.rules import TIERS, Cues, Rule, RuleSet, load_rules

__all__ = ["RULES_VERSION", "THRESHOLD", "Assessment", "Reason", "assess"]

RULES_VERSION: str = load_rules().version
# A score above this is a concern. Each tier has its band of scores; within it, the learned layer's
# likelihood and the number of rules that agree rank one answer above another.
THRESHOLD: float = 0.5
TIER_BAND: dict[str, tuple[float, float]] = {"review": (0.6, 0.9), "urgent": (0.9, 1.0)}
# The layer alone raises an answer mostly in another language only from here, whatever its `alone`: it has
# read few ordinary answers in those languages (the writers of fresh rounds wrote mostly concerns in them),
# so their everyday words lean towards a concern ("skocze jutro do biura": I'll pop into the office
# tomorrow, 0.64). The lexicons read those answers; this was the layer's own floor before it came to 0.6.
FOREIGN_ALONE = 0.7
# Besides its urgency model, the learned layer alone raises `urgent` with a sign it is happening now, any
# category, at this likelihood or above: a weak learned flag that says "tonight" is still a review, not a
# page in the night (training flags with a sign of now: 0.88-0.99).
LEARNED_URGENT_NOW = 0.85
# The note a worker's account of one young person carries: their risk keeps its tier, and can escalate.
ONE_YOUNG_PERSON = "a worker about one young person"
SOMEONE_ELSE = "about someone else"
# Categories whose urgent signs (urgency.py) count whoever tells of them.
TOLD_BY_ANYONE = frozenset({"missing", "neglect", "homelessness", "mental_health_crisis"})


@dataclass(frozen=True)
class Reason:
    """One rule that matched: its words (as normalised), the tier it counts for, and what context did."""

    rule: str
    category: str
    tier: str
    words: str
    context: tuple[str, ...] = ()
    # The rule itself is urgent-tier, whatever context lowered this hit to: the learned layer never sets it
    # aside ("I was suicidal last month and it's coming back" is a past urgent hit, review, never none).
    urgent_rule: bool = field(default=False, compare=False)

    @property
    def counts(self) -> bool:
        return self.tier != "none"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "tier": self.tier,
            "words": self.words,
            "context": list(self.context),
        }


@dataclass(frozen=True)
class Assessment:
    concern: bool
    tier: str
    category: str
    reasons: tuple[Reason, ...] = ()
    # 0 to 1, higher is more worrying: the reading list ranks by it. `concern` is true above THRESHOLD.
    score: float = 0.0
    # The detector could not read the text's language: a person must, so it ranks near the top.
    language_unread: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "concern": self.concern,
            "tier": self.tier,
            "category": self.category,
            "score": round(self.score, 4),
            "language_unread": self.language_unread,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


NO_CONCERN = Assessment(concern=False, tier="none", category="none")
LANGUAGE_NOT_READ = "not read by the detector: language"
# Near the top of the reading list: below only what the rules or lexicons found urgent.
UNREAD = Assessment(
    concern=True,
    tier="review",
    category="none",
    reasons=(Reason("detector.language", "none", "review", "", (LANGUAGE_NOT_READ,)),),
    score=0.89,
    language_unread=True,
)


def assess(
    text: str, rules: RuleSet | None = None, use_learned: bool = True, model: learned.Model | None = None
) -> Assessment:
    """Assesses one answer against the rules (by default the packaged rules.yaml), the other languages'
    lexicons (languages.yaml) and the learned layer (learned.py, by default the packaged model). A text in a
    language none of them can read is a concern for a person to read. Every answer gets a score."""
    rules = rules or load_rules()
    evidence = gather(text, rules, model or learned.load_model(), use_learned)
    if evidence is None:
        return NO_CONCERN
    return verdict(evidence, (model or learned.load_model()) if use_learned else None, rules.category_order)


@dataclass(frozen=True)
class Evidence:
    """What the rules, the lexicons and the learned layer found in one answer, before the verdict: kept
    apart so that training can try the learned layer's thresholds on it without reading the answer again."""

    text: str
    reading: Reading
    cues: Cues
    reasons: tuple[Reason, ...]
    unread: bool
    scores: learned.Scores | None
    # Mostly in another language: the layer alone needs FOREIGN_ALONE to raise it.
    foreign: bool = False


def gather(
    text: str, rules: RuleSet, model: learned.Model | None, use_learned: bool = True
) -> Evidence | None:
    """The evidence in one answer (None: nothing to read). `model` is also the reader's source of English
    words (the answers it was trained on), learned layer or not."""
    foreign = _reader(rules, model).read(text) if text.strip() else languages.ENGLISH_READING
    normalised = (rules.normalise.literal if foreign.foreign else rules.normalise)(text)
    if not normalised and not foreign.harms and not foreign.unread:
        return None
    reading = Reading.of(normalised, rules.idioms, rules.prefilter.present(normalised))
    reasons = _rule_reasons(reading, rules) if normalised else []
    if not any(reason.counts for reason in reasons) and (goodbye := _farewell(reading, rules.cues)):
        reasons.append(goodbye)
    reasons = _escalate(
        [*reasons, *map(_language_reason, foreign.harms)], reading, rules.cues, text, foreign.now
    )
    scores = model.scores(text, normalised) if model and use_learned and normalised else None
    return Evidence(text, reading, rules.cues, tuple(reasons), foreign.unread, scores, foreign.foreign)


def verdict(evidence: Evidence, model: learned.Model | None, category_order: list[str]) -> Assessment:
    """The rules' and lexicons' reasons, weighed with the learned layer's two likelihoods (see learned.py):
    an urgent-tier rule hit stands; a review-tier rule hit in an answer the layer reads as ordinary is set
    aside; the layer alone raises a concern where its evidence is strong, and a concern's tier to urgent."""
    reasons, scores = list(evidence.reasons), evidence.scores
    if model is None or scores is None:
        return _rules_verdict(evidence, reasons, category_order)
    limits, likelihood, urgency = model.thresholds, scores.concern, scores.urgent
    counted = [reason for reason in reasons if reason.counts]
    if counted and likelihood < limits.veto and all(map(_may_set_aside, counted)):
        note = f"set aside: learned score {likelihood:.2f} is below {limits.veto:.2f}, an ordinary answer"
        reasons = [replace(r, tier="none", context=(*r.context, note)) if r.counts else r for r in reasons]
        counted = []
    if not counted:
        judged = [reason.words for reason in evidence.reasons if not reason.counts]
        alone = model.without(scores, judged) if judged else likelihood
        bar = max(limits.alone, FOREIGN_ALONE) if evidence.foreign else limits.alone
        if alone >= bar or _urgent_enough(alone, urgency, limits):
            return _learned_assessment(evidence, model, reasons, alone)
        if evidence.unread:
            return UNREAD
        score = 0.45 * likelihood + (0.05 if reasons else 0.0)
        return Assessment(False, "none", "none", tuple(reasons), score)
    tier = max((reason.tier for reason in counted), key=TIERS.index)
    category = min((reason.category for reason in counted if reason.tier == tier), key=category_order.index)
    if tier == "review" and urgency >= limits.urgent:
        tier = "urgent"
        reasons.append(_urgency_reason(model, scores, category))
    agree = min(len(counted) - 1, 3) / 3
    score = _banded(tier, 0.5 * likelihood + 0.25 * urgency + 0.25 * agree)
    return Assessment(concern=True, tier=tier, category=category, reasons=tuple(reasons), score=score)


def _urgent_enough(likelihood: float, urgency: float, limits: learned.Thresholds) -> bool:
    """A weaker flag that reads as urgent: cross-validation found more lives at risk raised for the same
    false alarms when such an answer is put in front of a person."""
    lower = limits.alone_urgent
    return lower is not None and likelihood >= lower and urgency >= limits.urgent


def _rules_verdict(evidence: Evidence, reasons: list[Reason], category_order: list[str]) -> Assessment:
    """The verdict without the learned layer: the rules and lexicons alone."""
    counted = [reason for reason in reasons if reason.counts]
    if not counted:
        if evidence.unread:
            return UNREAD
        return replace(NO_CONCERN, reasons=tuple(reasons), score=0.1 if reasons else 0.0)
    tier = max((reason.tier for reason in counted), key=TIERS.index)
    category = min((reason.category for reason in counted if reason.tier == tier), key=category_order.index)
    score = _banded(tier, min(len(counted) - 1, 3) / 3)
    return Assessment(concern=True, tier=tier, category=category, reasons=tuple(reasons), score=score)


def _may_set_aside(reason: Reason) -> bool:
    """Only a review-tier hit of an English review-tier rule: an urgent one always stands, and so does an
    urgent rule's hit that context lowered to review (a past or someone else's risk); the layer has read too
    few answers in other languages to overrule their lexicons."""
    return reason.tier == "review" and not reason.urgent_rule and not reason.rule.startswith("language.")


def _banded(tier: str, strength: float) -> float:
    low, high = TIER_BAND[tier]
    return low + (high - low) * strength


def _rule_reasons(reading: Reading, rules: RuleSet) -> list[Reason]:
    candidates = rules.candidates(reading.present, reading.text)
    return [
        reason
        for rule, patterns in candidates
        if (reason := _best_reason(rule, patterns, reading, rules.cues))
    ]


_READERS: dict[tuple[int, int], tuple[RuleSet, learned.Model | None, languages.Reader]] = {}


def _reader(rules: RuleSet, model: learned.Model | None) -> languages.Reader:
    """The other-language reader for a rule set and model, built once. English is every word the rules know,
    the everyday and dictionary words the speller keeps, and the learned layer's vocabulary (the answers it
    was trained on). Only whether a text is read depends on it: the other languages' lexicons always run."""
    key = (id(rules), id(model))
    if (cached := _READERS.get(key)) is not None and cached[0] is rules and cached[1] is model:
        return cached[2]
    speller = rules.normalise.speller
    # The layer was trained on answers in every language: its Polish words ("od", "nie") would make Polish
    # typed without accents read as English, and English spelling turn "od" (since) into an overdose.
    trained = (model.vocabulary() - languages.others_common()) if model else frozenset()
    english = rules.normalise.known_words | (speller.known if speller else frozenset()) | trained
    reader = languages.load_reader(frozenset(english))
    _READERS[key] = (rules, model, reader)
    return reader


def _language_reason(harm: languages.Harm) -> Reason:
    return Reason(f"language.{harm.language}.{harm.category}", harm.category, harm.tier, harm.words)


# Goodbyes in one answer that, together and with nothing else said, read as a suicide note.
FAREWELLS = 2


def _farewell(reading: Reading, cues: Cues) -> Reason | None:
    """ "Thank you for everything. Tell my sister I love her. I'm sorry": no rule's words, but a goodbye."""
    said = urgency.farewell(reading, cues)
    if len(said) < FAREWELLS:
        return None
    note = f"{len(said)} goodbyes in one answer read as a suicide note"
    return Reason("suicide.farewell", "suicide", "urgent", " + ".join(said), (note,))


def _urgent_sign(category: str, reading: Reading, cues: Cues, text: str) -> str | None:
    """Why a concern of this category cannot wait: it is happening now ("right now", "please help",
    "tonight"), or a sign urgency.py knows for the category (a plan, a child, a weapon ready)."""
    if now := context.happening_now(reading, cues):
        return f"happening now ({now!r})"
    return urgency.reason_to_hurry(category, reading, cues, text)


def _learned_assessment(
    evidence: Evidence, model: learned.Model, reasons: list[Reason], likelihood: float
) -> Assessment:
    """The learned layer alone: a review, or urgent when its urgency model says so, or when its evidence is
    strong and the text says why it cannot wait (happening now, a plan, a child): a worrying answer that
    says "right now" cannot wait a day."""
    scores = evidence.scores
    assert scores is not None
    category = model.category(scores.words)
    note = f"learned score {likelihood:.2f}, not a rule: a person should read it"
    found = [*reasons, Reason(learned.RULE_ID, category, "review", ", ".join(model.top(scores)), (note,))]
    tier = "review"
    if scores.urgent >= model.thresholds.urgent:
        tier = "urgent"
        found.append(_urgency_reason(model, scores, category))
    elif likelihood >= LEARNED_URGENT_NOW and (
        now := _urgent_sign(category, evidence.reading, evidence.cues, evidence.text)
    ):
        tier = "urgent"
        found[-1] = replace(found[-1], tier="urgent", context=(f"{note}; {now}, so urgent",))
    score = _banded(tier, 0.5 * likelihood + 0.25 * scores.urgent)
    return Assessment(True, tier, category, tuple(found), score)


def _urgency_reason(model: learned.Model, scores: learned.Scores, category: str) -> Reason:
    note = f"learned urgency {scores.urgent:.2f}: a person should act now"
    return Reason(learned.URGENT_RULE_ID, category, "urgent", ", ".join(model.top(scores, "urgent")), (note,))


def _best_reason(rule: Rule, patterns: Iterable[Matcher], reading: Reading, cues: Cues) -> Reason | None:
    """The highest-tier reading of a rule's matches (of `patterns`, those of its patterns whose words the
    text may hold), or None if nothing matched."""
    text, present = reading.text, reading.present
    # An all_of rule whose other words cannot be there is skipped before any search is run.
    if present is not None and any(not matcher.possible(present, text) for matcher in rule.also_needs):
        return None
    matches = (match for pattern in patterns for match in pattern.regex.finditer(text))
    first = next(matches, None)
    if first is None:
        return None
    # Only now look for an all_of rule's other words: they are usually common ("he", "older").
    extra = None if rule.same_sentence else _also_needed(rule, reading)
    if extra is None and not rule.same_sentence:
        return None
    best: Reason | None = None
    for match in chain((first,), matches):
        if rule.same_sentence:  # the other words must be in this match's sentence
            extra = _also_needed(rule, reading, reading.sentence_span(match.start()))
            if extra is None:
                continue
        reason = _judge(rule, match.group(0), match.span(), reading, cues)
        if extra:
            reason = replace(reason, words=" + ".join([reason.words, *extra]))
        if best is None or TIERS.index(reason.tier) > TIERS.index(best.tier):
            best = reason
        if best.tier == rule.tier:
            return best
    return best


def _also_needed(rule: Rule, reading: Reading, span: tuple[int, int] | None = None) -> list[str] | None:
    """For an all_of rule, the words that satisfied its other patterns (within `span` if given); None if
    one is missing."""
    found = []
    for pattern in rule.also_needs:
        words = next(
            (
                match.group(0)
                for match in pattern.finditer(reading.text, reading.present, span)
                if not reading.in_idiom(*match.span())
            ),
            None,
        )
        if words is None:
            return None
        found.append(words)
    return found


# What a plain joke does not set aside when the young person says it of themselves.
JOKE_KEEPS = frozenset({"suicide", "self_harm"})


def _judge(rule: Rule, words: str, span: tuple[int, int], reading: Reading, cues: Cues) -> Reason:
    """Applies the context checks to one match, lowering its tier one step per softening context."""
    start = span[0]
    reason = Reason(rule.id, rule.category, rule.tier, words, urgent_rule=rule.tier == "urgent")
    if not rule.literal and reading.in_idiom(*span):
        return replace(reason, tier="none", context=("figure of speech",))
    if denied := context.denial(reading, start, cues):
        return replace(reason, tier="none", context=(f"denied ({denied!r})",))
    notes: list[str] = []
    # The young person's own urgent risk never drops below review; someone else's can.
    floor = "review" if rule.tier == "urgent" else "none"
    if rule.about_self and (person := context.someone_else(reading, start, cues)):
        notes.append(f"{SOMEONE_ELSE} ({person!r})")
        reason = replace(reason, tier="review", category=rule.someone_else_category or rule.category)
        floor = "none"
        role = context.professional(reading, cues)
        # A worker's account of one young person's plan, attempt or missing episode keeps its tier.
        if role and (one := context.one_young_person(reading, start, cues)):
            notes.append(f"{ONE_YOUNG_PERSON} ({one!r})")
            reason = replace(reason, tier=rule.tier)
        # A worker describing their caseload is not a disclosure, unless it is happening now.
        elif role and not context.happening_now(reading, cues):
            notes.append(f"a worker about the people they support ({role!r})")
            reason = replace(reason, tier=_lower(reason.tier, floor))
        elif (helped := context.being_helped(reading, cues)) and not context.happening_now(reading, cues):
            notes.append(f"already getting help ({helped!r})")
            reason = replace(reason, tier=_lower(reason.tier, floor))
    elif not rule.about_self and _caseload(reading, start, cues):
        if one := context.one_young_person(reading, start, cues):
            notes.append(f"{ONE_YOUNG_PERSON} ({one!r})")
        else:
            notes.append("a worker about the people they support")
            reason = replace(reason, tier=_lower(reason.tier, floor))
    elif context.professional(reading, cues) and (many := context.general_remark(reading, start, cues)):
        notes.append(f"a worker's general remark about their caseload ({many!r})")
        return replace(reason, tier="none", context=tuple(notes))
    if story := context.about_media(reading, start, cues):
        notes.append(f"what a film, book or course is about ({story!r})")
        return replace(reason, tier="none", context=tuple(notes))
    # A joke said plainly sets the words aside, but the young person's own wish to die or hurt themselves
    # stays for a person to read: "i want to kill myself. just kidding" can hide a real worry.
    if (jest := context.joke(reading, start, cues)) and not context.happening_now(reading, cues):
        notes.append(f"said plainly to be a joke ({jest!r})")
        own_life = floor == "review" and reason.category in JOKE_KEEPS
        return replace(reason, tier="review" if own_life else "none", context=tuple(notes))
    softeners = [
        ("wondering, not telling", context.hypothetical(reading, start, cues)),
        ("a film, book, course or the news", _not_the_rules_own(context.media(reading, start, cues), reason)),
    ]
    for label, cue in softeners:
        if cue:
            notes.append(f"{label} ({cue!r})")
            reason = replace(reason, tier=_lower(reason.tier, floor))
    if then := context.past(reading, start, reason.category, cues):
        notes.append(then)
        reason = replace(reason, tier=_lower(reason.tier, floor))
    return replace(reason, context=tuple(notes))


def _not_the_rules_own(cue: str | None, reason: Reason) -> str | None:
    """A media word the rule's own words hold ("the tv is sending me messages") is what they are about, not a
    programme they are talking about: it softens nothing."""
    return None if cue and f" {cue} " in f" {reason.words} " else cue


def _caseload(reading: Reading, start: int, cues: Cues) -> bool:
    """A worker writing in their role about someone else ("several of our young people were exploited")."""
    return bool(
        context.someone_else(reading, start, cues)
        and context.professional(reading, cues)
        and not context.happening_now(reading, cues)
    )


def _lower(tier: str, floor: str) -> str:
    return TIERS[max(TIERS.index(tier) - 1, TIERS.index(floor))]


def _escalate(
    reasons: list[Reason], reading: Reading, cues: Cues, text: str, now_elsewhere: str | None = None
) -> list[Reason]:
    """Abuse, exploitation or a plan to die, plus a sign it is happening now, is immediate danger; any other
    concern happening now is urgent in its own category. A review with a sign for its category that it
    cannot wait (urgency.py: a plan or goodbye, a child with nowhere safe, a weapon ready) is urgent too. A
    worker's account of one young person counts as theirs (it kept its tier); any other context (denied,
    someone else, the past) does not escalate."""
    candidates = [
        reason
        for reason in reasons
        if reason.counts and all(note.startswith(ONE_YOUNG_PERSON) for note in reason.context)
    ]
    # A missing child, a child left alone, someone with nowhere safe or not safe in their own mind is urgent
    # whoever tells it: a pal, a parent, a neighbour.
    told = [
        reason
        for reason in reasons
        if reason.counts
        and reason.category in TOLD_BY_ANYONE
        and all(note.startswith((ONE_YOUNG_PERSON, SOMEONE_ELSE)) for note in reason.context)
    ]
    if not candidates and not told:
        return reasons
    # "Now" in English, or in the language a harm was named in ("teraz", "сейчас").
    now = context.happening_now(reading, cues) or now_elsewhere
    escalated = []
    for reason in reasons:
        if reason in candidates and now:
            category = "immediate_danger" if reason.category in cues.escalate else reason.category
            notes = (*reason.context, f"happening now ({now!r})")
            reason = replace(reason, tier="urgent", category=category, context=notes)
        elif (
            (reason in candidates or reason in told)
            and reason.tier == "review"
            and (hurry := urgency.reason_to_hurry(reason.category, reading, cues, text))
        ):
            reason = replace(reason, tier="urgent", context=(*reason.context, hurry))
        escalated.append(reason)
    return escalated
