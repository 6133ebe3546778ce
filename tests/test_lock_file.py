"""requirements.lock pins every runtime dependency, with hashes, within pyproject.toml's bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def locked() -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if match:
            pins[match[1].lower().replace("_", "-")] = (
                match[2],
                re.findall(r"--hash=sha256:[0-9a-f]{64}", block),
            )
    return pins


def test_every_runtime_dependency_is_locked_with_a_hash_inside_its_bounds():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = locked()
    for line in declared:
        requirement = Requirement(line)
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in requirements.lock: run make lock"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version), (
            f"{name}=={version} is outside {requirement.specifier}"
        )
        assert hashes, f"{name} has no hash"
