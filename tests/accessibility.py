"""One way to start headless Chromium and run axe-core, shared by every browser test.

Debian's Chromium, not a downloaded browser (none can be fetched here); the flags stop it calling home,
which this machine's closed network would refuse. axe runs the WCAG 2.0, 2.1 and 2.2 A and AA rules, with
the WCAG 2.2 target-size rule switched on (axe leaves it off by default).
"""

from __future__ import annotations

from pathlib import Path

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


# --- HTML_CodeSniffer: a second, independent checker --------------------------------------------------
# axe passed a page whose radio group had lost its label; HTML_CodeSniffer (pa11y's other runner) caught it.
# `make test` fetches it from the npm registry into the virtual environment (see the Makefile).
CODESNIFFER = Path(__file__).resolve().parent.parent / ".venv" / "htmlcs" / "HTMLCS.js"
_RUN_CODESNIFFER = """() => new Promise(resolve => {
  // HTML_CodeSniffer never calls back when one of its own checks throws (it does on some inputs), so a
  // crash or a stall is reported as a problem instead of leaving the test waiting for ever.
  const stalled = setTimeout(() => resolve([{code: 'HTMLCS', message: 'did not finish', where: ''}]), 20000);
  const crashed = event => {
    clearTimeout(stalled);
    resolve([{code: 'HTMLCS', message: 'crashed: ' + event.message, where: ''}]);
  };
  window.addEventListener('error', crashed, {once: true});
  try {
    HTMLCS.process('WCAG2AA', document, () => {
      clearTimeout(stalled);
      window.removeEventListener('error', crashed);
      resolve(HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({
        code: m.code, message: m.msg,
        where: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 120) : ''
      })));
    });
  } catch (error) {
    crashed(error);
  }
})"""


def codesniffer_errors(page) -> list[str]:
    """HTML_CodeSniffer's WCAG 2 AA errors on the page as shown now, one line each (code, message, place).

    Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
    """
    if not page.evaluate("() => typeof HTMLCS !== 'undefined'"):
        page.evaluate(CODESNIFFER.read_text(encoding="utf-8") + "\n;window.HTMLCS = HTMLCS;")
    found = page.evaluate(_RUN_CODESNIFFER)
    return [f"{f['code']}: {f['message']} at {f['where']}" for f in found]


# Both checkers wait on promises that the page's own timers settle, and Playwright's evaluate has no timeout:
# in a context with JavaScript switched off no timer ever fires, so the wait never ended (the co-design
# browser test hung this way in CI). A timer is tried first, under a timeout, so that is a clear failure.
_A_TIMER_FIRES = "() => new Promise(resolve => setTimeout(() => resolve(true), 0))"


def scripts_run(page) -> None:
    """Fail at once, saying why, when the page's JavaScript is off (the checkers would wait for ever)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_A_TIMER_FIRES, timeout=5000)
    except PlaywrightTimeout:
        raise AssertionError(
            "axe-core and HTML_CodeSniffer need the page's JavaScript: check this page in a browser context "
            "with JavaScript on (a context made with java_script_enabled=False would wait for ever)"
        ) from None


def accessibility_problems(page) -> list[str]:
    """Both checkers on the page as shown now: axe-core's violations and HTML_CodeSniffer's errors."""
    scripts_run(page)
    return violations(page) + codesniffer_errors(page)
