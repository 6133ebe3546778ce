"""How many free-text answers the safeguarding detector classifies per second on one core.

    .venv/bin/python bench/safeguarding.py [--seconds 3]

The mix is mostly short answers (what SMS and most web answers are), some medium ones, and a few long
ones of several sentences, with roughly one in six a concern, as in a real survey. Prints one figure per
group and the overall rate. Goal: at least 5,000 texts a second.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.safeguarding.detector import RULES_VERSION, assess  # noqa: E402

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "safeguarding" / "heldout_cases.jsonl"

SHORT = [
    "n/a",
    "no comment",
    "its fine",
    "flat is damp",
    "worker never texts back",
    "this survey is killing me",
    "id kill for a bigger flat",
    "skint till payday",
    "aye its alright",
    "kms",
    "more help with budgeting please",
    "the bus to college costs too much",
]
SENTENCES = [
    "Moving into my own flat was scary at first but I've settled in now.",
    "My aftercare worker is good but she has too many young people to see.",
    "Universal credit was late twice this year and I had to use the food bank.",
    "The damp in the bedroom is making my wee one's chest bad and the landlord won't fix it.",
    "I'd like more help with forms, they're so long and the words are confusing.",
    "College has been the best bit, I'm doing an HNC and my tutor is sound.",
    "Honestly some nights I feel really low and there's nobody to phone.",
    "I've not seen my brothers since they moved me and nobody explains why.",
    "My pathway plan hasn't been updated in a year.",
    "The hostel staff are alright but it's noisy and I can't sleep.",
]


def answers(seed: int = 1) -> dict[str, list[str]]:
    """Short, medium (held-out cases) and long (several sentences) answers, mixed like a real survey."""
    chooser = random.Random(seed)
    medium = [json.loads(line)["text"] for line in HELDOUT.read_text().splitlines() if line.strip()]
    long = [" ".join(chooser.choices(SENTENCES, k=chooser.randint(6, 14))) for _ in range(40)]
    return {"short": SHORT * 4, "medium": medium, "long": long}


def rate(texts: list[str], seconds: float) -> tuple[float, float]:
    """Texts per CPU second and mean characters per text, classifying `texts` round and round.

    CPU time of this (single-threaded) process, not wall-clock time, so a busy machine does not
    make the detector look slower than one core runs it.
    """
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            assess(text)
        done += len(texts)
    elapsed = time.process_time() - start
    return done / elapsed, sum(map(len, texts)) / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU seconds spent on each group")
    seconds = parser.parse_args().seconds
    groups = answers()
    assess("warm up: load and compile the rules")
    print(f"Safeguarding detector, rules {RULES_VERSION}, one core (texts per CPU second)")
    # The survey mix: most answers are short, some medium, few long.
    mix = groups["short"] * 5 + groups["medium"] * 2 + groups["long"]
    random.Random(2).shuffle(mix)
    for name, texts in [*groups.items(), ("mixed", mix)]:
        per_second, mean_chars = rate(texts, seconds)
        print(f"  {name:<7}{len(texts):>4} texts, mean {mean_chars:>4.0f} chars: {per_second:>7,.0f} texts/s")


if __name__ == "__main__":
    main()
