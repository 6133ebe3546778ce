"""Exports for the review team: scrubbed, formula-safe, banded files (CSV, Excel, SPSS) and their codebook.

Pure Python: nothing here knows about Flask or the database. A download view gathers rows, plans banding in
a first pass, then streams the rows through ``plan.apply`` into one of the writers.
"""

from survey_app.exports.banding import BandingPlan, BandingPlanner
from survey_app.exports.cells import safe_cell, xlsx_string
from survey_app.exports.codebook import write_codebook
from survey_app.exports.sav import write_sav
from survey_app.exports.scrub import scrub
from survey_app.exports.table import Column, Table
from survey_app.exports.writers import iter_csv, write_csv, write_xlsx

__all__ = [
    "BandingPlan",
    "BandingPlanner",
    "Column",
    "Table",
    "iter_csv",
    "safe_cell",
    "scrub",
    "write_codebook",
    "write_csv",
    "write_sav",
    "write_xlsx",
    "xlsx_string",
]
