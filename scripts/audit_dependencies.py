"""`make lint`'s vulnerability check: pip-audit over requirements.lock, or a clear skip when offline.

pip-audit asks PyPI's JSON API for each locked version's known vulnerabilities. Where that service cannot
be reached (no network, or a registry mirror without the JSON API), pip-audit would report every package
as "not found" and pass: that is not an audit, so this says it was skipped instead, and never fails a
build for lack of network. Where it is reached, any known vulnerability fails the build.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
# The per-version endpoint, which is the one pip-audit reads (some mirrors serve only the per-project one).
PROBE = "https://pypi.org/pypi/flask/3.0.0/json"


def advisories_reachable(timeout: float = 10) -> bool:
    try:
        with urllib.request.urlopen(PROBE, timeout=timeout) as response:  # noqa: S310 - a fixed https URL
            return "vulnerabilities" in json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main() -> int:
    if not advisories_reachable():
        print(f"pip-audit skipped: PyPI's advisory service ({PROBE}) cannot be reached from here.")
        return 0
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        *("--requirement", str(LOCK), "--require-hashes", "--disable-pip", "--strict"),
        *("--progress-spinner", "off"),
    ]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
