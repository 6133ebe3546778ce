"""One way to start headless Chromium and run axe-core, shared by every browser test.

Debian's Chromium, not a downloaded browser (none can be fetched here); the flags stop it calling home,
which this machine's closed network would refuse. axe runs the WCAG 2.0, 2.1 and 2.2 A and AA rules, with
the WCAG 2.2 target-size rule switched on (axe leaves it off by default).
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
axe = Axe()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def violations(page) -> list[str]:
    """axe-core's violations on the page as shown now, one line each (rule, help, first place)."""
    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']}: {v['help']} at {v['nodes'][0]['target'] if v['nodes'] else '?'}" for v in found]
