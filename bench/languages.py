"""What reading answers in other languages costs: loading the lexicons, and each answer by its language.

    .venv/bin/python bench/languages.py [--rounds 20] [--profile LANGUAGE]

Load: CPU seconds, in this fresh process, to parse languages.yaml and build the reader (as the detector's
first call does), then the rest of that first call. Per answer: the mean CPU milliseconds of the reader
alone and of the whole detector on the answers of tests/safeguarding/*.jsonl, grouped by their `language`
field, over --rounds passes. --profile prints where the reader spends its time on one language's answers.
"""

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey_app.safeguarding import detector, learned  # noqa: E402


def by_language() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "tests" / "safeguarding").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                groups[case.get("language") or "unlabelled"].append(case["text"])
    return dict(sorted(groups.items(), key=lambda group: -len(group[1])))


def mean_ms(function, texts: list[str], rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        for text in texts:
            function(text)
    return (time.process_time() - start) * 1000 / (rounds * len(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", help="a `language` value: profile the reader on its answers")
    arguments = parser.parse_args()

    start = time.process_time()
    rules, model = detector.load_rules(), learned.load_model()  # the rules read languages.yaml too
    begun = time.process_time()
    reader = detector._reader(rules, model)
    loaded = time.process_time()
    detector.assess("I am fine, thank you.")
    done = time.process_time()
    print(
        f"Load (CPU s): rules and model {begun - start:.3f}, reader {loaded - begun:.3f}, "
        f"first detector call in all {done - start:.3f}"
    )

    groups = by_language()
    if arguments.profile:
        profile = cProfile.Profile()
        profile.runcall(mean_ms, reader.read, groups[arguments.profile], arguments.rounds)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
        return
    for texts in groups.values():  # each phrase a text needs compiled before the timing, as in a long run
        for text in texts:
            detector.assess(text)
    print(f"{'language':<11}{'answers':>8}{'reader ms':>11}{'detector ms':>13}")
    for name, texts in groups.items():
        read = mean_ms(reader.read, texts, arguments.rounds)
        whole = mean_ms(detector.assess, texts, max(1, arguments.rounds // 4))
        print(f"{name:<11}{len(texts):>8}{read:>11.3f}{whole:>13.3f}")


if __name__ == "__main__":
    main()
