"""A fresh install gets exactly the packages we tested with: the lock files pin every package, with hashes,
and agree with the requirements they were generated from (`make lock`)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name)).lower()


def direct_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not pinned with =="
        pins[normalised(match[1])] = match[2]
    return pins


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """{package: (version, number of hashes)} of a lock file."""
    packages: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = normalised(match[1])
            packages[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = packages[current]
            packages[current] = (version, hashes + 1)
    return packages


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_direct_requirement_is_locked_at_its_pinned_version(requirements, lock):
    pins = direct_pins(ROOT / requirements)
    if requirements == "requirements-dev.txt":
        pins |= direct_pins(ROOT / "requirements.txt")
    packages = locked(ROOT / lock)
    stale = {name: (version, packages.get(name, ("missing", 0))[0]) for name, version in pins.items()}
    stale = {name: pair for name, pair in stale.items() if pair[0] != pair[1]}
    assert not stale, f"{lock} is out of date, run `make lock`: {stale}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock):
    packages = locked(ROOT / lock)
    assert len(packages) > 20
    assert [name for name, (_, hashes) in packages.items() if hashes == 0] == []


def test_the_dev_lock_installs_the_same_versions_as_the_run_lock():
    run, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {name: run[name][0] for name in run} == {name: dev[name][0] for name in run if name in dev}


def test_front_end_packages_are_locked_with_integrity_hashes():
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    wanted = manifest["dependencies"] | manifest.get("devDependencies", {})
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"package.json: {name} {version} is not an exact version"
        assert lock[f"node_modules/{name}"]["version"] == version, f"package-lock.json is out of date for {name}"
    installed = {path: entry for path, entry in lock.items() if path.startswith("node_modules/")}
    assert [path for path, entry in installed.items() if not entry.get("integrity", "").startswith("sha512-")] == []
