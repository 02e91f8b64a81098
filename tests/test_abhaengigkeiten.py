"""The lock files are the truth about Python packages: they agree with pyproject.toml, carry a
hash for every package, and the environment the suite runs in is exactly the lock."""

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROD = ROOT / "requirements" / "prod.lock"
DEV = ROOT / "requirements" / "dev.lock"
EINTRAG = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def _lock(pfad: Path) -> dict[str, str]:
    """{canonical name: version} of a lock file; fails on an entry without a hash."""
    pins = {}
    zeilen = pfad.read_text().splitlines()
    for i, zeile in enumerate(zeilen):
        m = EINTRAG.match(zeile)
        if not m:
            continue
        assert zeile.rstrip().endswith("\\") and "--hash=sha256:" in zeilen[i + 1], (
            f"{pfad.name}: {m.group(1)} ohne Hash"
        )
        pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def _projekt() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _huelle(anforderungen: list[str], pins: dict[str, str]) -> set[str]:
    """Every package the requirements need, direct and transitive (with their extras), read
    from the installed metadata; a requirement whose pin does not satisfy it fails."""
    umgebung = default_environment()
    gesehen: set[tuple[str, str]] = set()
    offen = [(Requirement(a), "") for a in anforderungen]
    namen: set[str] = set()
    while offen:
        req, extra = offen.pop()
        if req.marker and not req.marker.evaluate({**umgebung, "extra": extra}):
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} fehlt im Lock (make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{req.name}: Lock hat {pins[name]}, verlangt ist {req.specifier} (make lock)"
        )
        namen.add(name)
        for ex in ["", *sorted(req.extras)]:
            if (name, ex) in gesehen:
                continue
            gesehen.add((name, ex))
            for abh in importlib.metadata.requires(req.name) or []:
                offen.append((Requirement(abh), ex))
    return namen


def test_every_lock_entry_is_pinned_with_a_hash():
    assert len(_lock(PROD)) > 20
    assert len(_lock(DEV)) > len(_lock(PROD))


def test_prod_lock_is_exactly_what_the_project_dependencies_need():
    pins = _lock(PROD)
    assert _huelle(_projekt()["dependencies"], pins) == set(pins)


def test_dev_lock_is_exactly_what_dependencies_and_test_tools_need():
    pins = _lock(DEV)
    projekt = _projekt()
    alle = projekt["dependencies"] + projekt["optional-dependencies"]["dev"]
    assert _huelle(alle, pins) == set(pins)


def test_dev_lock_uses_the_versions_of_the_prod_lock():
    prod, dev = _lock(PROD), _lock(DEV)
    assert {n: dev.get(n) for n in prod} == prod


def test_the_environment_is_exactly_the_dev_lock():
    """What runs these tests is what the lock says: no package more, none in another version."""
    installiert = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
        if canonicalize_name(d.metadata["Name"]) not in {"pip", "setuptools", "wheel"}
    }
    assert installiert == _lock(DEV)


def test_dockerfile_installs_the_prod_lock_with_hashes_and_passes_the_lint():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile and "requirements/prod.lock" in dockerfile
    assert "pyproject.toml" not in dockerfile
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        pytest.fail("hadolint fehlt, obwohl es im dev-Lock steht")
    lauf = subprocess.run(
        [hadolint, "--config", str(ROOT / ".hadolint.yaml"), str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert lauf.returncode == 0, lauf.stdout + lauf.stderr
