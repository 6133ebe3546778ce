"""Exports for the review team: scrubbed, formula-safe, banded files (CSV, Excel, SPSS) and their codebook.

Four modules gather a download: ``reading`` (the read-only connection), ``source`` (the rows), ``downloads``
(assembly, audit, the stored file) and ``models`` (the table of stored files). Everything else is pure Python
that knows nothing of Flask or the database: the gathered rows get a banding plan in a first pass, then
stream through ``plan.apply`` into one of the writers.
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
