"""The return as a Word document, both ways, in the layout of the template authorities already use.

Each section is a first-level heading followed by its guidance, exemplar and illustration; each question is
a second-level heading with the answer under it (paragraphs, the evaluation's words, or an evidence table).
Reading a completed template finds each question by its heading, so colleagues may add paragraphs and tables
rows and still have every answer matched.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from survey_app.engine import Questionnaire, TypeName
from survey_app.engine.answers import N_, InvalidAnswer, clean_text, parse_evidence
from survey_app.engine.questionnaire import EVALUATION_SCALE, Question

EVIDENCE_HEADINGS = ("Title", "What it shows", "Where it is held")
MAX_UPLOAD = 10 * 1024 * 1024
# A zip holds far more than it weighs: text deflates a thousandfold. The XML is parsed whole into a tree many
# times its size, and each paragraph costs the reader about half a millisecond, so both are limited before
# reading. A long completed return is well under 1 MB of XML and a few hundred paragraphs.
MAX_XML = 4 * 1024 * 1024
MAX_BLOCKS = 5000


def evaluation_words(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else ""


def write_return(
    questionnaire: Questionnaire, answers: dict[str, str], authority: str, note: str = ""
) -> bytes:
    document = docx.Document()
    document.add_heading(questionnaire.title, level=0)
    document.add_paragraph(f"Local authority: {authority}")
    if questionnaire.closes:
        document.add_paragraph(f"Deadline: {questionnaire.closes:%d %B %Y}")
    if note:
        document.add_paragraph(note)
    for section in questionnaire.sections:
        document.add_heading(section.title, level=1)
        for label, text in (("Guidance", section.guidance), ("Exemplar", section.exemplar)):
            if text:
                document.add_heading(label, level=3)
                document.add_paragraph(text, style="Quote")
        if section.illustration:
            document.add_heading("Illustration", level=3)
            for point in section.illustration:
                document.add_paragraph(point, style="List Bullet")
        for question in (q for q in questionnaire.questions if q.section == section.id):
            document.add_heading(question.text, level=2)
            _write_answer(document, question, answers.get(question.id, ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_answer(document, question: Question, value: str) -> None:
    if question.type == TypeName.EVIDENCE:
        rows = json.loads(value) if value else []
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, EVIDENCE_HEADINGS, strict=True):
            cell.text = heading
        for row in rows or [{}]:
            cells = table.add_row().cells
            for cell, key in zip(cells, ("title", "shows", "held"), strict=True):
                cell.text = row.get(key, "")
    elif question.type == TypeName.EVALUATION:
        choices = ", ".join(evaluation_words(v) for v in EVALUATION_SCALE)
        document.add_paragraph(f"Choose one: {choices}.", style="Caption")
        document.add_paragraph(evaluation_words(value), style="Body Text")
    else:
        for paragraph in value.split("\n\n") if value else [""]:
            document.add_paragraph(paragraph, style="Body Text")


class Unreadable(StrEnum):
    """Why an uploaded file could not be read; the upload form says it in the reader's language."""

    TOO_BIG = "too_big"
    NOT_DOCX = "not_docx"


class UploadError(ValueError):
    """The file is not a Word document we can read; ``reason`` says why."""

    def __init__(self, reason: Unreadable) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass
class Reading:
    """What a completed template said: answers by question id, and what could not be matched."""

    answers: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def _normal(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def read_return(questionnaire: Questionnaire, data: bytes) -> Reading:
    if len(data) > MAX_UPLOAD:
        raise UploadError(Unreadable.TOO_BIG)
    _refuse_what_unpacks_too_big(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UploadError(Unreadable.NOT_DOCX) from None
    by_text = {_normal(q.text): q for q in questionnaire.questions}
    reading, question, parts, rows = Reading(), None, [], []
    for count, block in enumerate(document.iter_inner_content()):
        if count >= MAX_BLOCKS:
            raise UploadError(Unreadable.TOO_BIG)
        if isinstance(block, Paragraph) and block.style.name.startswith(("Heading", "Title")):
            _finish(reading, question, parts, rows)
            question, parts, rows = _match(by_text, block.text, reading, block.style.name), [], []
        elif question is not None and isinstance(block, Table):
            rows.extend(tuple(c.text for c in r.cells[:3]) for r in block.rows[1:] if len(r.cells) >= 3)
        elif question is not None and isinstance(block, Paragraph) and block.style.name != "Caption":
            parts.append(block.text)
    _finish(reading, question, parts, rows)
    return reading


def _refuse_what_unpacks_too_big(data: bytes) -> None:
    """The sizes the zip declares (reading a part stops at its declared size, so they cannot lie)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise UploadError(Unreadable.NOT_DOCX) from None
    xml = sum(part.file_size for part in parts if part.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML or sum(part.file_size for part in parts) > 4 * MAX_UPLOAD:
        raise UploadError(Unreadable.TOO_BIG)


def _match(by_text: dict[str, Question], heading: str, reading: Reading, style: str) -> Question | None:
    if style != "Heading 2" or not heading.strip():
        return None
    key = _normal(heading)
    close = by_text.get(key) or next(
        iter(difflib.get_close_matches(key, list(by_text), n=1, cutoff=0.85)), None
    )
    if isinstance(close, str):
        close = by_text[close]
    if close is None:
        reading.unmatched.append(clean_text(heading)[:200])
    return close


def _finish(reading: Reading, question: Question | None, parts: list[str], rows: list[tuple]) -> None:
    if question is None:
        return
    if question.type == TypeName.EVIDENCE:
        try:
            evidence = parse_evidence(list(rows))
            if evidence:
                reading.answers[question.id] = json.dumps(evidence, ensure_ascii=False)
        except InvalidAnswer as problem:
            reading.problems[question.id] = problem.message
    elif question.type == TypeName.EVALUATION:
        said = _normal(" ".join(parts))
        found = [v for v in EVALUATION_SCALE if _normal(evaluation_words(v)) == said]
        if found:
            reading.answers[question.id] = found[0]
        elif said:
            reading.problems[question.id] = N_(
                "Write one of: excellent, very good, good, adequate, weak, unsatisfactory."
            )
    else:
        text = clean_text("\n\n".join(p.strip() for p in parts if p.strip()))
        if text:
            reading.answers[question.id] = text
