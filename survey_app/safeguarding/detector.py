"""Does a free-text answer show that someone may not be safe? `assess(text)` says, and says why.

Rules and context lists live in rules.yaml (see its header for how a text is read); this module applies
them. Pure Python: no Flask, no database, no network, so it can run in any channel and in tests.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
# The learned layer alone raises `urgent` at this likelihood or above, for a risk to life only.
LEARNED_URGENT = 0.97
# With a sign it is happening now, any category, at this likelihood or above: a weak learned flag that says
# "tonight" is still a review, not a page in the night (training flags with a sign of now: 0.88-0.99).
LEARNED_URGENT_NOW = 0.85
URGENT_CATEGORIES = frozenset({"suicide", "immediate_danger"})
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


def assess(text: str, rules: RuleSet | None = None, use_learned: bool = True) -> Assessment:
    """Assesses one answer against the rules (by default the packaged rules.yaml) and the other languages'
    lexicons (languages.yaml); only if they found no concern, against the learned layer (learned.py). A text
    in a language none of them can read is a concern for a person to read. Every answer gets a score."""
    rules = rules or load_rules()
    foreign = _reader(rules).read(text) if text.strip() else languages.ENGLISH_READING
    normalised = (rules.normalise.literal if foreign.foreign else rules.normalise)(text)
    if not normalised and not foreign.harms and not foreign.unread:
        return NO_CONCERN
    reading = Reading.of(normalised, rules.idioms, rules.prefilter.present(normalised))
    reasons = _rule_reasons(reading, rules) if normalised else []
    if not any(reason.counts for reason in reasons) and (goodbye := _farewell(reading, rules.cues)):
        reasons.append(goodbye)
    reasons = _escalate(
        [*reasons, *map(_language_reason, foreign.harms)], reading, rules.cues, text, foreign.now
    )
    counted = [reason for reason in reasons if reason.counts]
    model = learned.load_model() if use_learned else None
    feats = learned.features(normalised) if model and normalised else []
    likelihood = model.probability(feats) if model and feats else 0.0
    if not counted:
        # Words the rules matched and set aside (denied, an idiom, a film, someone else) were judged in
        # context: the learned layer must not overrule that judgement with the same sentence.
        if model and not reasons and (flag := learned.flag_for(feats, likelihood, model)):
            return _learned_assessment(flag, _urgent_sign(flag.category, reading, rules.cues, text))
        if foreign.unread:
            return UNREAD
        score = 0.1 + 0.35 * likelihood if reasons else 0.45 * likelihood
        return Assessment(False, "none", "none", tuple(reasons), score)
    tier = max((reason.tier for reason in counted), key=TIERS.index)
    category = min(
        (reason.category for reason in counted if reason.tier == tier), key=rules.category_order.index
    )
    low, high = TIER_BAND[tier]
    score = low + (high - low) * (0.6 * likelihood + 0.4 * min(len(counted) - 1, 3) / 3)
    return Assessment(concern=True, tier=tier, category=category, reasons=tuple(reasons), score=score)


def _rule_reasons(reading: Reading, rules: RuleSet) -> list[Reason]:
    candidates = rules.candidates(reading.present, reading.text)
    return [
        reason
        for rule, patterns in candidates
        if (reason := _best_reason(rule, patterns, reading, rules.cues))
    ]


_READERS: dict[int, tuple[RuleSet, languages.Reader]] = {}


def _reader(rules: RuleSet) -> languages.Reader:
    """The other-language reader for a rule set, built once. English is every word the rules know, the
    everyday and dictionary words the speller keeps, and the learned layer's vocabulary (the answers it
    was trained on). Only whether a text is read depends on it: the other languages' lexicons always run."""
    if (cached := _READERS.get(id(rules))) is not None and cached[0] is rules:
        return cached[1]
    speller, model = rules.normalise.speller, learned.load_model()
    trained = {word for word in (model.concern.weights if model else ()) if " " not in word}
    english = rules.normalise.known_words | (speller.known if speller else frozenset()) | trained
    reader = languages.load_reader(frozenset(english))
    _READERS[id(rules)] = (rules, reader)
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


def _learned_assessment(flag: learned.Flag, now: str | None = None) -> Assessment:
    """The learned layer alone: a review, or urgent when its evidence for a risk to life is very strong, or
    strong and the text says why it cannot wait (`now`: happening now, a plan, a child): a worrying answer
    that says "right now" cannot wait a day."""
    strong_now = now is not None and flag.score >= LEARNED_URGENT_NOW
    urgent = (flag.score >= LEARNED_URGENT and flag.category in URGENT_CATEGORIES) or strong_now
    tier = "urgent" if urgent else "review"
    low, high = TIER_BAND[tier]
    score = low + (high - low) * 0.5 * flag.score
    return Assessment(True, tier, flag.category, (_learned_reason(flag, tier, now),), score)


def _learned_reason(flag: learned.Flag, tier: str = "review", now: str | None = None) -> Reason:
    note = f"learned score {flag.score:.2f}, not a rule: a person should read it"
    if tier == "urgent":
        why = now or f"{flag.score:.2f} is strong evidence of a risk to life"
        note += f"; {why}, so urgent"
    return Reason(learned.RULE_ID, flag.category, tier, ", ".join(flag.words), (note,))


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


def _judge(rule: Rule, words: str, span: tuple[int, int], reading: Reading, cues: Cues) -> Reason:
    """Applies the context checks to one match, lowering its tier one step per softening context."""
    start = span[0]
    reason = Reason(rule.id, rule.category, rule.tier, words)
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
