"""Printing the area report to PDF with headless Chromium, which writes tagged PDF (headings, tables and
reading order a screen reader can follow) and an outline of the headings for navigation.

The page is written to a private temporary folder and printed from there: it loads nothing from the network
(its styles are inline, its charts are inline SVG), so the browser is started with networking off.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # runs as a service account, often root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
    "--export-tagged-pdf",
)
TIMEOUT_SECONDS = 120


class PdfFailed(RuntimeError):
    pass


def html_to_pdf(html: str, out: Path, chromium: str = "/usr/bin/chromium") -> None:
    """Write ``html`` as a PDF at ``out``. Raises PdfFailed with Chromium's own message if it cannot."""
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(folder) / "report.pdf"
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder}/profile",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfFailed(f"Chromium could not print the report: {error}") from error
        if result.returncode != 0 or not pdf.exists():
            raise PdfFailed(f"Chromium could not print the report (exit {result.returncode})")
        out.write_bytes(pdf.read_bytes())
