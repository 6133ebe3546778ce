"""How heavy a question page is on a first visit: every request, and bytes as they cross the wire.

    .venv/bin/python bench/page_weight.py [--url http://127.0.0.1:5000]

Without --url it starts gunicorn on a free loopback port with a temporary SQLite database. It walks through
the start page and consent to the first question, then loads that page the way a browser with an empty cache
does: the HTML, then every stylesheet, script, icon and image it refers to. Sizes are what is transferred
(compressed, if the server compresses), with and without response headers. Budget: 15 KB in 3 requests.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_journey import Respondent, load_questionnaire, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 15 * 1024
BUDGET_REQUESTS = 3
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "text/html,*/*"}
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def fetch(http, url: str) -> tuple[int, int, str]:
    """Body bytes as sent (not decompressed), header bytes, and the encoding."""
    response = http.get(url, headers=BROWSER_HEADERS, stream=True, timeout=30)
    body = response.raw.read(decode_content=False)
    head = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n") + sum(
        len(f"{name}: {value}\r\n") for name, value in response.headers.items()
    )
    return len(body), head + 2, response.headers.get("Content-Encoding", "identity")


def first_question_url(base: str) -> tuple[object, str, str]:
    """Consent in a fresh session; the session, the first question's URL and its HTML."""
    person = Respondent(base, 0, load_questionnaire(ROOT / "conversations" / "leaving-care.yaml"))
    path, html = person.consent()
    if not re.search(r"/s/[a-z0-9-]+/[0-9]+$", path):
        raise SystemExit(f"did not reach a question page (ended at {path})")
    return person.http, base + path, html


def measure(base: str) -> int:
    http, page_url, html = first_question_url(base)
    urls = [page_url] + [base + href for href in ASSET.findall(html) if not href.startswith("data:")]
    total_body = total_head = 0
    print(f"{'request':60} {'body':>7} {'headers':>8}  encoding")
    for url in urls:
        body, head, encoding = fetch(http, url)
        total_body, total_head = total_body + body, total_head + head
        print(f"{url.removeprefix(base):60} {body:7d} {head:8d}  {encoding}")
    total = total_body + total_head
    print(
        f"{'total: ' + str(len(urls)) + ' requests':60} {total_body:7d} {total_head:8d}  "
        f"= {total} bytes ({total / 1024:.1f} KB) with headers"
    )
    within = total <= BUDGET_BYTES and len(urls) <= BUDGET_REQUESTS
    print(f"budget {BUDGET_BYTES // 1024} KB in {BUDGET_REQUESTS} requests: {'within' if within else 'OVER'}")
    return 0 if within else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server to measure instead of starting gunicorn")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        base = args.url.rstrip("/") if args.url else stack.enter_context(serve(workers=1)).url
        return measure(base)


if __name__ == "__main__":
    sys.exit(main())
