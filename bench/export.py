"""Benchmark: anonymised downloads of `leaving-care` at 10,000 and 100,000 responses.

Seeds a temporary SQLite database per size (`demo seed`, bulk inserts), then writes each format in a fresh
process, so that each figure is that download's own: wall time, peak resident memory above the process's
baseline (ru_maxrss), and peak Python allocation (tracemalloc, a second run, since tracing slows it down).
Streaming means the CSV and Excel figures should barely move from 10k to 100k responses. Before the formats,
a plain csv.writer over one SQL query of the same runs and answers gives the floor the CSV time is held to
(within twice that).

    .venv/bin/python bench/export.py [--sizes 10000,100000] [--formats csv,xlsx,sav]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_app(database: Path):
    from survey_app import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URL": f"sqlite:///{database}", "EXPORT_DIR": str(database.parent)}
    )


def seed(database: Path, responses: int) -> dict:
    from sqlmodel import SQLModel

    from survey_app.admin import demo

    app = make_app(database)
    SQLModel.metadata.create_all(app.extensions["db_engine"])
    started = time.perf_counter()
    with app.app_context():
        questionnaire = app.extensions["questionnaires"].get("leaving-care")
        answers = demo.seed(app.extensions["db_engine"], questionnaire, responses)
    return {"responses": responses, "answers": answers, "seconds": round(time.perf_counter() - started, 1)}


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak_rss() -> float:
    """Linux lets a process reset its own peak (VmHWM) by writing 5 to clear_refs; returns the RSS now."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def measure(database: Path, fmt: str, trace: bool) -> dict:
    """Run in a child process: one download, written to a file next to the database."""
    import tracemalloc

    from survey_app.exports import downloads

    app = make_app(database)
    with app.app_context():
        questionnaire = app.extensions["questionnaires"].get("leaving-care")
        baseline = _reset_peak_rss()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        prepared = downloads.prepare(questionnaire)
        planned = time.perf_counter()
        out = database.parent / f"out-{fmt}{downloads.FORMATS[fmt]}"
        downloads.write(prepared, fmt, out)
        finished = time.perf_counter()
        result = {
            "rows": prepared.rows,
            "seconds": round(finished - started, 2),
            "plan_seconds": round(planned - started, 2),
            "file_mb": round(out.stat().st_size / 1e6, 1),
            "rss_growth_mb": round(_status_mb("VmHWM") - baseline, 1),
        }
        if trace:
            result["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return result


def baseline(database: Path) -> dict:
    """The floor: one SQL query over the same runs and answers, decoded and written by a plain csv.writer,
    one row per run and one column per question, with no scrubbing, banding or formula safety."""
    import csv
    import json as json_module
    from itertools import groupby

    from survey_app.exports.source import _query

    app = make_app(database)
    with app.app_context():
        questionnaire = app.extensions["questionnaires"].get("leaving-care")
        order = [question.id for question in questionnaire.questions]
        started = time.perf_counter()
        out = database.parent / "baseline.csv"
        with app.extensions["db_engine"].connect() as connection, out.open("w", newline="") as fileobj:
            writer = csv.writer(fileobj)
            writer.writerow(["id", "state", "area", *order])
            result = connection.execution_options(stream_results=True, yield_per=2000).execute(
                _query(questionnaire.id)
            )
            rows = 0
            for run_id, group in groupby(result, key=lambda row: row[0]):
                values = {}
                first = None
                for row in group:
                    first = first or row
                    if row.question_id is not None:
                        values[row.question_id] = json_module.loads(row.value) if row.value else row.status
                writer.writerow([run_id, first.state, first.distribution, *(values.get(q) for q in order)])
                rows += 1
        return {"rows": rows, "seconds": round(time.perf_counter() - started, 2)}


def _child(database: Path, fmt: str, trace: bool) -> dict:
    command = [sys.executable, __file__, "--measure", str(database), fmt] + (["--trace"] if trace else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="csv,xlsx,sav")
    parser.add_argument("--measure", nargs=2, metavar=("DATABASE", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        database, fmt = Path(args.measure[0]), args.measure[1]
        print(json.dumps(baseline(database) if fmt == "baseline" else measure(database, fmt, args.trace)))
        return
    print(
        f"{'responses':>9} {'format':>6} {'rows':>7} {'time s':>7} {'plan s':>7} {'file MB':>8} "
        f"{'RSS +MB':>8} {'traced MB':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.db"
            seeded = seed(database, size)
            print(f"# seeded {size:,} responses ({seeded['answers']:,} answers) in {seeded['seconds']} s")
            floor = _child(database, "baseline", False)
            print(f"# plain csv.writer over one SQL query: {floor['rows']:,} rows in {floor['seconds']} s")
            for fmt in args.formats.split(","):
                timed, traced = _child(database, fmt, False), _child(database, fmt, True)
                if fmt == "csv":
                    ratio = timed["seconds"] / max(floor["seconds"], 0.01)
                    print(f"# csv download: {timed['seconds']} s, {ratio:.1f} times the plain writer")
                print(
                    f"{size:>9} {fmt:>6} {timed['rows']:>7} {timed['seconds']:>7} {timed['plan_seconds']:>7} "
                    f"{timed['file_mb']:>8} {timed['rss_growth_mb']:>8} {traced['traced_peak_mb']:>9}"
                )


if __name__ == "__main__":
    main()
